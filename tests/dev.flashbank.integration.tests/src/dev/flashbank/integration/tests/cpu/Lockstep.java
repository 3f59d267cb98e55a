package dev.flashbank.integration.tests.cpu;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * Flashbank's {@link CortexMCore} running a corpus program over {@link CorpusMemory}, advanced one instruction per
 * QEMU state and compared with it.
 * <p>
 * Alignment: QEMU takes a pending exception between two instructions without logging a state of its own (the
 * state after the instruction that pended it is already the handler's first), while the simulated core may take
 * the exception entry as a step of its own ({@link CortexMCore#step()}: "one instruction or one pending
 * exception"). So when the states disagree in IPSR - the exception being handled - the simulated core gets ONE more
 * step to make its entry, return or tail-chain; anything still different is a divergence.
 */
final class Lockstep {

    final CorpusProgram program;
    final CorpusMemory memory;
    final CortexMCore core;
    private ArchState state;
    /** Exception entries or returns the simulated core took as a step of their own. */
    long extraSteps;
    /** Exception entries where R0-R3/R12 and the APSR (UNKNOWN) were taken from QEMU. */
    long unknownAdopted;
    /** Stores of the last {@link #advance} (including an extra step): address, length pairs. */
    private final int[] stores = new int[1024];
    private int storeCount;

    Lockstep(CorpusProgram program) {
        this.program = program;
        this.memory = program.memory();
        // MPS2 and microbit on QEMU have 32 external interrupts. ARMv7-M: QEMU 7.2 implements 8 priority bits, an
        // STM32 4 - the corpus sets priorities in the top 4 bits only, where both agree. ARMv6-M: 2 bits on both.
        this.core = new CortexMCore(program.profile(), memory, CortexMCore.Parameters.stm32(program.profile(), 32));
        core.takeReset(0); // VTOR = 0: the vector table at the start of SSRAM1, as QEMU's armv7m reset reads it
        this.state = ArchState.of(core, program.floatingPoint());
    }

    /**
     * TakeReset leaves the APSR UNKNOWN (ARMv7-M ARM B1.5.5: "APSR = bits(32) UNKNOWN"); QEMU starts with Z set (its
     * zeroed CPU state keeps Z inverted). The simulated core adopts QEMU's reset APSR - N Z C V Q and GE - so
     * the first flag-reading instruction compares like with like.
     */
    void adoptUnknownResetApsr(ArchState qemu) {
        int apsr = 0xF80F_0000;
        core.registers().setXpsr(core.registers().xpsr() & ~apsr | qemu.xpsr() & apsr);
        state = ArchState.of(core, program.floatingPoint());
    }

    ArchState state() {
        return state;
    }

    /**
     * Steps the simulated core to the state QEMU reports next ({@code expected}); returns null when they agree, else
     * the divergence report (the instruction, both states, the differences).
     */
    String advance(ArchState expected, long instructionNumber) {
        ArchState before = state;
        storeCount = 0;
        step();
        ArchState first = state;
        if (!state.sameAs(expected) && state.ipsr() != expected.ipsr()) {
            step();
            extraSteps++;
        }
        if (!state.sameAs(expected) && state.pc() == expected.pc() && isExceptionEntry(before, expected)) {
            adoptUnknownAtEntry(expected);
        }
        if (state.sameAs(expected)) {
            return null;
        }
        String report = report(before, first, expected, instructionNumber);
        return first == state ? report : report + "Flashbank after its extra step:\n" + state;
    }

    /** Whether {@code after} is the first instruction of a handler entered from {@code before}. */
    private boolean isExceptionEntry(ArchState before, ArchState after) {
        int n = after.ipsr();
        // the corpus keeps VTOR = 0 (crt0.S vector table at the start of SSRAM1)
        return n != 0 && n != before.ipsr() && after.pc() == (memory.read32(4 * n) & ~1);
    }

    /**
     * ExceptionTaken (ARMv7-M ARM B1.5.6, ARMv6-M ARM DDI 0419 B1.5.6) leaves R0-R3, R12 and the APSR UNKNOWN in
     * the handler ("APSR = bits(32) UNKNOWN; // Flags UNPREDICTABLE due to other activations"): QEMU keeps them when
     * it tail-chains (they still hold the previous handler's values), an implementation that unstacks and stacks
     * again has the interrupted code's. The simulated core adopts QEMU's values there: R0-R3, R12 and the APSR's
     * N Z C V Q and GE (IPSR and EPSR are defined and still compared).
     */
    private void adoptUnknownAtEntry(ArchState qemu) {
        for (int i : new int[] { 0, 1, 2, 3, 12 }) {
            core.registers().setR(i, qemu.r()[i]);
        }
        int apsr = 0xF80F_0000;
        core.registers().setXpsr(core.registers().xpsr() & ~apsr | qemu.xpsr() & apsr);
        state = ArchState.of(core, program.floatingPoint());
        unknownAdopted++;
    }

    private void step() {
        memory.clearWrites();
        core.step();
        for (int i = 0; i < memory.writeCount() && storeCount < stores.length / 2; i++) {
            stores[2 * storeCount] = memory.writeAddress(i);
            stores[2 * storeCount + 1] = memory.writeLength(i);
            storeCount++;
        }
        state = ArchState.of(core, program.floatingPoint());
    }

    int storeCount() {
        return storeCount;
    }

    int storeAddress(int i) {
        return stores[2 * i];
    }

    int storeLength(int i) {
        return stores[2 * i + 1];
    }

    String report(ArchState before, ArchState ours, ArchState qemu, long instructionNumber) {
        int pc = before.pc();
        String halfwords;
        try {
            halfwords = String.format("%04x %04x", memory.read16(pc), memory.read16(pc + 2));
        } catch (RuntimeException e) {
            halfwords = "(unreadable)";
        }
        return String.format("%s: divergence after instruction #%d at 0x%08x [%s] %s%n"
                + "simulated core stopReason=%s lockedUp=%b%n%s"
                + "differences (Flashbank / QEMU):%n%s"
                + "state before:%n%s"
                + "Flashbank after:%n%s"
                + "QEMU after:%n%s",
                program.name(), instructionNumber, pc, halfwords, program.disassembly(pc), core.stopReason(),
                core.isLockedUp(), systemRegisters(), ours.differences(qemu), before, ours, qemu);
    }

    /** The simulated core's exception state as a debugger reads it: ICSR, SHCSR, CFSR, NVIC ISPR0/IABR0/ISER0. */
    private String systemRegisters() {
        var ppb = core.privatePeripheralBus();
        return String.format("simulated ICSR=%08x SHCSR=%08x CFSR=%08x ISER0=%08x ISPR0=%08x IABR0=%08x%n",
                ppb.debugRead(0xE000_ED04L), ppb.debugRead(0xE000_ED24L), ppb.debugRead(0xE000_ED28L),
                ppb.debugRead(0xE000_E100L), ppb.debugRead(0xE000_E200L), ppb.debugRead(0xE000_E300L));
    }

    /** The first address in [start, start+length) where {@code qemu} and the simulated memory differ, or -1. */
    int firstDifference(int start, byte[] qemu) {
        byte[] ours = memory.bytes(start, qemu.length);
        for (int i = 0; i < qemu.length; i++) {
            if (ours[i] != qemu[i]) {
                return start + i;
            }
        }
        return -1;
    }
}
