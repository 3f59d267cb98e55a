package dev.flashbank.integration.tests.cpu;

import java.util.Arrays;

import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.CoreRegisters;

/**
 * The architectural state both implementations report after every instruction: R0-R15, xPSR (APSR, EPSR with
 * IT/ICI and T, IPSR), the privilege of the current mode (CONTROL.nPRIV in thread mode) and, when the trace carries
 * them, S0-S31 and FPSCR. MSP/PSP, CONTROL and PRIMASK/BASEPRI/FAULTMASK are not in QEMU 7.2's log, nor in its
 * gdbstub (the M-profile target description has an empty org.qemu.gdb.arm.sys.regs feature; "monitor info
 * registers" prints the log's fields); the corpus reads them with MRS into general registers, where they are
 * compared, and R13 is the selected stack pointer after every instruction. The privilege is null where the source
 * does not report it (QEMU's gdbstub).
 */
record ArchState(int[] r, int xpsr, Boolean privileged, int[] s, int fpscr) {

    static final int NO_FP = 0;

    int pc() {
        return r[15];
    }

    int ipsr() {
        return xpsr & 0x1FF;
    }

    boolean hasFp() {
        return s != null;
    }

    static ArchState of(CortexMCore core, boolean withFp) {
        CoreRegisters regs = core.registers();
        int[] r = new int[16];
        for (int i = 0; i < 16; i++) {
            r[i] = regs.r(i);
        }
        int[] s = null;
        if (withFp) {
            s = new int[32];
            for (int i = 0; i < 32; i++) {
                s[i] = regs.s(i);
            }
        }
        return new ArchState(r, regs.xpsr(), core.privileged(), s, withFp ? regs.fpscr() : NO_FP);
    }

    /** Whether {@code other} agrees; FP registers only when both carry them. */
    boolean sameAs(ArchState other) {
        if (!Arrays.equals(r, other.r) || xpsr != other.xpsr || !samePrivilege(other)) {
            return false;
        }
        return !hasFp() || !other.hasFp() || Arrays.equals(s, other.s) && fpscr == other.fpscr;
    }

    private boolean samePrivilege(ArchState other) {
        return privileged == null || other.privileged == null || privileged.equals(other.privileged);
    }

    /** The registers that differ, "name: this / other" each. */
    String differences(ArchState other) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (r[i] != other.r[i]) {
                sb.append(String.format("  r%d: %08x / %08x%n", i, r[i], other.r[i]));
            }
        }
        if (xpsr != other.xpsr) {
            sb.append(String.format("  xpsr: %08x / %08x%n", xpsr, other.xpsr));
        }
        if (!samePrivilege(other)) {
            sb.append(String.format("  privileged: %b / %b%n", privileged, other.privileged));
        }
        if (hasFp() && other.hasFp()) {
            for (int i = 0; i < 32; i++) {
                if (s[i] != other.s[i]) {
                    sb.append(String.format("  s%d: %08x / %08x%n", i, s[i], other.s[i]));
                }
            }
            if (fpscr != other.fpscr) {
                sb.append(String.format("  fpscr: %08x / %08x%n", fpscr, other.fpscr));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(String.format("r%-2d=%08x%s", i, r[i], i % 4 == 3 ? "\n" : " "));
        }
        sb.append(String.format("xpsr=%08x %s%n", xpsr,
                privileged == null ? "" : privileged ? "privileged" : "unprivileged"));
        if (hasFp()) {
            for (int i = 0; i < 32; i++) {
                sb.append(String.format("s%-2d=%08x%s", i, s[i], i % 8 == 7 ? "\n" : " "));
            }
            sb.append(String.format("fpscr=%08x%n", fpscr));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchState a && sameAs(a) && hasFp() == a.hasFp();
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r) ^ xpsr;
    }
}
