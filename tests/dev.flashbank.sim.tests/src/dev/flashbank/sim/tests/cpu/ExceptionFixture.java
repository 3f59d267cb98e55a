package dev.flashbank.sim.tests.cpu;

import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CoreRegisters;
import dev.flashbank.sim.cpu.CortexMCore;

/**
 * A core over 64 KiB of RAM at 0 for exception-model and debug tests: a vector table whose exception {@code n} goes to
 * its own {@code B .} at {@link #handler(int)} (so the PC says which handler runs), thread code at {@link #CODE},
 * data at {@link #DATA}, the main stack at {@link #STACK}, 32 interrupt lines. The core has taken its reset.
 * Instructions are the halfwords arm-none-eabi-as -mcpu=cortex-m7 -mthumb assembles (the source is the comment).
 */
final class ExceptionFixture {

    static final int CODE = 0x1000, HANDLERS = 0x2000, DATA = 0x4000, PROCESS_STACK = 0x6000, STACK = 0x8000;
    static final int LINES = 32;

    static final int SVC_1 = 0xDF01; // svc #1
    static final int NOP = 0xBF00; // nop
    static final int BX_LR = 0x4770; // bx lr
    static final int B_SELF = 0xE7FE; // b .
    static final int UDF_0 = 0xDE00; // udf #0
    static final int BKPT_0 = 0xBE00; // bkpt #0
    static final int BKPT_AB = 0xBEAB; // bkpt #0xab
    static final int WFI = 0xBF30; // wfi
    static final int WFE = 0xBF20; // wfe
    static final int SEV = 0xBF40; // sev
    static final int MOVS_R0_1 = 0x2001; // movs r0, #1
    static final int ADDS_R0_1 = 0x3001; // adds r0, #1
    static final int ADDS_R1_1 = 0x3101; // adds r1, #1
    static final int STR_R1_R2 = 0x6011; // str r1, [r2, #0]
    static final int LDR_R1_R2 = 0x6811; // ldr r1, [r2, #0]
    static final int BX_R0 = 0x4700; // bx r0
    static final int CPSIE_I = 0xB662; // cpsie i

    final RamBus bus = new RamBus(0, 0x1_0000);
    final CortexMCore core;
    final CoreRegisters regs;

    ExceptionFixture(CoreProfile profile) {
        bus.write32(0, STACK);
        bus.write32(4, CODE | 1);
        for (int n = 2; n < 16 + LINES; n++) {
            bus.write32(4 * n, handler(n) | 1);
            bus.load(handler(n), B_SELF);
        }
        core = new CortexMCore(profile, bus, CortexMCore.Parameters.stm32(profile, LINES));
        regs = core.registers();
        core.takeReset(0);
    }

    static ExceptionFixture m7() {
        return new ExceptionFixture(CoreProfile.CORTEX_M7_DP);
    }

    static ExceptionFixture m4() {
        return new ExceptionFixture(CoreProfile.CORTEX_M4F);
    }

    static ExceptionFixture m0plus() {
        return new ExceptionFixture(CoreProfile.CORTEX_M0_PLUS);
    }

    /** Where the handler of exception {@code n} is (its vector's target). */
    static int handler(int n) {
        return HANDLERS + 0x20 * n;
    }

    ExceptionFixture code(int... halfwords) {
        bus.load(CODE, halfwords);
        return this;
    }

    ExceptionFixture handlerCode(int n, int... halfwords) {
        bus.load(handler(n), halfwords);
        return this;
    }

    /** A system register as a debugger reads it. */
    int ppb(long address) {
        return core.privatePeripheralBus().debugRead(address);
    }

    /** A debugger's word write to a system register. */
    void ppbWrite(long address, int value) {
        core.privatePeripheralBus().debugWrite(address, value, -1);
    }

    /** {@code n} calls of {@link CortexMCore#step()}; returns the cycles. */
    int steps(int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += core.step();
        }
        return c;
    }

    int pc() {
        return regs.pc();
    }
}
