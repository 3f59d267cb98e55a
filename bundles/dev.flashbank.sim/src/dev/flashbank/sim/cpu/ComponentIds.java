package dev.flashbank.sim.cpu;

/**
 * The CoreSight identification registers of the processor's debug components, which a debugger reads after walking
 * the ROM table (ARMv7-M ARM C1.2.3; CoreSight architecture "Component and Peripheral ID registers"): PIDR4 at
 * 0xFD0, PIDR0-3 at 0xFE0-0xFEC, CIDR0-3 at 0xFF0-0xFFC of each 4 KiB block. The ROM table itself is served by the
 * MEM-AP ({@code sim.jtag.MemAp}); these are the blocks it points to: ITM 0xE000_0000, DWT 0xE000_1000, FPB
 * 0xE000_2000, SCS 0xE000_E000.
 * <p>
 * Part numbers from the processors' TRMs (Cortex-M7: SCS 0x00C, DWT 0x002, FPB 0x00E, ITM 0x001; Cortex-M4: SCS
 * 0x00C, DWT 0x002, FPB 0x003, ITM 0x001; Cortex-M0+: SCS 0x008, DWT 0x00A, BPU 0x00B, no ITM); designer ARM (JEP106
 * 0x43B), component class 0xE (generic IP). The revision fields (PIDR2[7:4]) read 0: UNCONFIRMED per silicon
 * revision; tools identify components by designer and part number.
 */
final class ComponentIds {

    private static final int ID_BLOCK = 0xFD0;
    private static final int[] CIDR = { 0x0D, 0xE0, 0x05, 0xB1 };

    private ComponentIds() {
    }

    /** The ID register at {@code address} of a processor component, or -1 when {@code address} is none. */
    static int read(CoreProfile profile, int address) {
        int offset = address & 0xFFF;
        if (offset < ID_BLOCK) {
            return -1;
        }
        int part = partNumber(profile, address & ~0xFFF);
        if (part < 0) {
            return -1;
        }
        int index = (offset - ID_BLOCK) >>> 2; // 0-3 PIDR4-7, 4-7 PIDR0-3, 8-11 CIDR0-3
        return switch (index) {
            case 0 -> 0x04; // PIDR4: JEP106 continuation code 4 (ARM), one 4 KiB block
            case 4 -> part & 0xFF;
            case 5 -> 0xB0 | (part >>> 8) & 0xF; // PIDR1: JEP106 ID[3:0] = 0xB
            case 6 -> 0x0B; // PIDR2: JEDEC, JEP106 ID[6:4] = 0b011
            case 8, 9, 10, 11 -> CIDR[index - 8];
            default -> 0;
        };
    }

    private static int partNumber(CoreProfile profile, int block) {
        boolean m7 = profile.partno() == dev.flashbank.core.device.cortexm.CortexM.PARTNO_CORTEX_M7;
        boolean v6 = !profile.armv7m();
        return switch (block) {
            case 0xE000_E000 -> v6 ? 0x008 : 0x00C;
            case 0xE000_1000 -> v6 ? 0x00A : 0x002;
            case 0xE000_2000 -> v6 ? 0x00B : m7 ? 0x00E : 0x003;
            case 0xE000_0000 -> v6 ? -1 : 0x001;
            default -> -1;
        };
    }
}
