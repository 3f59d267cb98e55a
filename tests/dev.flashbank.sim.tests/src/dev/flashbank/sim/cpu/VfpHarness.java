package dev.flashbank.sim.cpu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives {@link Vfp} directly - one coprocessor instruction at a time, as the Thumb decoder hands it over - on a
 * core whose bus is 4 KiB of RAM at {@link #RAM}. The encodings in the tests come from
 * {@code arm-none-eabi-as -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb} and objdump, with the assembly
 * text beside them.
 */
final class VfpHarness {

    static final int RAM = 0x2000_0000;
    static final int RAM_SIZE = 4096;

    final byte[] ram = new byte[RAM_SIZE];
    final CortexMCore core;
    final CoreRegisters regs;

    VfpHarness(CoreProfile profile) {
        this.core = new CortexMCore(profile, new CpuBus() {
            @Override
            public int read8(int address) {
                return ram[offset(address, 1, false)] & 0xFF;
            }

            @Override
            public int read16(int address) {
                return read8(address) | read8(address + 1) << 8;
            }

            @Override
            public int read32(int address) {
                return read16(address) | read16(address + 2) << 16;
            }

            @Override
            public void write8(int address, int value) {
                ram[offset(address, 1, true)] = (byte) value;
            }

            @Override
            public void write16(int address, int value) {
                write8(address, value);
                write8(address + 1, value >>> 8);
            }

            @Override
            public void write32(int address, int value) {
                write16(address, value);
                write16(address + 2, value >>> 16);
            }

            private int offset(int address, int size, boolean write) {
                int o = address - RAM;
                if (o < 0 || o + size > RAM_SIZE) {
                    throw new BusFault(address, write, "nothing at 0x" + Integer.toHexString(address));
                }
                return o;
            }
        });
        this.regs = core.regs;
        if (profile.fpu().present() && !core.fpuAccessAllowed()) {
            core.memory().write32(CPACR, 0x00F0_0000); // CP10 and CP11 full access, as start-up code grants it
        }
    }

    /** CPACR, the coprocessor access control register (ARMv7-M ARM B3.2.20). */
    static final int CPACR = 0xE000_ED88;

    VfpHarness() {
        this(CoreProfile.CORTEX_M7_DP);
    }

    /** Executes the instruction {@code hw1:hw2} given as one 32-bit value (objdump's "eeb0 0a40" = 0xEEB00A40). */
    int run(int encoding) {
        return core.vfp.execute(encoding >>> 16, encoding & 0xFFFF);
    }

    void assertFault(int encoding, CpuFault.Kind kind) {
        assertThatThrownBy(() -> run(encoding)).isInstanceOfSatisfying(CpuFault.class,
                f -> org.assertj.core.api.Assertions.assertThat(f.kind()).isEqualTo(kind));
    }

    void s(int i, float value) {
        regs.s[i] = Float.floatToRawIntBits(value);
    }

    float s(int i) {
        return Float.intBitsToFloat(regs.s[i]);
    }

    void d(int i, double value) {
        dBits(i, Double.doubleToRawLongBits(value));
    }

    double d(int i) {
        return Double.longBitsToDouble(dBits(i));
    }

    void dBits(int i, long bits) {
        regs.s[2 * i] = (int) bits;
        regs.s[2 * i + 1] = (int) (bits >>> 32);
    }

    long dBits(int i) {
        return (long) regs.s[2 * i + 1] << 32 | (regs.s[2 * i] & 0xFFFF_FFFFL);
    }

    void word(int address, int value) {
        int o = address - RAM;
        ram[o] = (byte) value;
        ram[o + 1] = (byte) (value >>> 8);
        ram[o + 2] = (byte) (value >>> 16);
        ram[o + 3] = (byte) (value >>> 24);
    }

    int word(int address) {
        int o = address - RAM;
        return ram[o] & 0xFF | (ram[o + 1] & 0xFF) << 8 | (ram[o + 2] & 0xFF) << 16 | (ram[o + 3] & 0xFF) << 24;
    }

    /** FPSCR.RMode values. */
    static final int RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22;
    static final int FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
    static final int IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
    static final int EXCEPTION_FLAGS = 0x9F;

    /** The cumulative exception flags in FPSCR. */
    int flags() {
        return regs.fpscr & EXCEPTION_FLAGS;
    }
}
