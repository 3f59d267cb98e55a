package dev.flashbank.sim.tests.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CoreRegisters;
import dev.flashbank.sim.cpu.CortexMCore;

/**
 * A core over 64 KiB of RAM at address 0 for instruction tests: a vector table whose every exception goes to a
 * {@code B .} at {@link #FAULT_HANDLER}, code at {@link #CODE}, data at {@link #DATA}, the main stack at
 * {@link #STACK}. Tests put halfwords (taken from arm-none-eabi-as output) at CODE and step them.
 */
final class ThumbTestCore {

    static final int FAULT_HANDLER = 0x0800;
    static final int CODE = 0x1000;
    static final int DATA = 0x4000;
    static final int STACK = 0x8000;
    static final int RAM_SIZE = 0x1_0000;
    /** CFSR (ARMv7-M ARM B3.2.15) and its UFSR bits. */
    static final int CFSR = 0xE000_ED28;
    static final int CFSR_UNDEFINSTR = 1 << 16, CFSR_INVSTATE = 1 << 17, CFSR_NOCP = 1 << 19,
            CFSR_UNALIGNED = 1 << 24, CFSR_DIVBYZERO = 1 << 25;
    static final int N = 1 << 31, Z = 1 << 30, C = 1 << 29, V = 1 << 28, Q = 1 << 27, T = 1 << 24;

    final RamBus bus = new RamBus(0, RAM_SIZE);
    final CortexMCore core;
    final CoreRegisters regs;
    private int end = CODE;

    ThumbTestCore(CoreProfile profile) {
        bus.write32(0, STACK);
        bus.write32(4, CODE | 1);
        for (int n = 2; n < 48; n++) {
            bus.write32(4 * n, FAULT_HANDLER | 1);
        }
        bus.load(FAULT_HANDLER, 0xE7FE); // b .
        core = new CortexMCore(profile, bus);
        regs = core.registers();
        regs.setXpsr(T);
        regs.setR(13, STACK);
        regs.setPc(CODE);
    }

    static ThumbTestCore m7() {
        return new ThumbTestCore(CoreProfile.CORTEX_M7_DP);
    }

    static ThumbTestCore m4() {
        return new ThumbTestCore(CoreProfile.CORTEX_M4F);
    }

    static ThumbTestCore m0plus() {
        return new ThumbTestCore(CoreProfile.CORTEX_M0_PLUS);
    }

    /** Places the instructions at CODE and points PC there. */
    ThumbTestCore code(int... halfwords) {
        bus.load(CODE, halfwords);
        end = CODE + 2 * halfwords.length;
        regs.setPc(CODE);
        return this;
    }

    ThumbTestCore r(int i, int value) {
        regs.setR(i, value);
        return this;
    }

    int r(int i) {
        return regs.r(i);
    }

    /** Sets APSR to exactly {@code flags} (N Z C V Q bits of xPSR), keeping T. */
    ThumbTestCore flags(int flags) {
        regs.setXpsr(regs.xpsr() & ~0xF80F_0000 | flags);
        return this;
    }

    int flags() {
        return regs.xpsr() & 0xF800_0000;
    }

    int ge() {
        return (regs.xpsr() >>> 16) & 0xF;
    }

    ThumbTestCore ge(int ge) {
        regs.setXpsr(regs.xpsr() & ~0x000F_0000 | (ge & 0xF) << 16);
        return this;
    }

    /** IT[7:0] from xPSR. */
    int itstate() {
        int x = regs.xpsr();
        return ((x >>> 10) & 0x3F) << 2 | (x >>> 25) & 3;
    }

    ThumbTestCore step() {
        core.step();
        return this;
    }

    ThumbTestCore step(int count) {
        for (int i = 0; i < count; i++) {
            core.step();
        }
        return this;
    }

    /** Steps until PC reaches the end of the code (straight-line code), at most 100 instructions. */
    ThumbTestCore run() {
        for (int i = 0; i < 100 && regs.pc() != end; i++) {
            core.step();
        }
        assertThat(regs.pc()).as("PC after the code").isEqualTo(end);
        return this;
    }

    int word(int address) {
        return bus.read32(address);
    }

    ThumbTestCore word(int address, int value) {
        bus.write32(address, value);
        return this;
    }

    int cfsr() {
        return core.memory().read32(CFSR);
    }

    /** The exception frame's stacked PC (ARMv7-M ARM B1.5.6: R0-R3, R12, LR, ReturnAddress, xPSR). */
    int stackedPc() {
        return bus.read32(regs.r(13) + 24);
    }

    /** Asserts the instruction faulted into the handler: PC at the handler, the stacked PC the instruction's. */
    void assertFaulted(int faultingPc) {
        assertThat(regs.pc()).as("PC in the fault handler").isEqualTo(FAULT_HANDLER);
        assertThat(stackedPc()).as("stacked PC: the faulting instruction").isEqualTo(faultingPc);
    }
}
