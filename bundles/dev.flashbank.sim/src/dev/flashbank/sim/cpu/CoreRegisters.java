package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_CONTROL_PRIMASK;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_FPSCR;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_MSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_S0;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_SP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_XPSR;

/**
 * The architectural register state of a Cortex-M core (ARMv7-M ARM B1.4): R0-R12, the banked stack pointers, LR, PC,
 * the xPSR split into its fields, the special registers and the FP extension's S0-S31 and FPSCR.
 * <p>
 * The fields are package-private and mutable on purpose: the instruction set implementation reads and writes them on
 * every instruction, so they are plain fields, not accessors. Conventions the whole package keeps:
 * <ul>
 * <li>{@code r[15]} holds the address of the instruction being executed; an instruction that reads the PC as an
 * operand adds 4 itself (Thumb: "PC reads as the instruction address + 4", A5.1.2). {@code r[13]} is the stack pointer
 * in use; the banked other one is {@link #inactiveSp}, swapped by {@link #selectProcessStack}.</li>
 * <li>The flags are booleans, GE a 4-bit value, ITSTATE the 8-bit IT[7:0] (A7.3).</li>
 * <li>{@code s[i]} is the raw IEEE-754 bit pattern of S<i>i</i>; double register D<i>n</i> is
 * {@code s[2n+1]:s[2n]} (A2.5.2).</li>
 * </ul>
 * The debugger's view of the same state, DCRSR register numbers (C1.6.3), is {@link #readRegsel} / {@link #writeRegsel}.
 */
public final class CoreRegisters {

    final int[] r = new int[16];
    /** The banked stack pointer not in use: PSP while {@code r[13]} is MSP and the reverse. */
    int inactiveSp;
    /** True while {@code r[13]} is the process stack pointer (thread mode with CONTROL.SPSEL = 1). */
    boolean onProcessStack;

    boolean n, z, c, v, q;
    /** APSR.GE[3:0] (DSP extension). */
    int ge;
    /** IPSR: the exception number being handled, 0 in thread mode. */
    int ipsr;
    /** EPSR.IT[7:0]: the IT block state; 0 outside an IT block. */
    int itstate;
    /** EPSR.T: the core executes only in Thumb state; clearing it makes the next instruction fault (INVSTATE). */
    boolean thumb = true;

    /** CONTROL: nPRIV (bit 0), SPSEL (bit 1), FPCA (bit 2). */
    int control;
    boolean primask, faultmask;
    /** BASEPRI[7:0] as stored (only the implemented priority bits are kept by the exception model). */
    int basepri;

    final int[] s = new int[32];
    int fpscr;

    public int pc() {
        return r[15];
    }

    public void setPc(int address) {
        r[15] = address;
    }

    public int r(int i) {
        return r[i];
    }

    public void setR(int i, int value) {
        r[i] = value;
    }

    public int msp() {
        return onProcessStack ? inactiveSp : r[13];
    }

    public int psp() {
        return onProcessStack ? r[13] : inactiveSp;
    }

    public void setMsp(int value) {
        if (onProcessStack) {
            inactiveSp = value & ~3;
        } else {
            r[13] = value & ~3;
        }
    }

    public void setPsp(int value) {
        if (onProcessStack) {
            r[13] = value & ~3;
        } else {
            inactiveSp = value & ~3;
        }
    }

    /** Makes {@code r[13]} the process (true) or main (false) stack pointer, banking the other one. */
    public void selectProcessStack(boolean process) {
        if (process != onProcessStack) {
            int t = r[13];
            r[13] = inactiveSp;
            inactiveSp = t;
            onProcessStack = process;
        }
    }

    /** APSR (N Z C V Q and GE), EPSR (ICI/IT, T) and IPSR as one xPSR value (B1.4.2). */
    public int xpsr() {
        int x = (n ? 1 << 31 : 0) | (z ? 1 << 30 : 0) | (c ? 1 << 29 : 0) | (v ? 1 << 28 : 0) | (q ? 1 << 27 : 0);
        x |= (itstate & 3) << 25;
        x |= ((itstate >>> 2) & 0x3F) << 10;
        x |= thumb ? 1 << 24 : 0;
        x |= (ge & 0xF) << 16;
        return x | (ipsr & 0x1FF);
    }

    public void setXpsr(int x) {
        n = x < 0;
        z = (x & (1 << 30)) != 0;
        c = (x & (1 << 29)) != 0;
        v = (x & (1 << 28)) != 0;
        q = (x & (1 << 27)) != 0;
        itstate = ((x >>> 25) & 3) | (((x >>> 10) & 0x3F) << 2);
        thumb = (x & (1 << 24)) != 0;
        ge = (x >>> 16) & 0xF;
        ipsr = x & 0x1FF;
    }

    /** CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0], the DCRSR REGSEL 20 word (C1.6.3). */
    public int specialRegisters() {
        return (control & 0xFF) << 24 | (faultmask ? 1 << 16 : 0) | (basepri & 0xFF) << 8 | (primask ? 1 : 0);
    }

    public int control() {
        return control;
    }

    public int ipsr() {
        return ipsr;
    }

    public int s(int i) {
        return s[i];
    }

    public void setS(int i, int bits) {
        s[i] = bits;
    }

    public int fpscr() {
        return fpscr;
    }

    /** The register a DCRSR REGSEL names, as a debugger reads it (ARMv7-M ARM C1.6.3). */
    public int readRegsel(int sel) {
        if (sel >= 0 && sel < REGSEL_SP) {
            return r[sel];
        }
        if (sel == REGSEL_SP || sel == 14) {
            return r[sel];
        }
        if (sel == REGSEL_PC) {
            return r[15];
        }
        if (sel == REGSEL_XPSR) {
            return xpsr();
        }
        if (sel == REGSEL_MSP) {
            return msp();
        }
        if (sel == REGSEL_PSP) {
            return psp();
        }
        if (sel == REGSEL_CONTROL_PRIMASK) {
            return specialRegisters();
        }
        if (sel == REGSEL_FPSCR) {
            return fpscr;
        }
        if (sel >= REGSEL_S0 && sel < REGSEL_S0 + 32) {
            return s[sel - REGSEL_S0];
        }
        return 0; // reserved selectors read UNKNOWN; 0 here
    }

    /** A debugger's DCRSR write of {@code value} to the register {@code sel} names (C1.6.3). */
    public void writeRegsel(int sel, int value) {
        if (sel >= 0 && sel < REGSEL_SP || sel == 14) {
            r[sel] = value;
        } else if (sel == REGSEL_SP) {
            r[13] = value & ~3;
        } else if (sel == REGSEL_PC) {
            r[15] = value & ~1;
        } else if (sel == REGSEL_XPSR) {
            setXpsr(value);
        } else if (sel == REGSEL_MSP) {
            setMsp(value);
        } else if (sel == REGSEL_PSP) {
            setPsp(value);
        } else if (sel == REGSEL_CONTROL_PRIMASK) {
            primask = (value & 1) != 0;
            basepri = (value >>> 8) & 0xFF;
            faultmask = (value & (1 << 16)) != 0;
            control = (value >>> 24) & 7;
            selectProcessStack(ipsr == 0 && (control & 2) != 0);
        } else if (sel == REGSEL_FPSCR) {
            fpscr = value;
        } else if (sel >= REGSEL_S0 && sel < REGSEL_S0 + 32) {
            s[sel - REGSEL_S0] = value;
        }
    }

    /** The reset values (B1.5.5 TakeReset): everything 0, LR = 0xFFFF_FFFF, MSP and PC from the vector table. */
    public void reset(int initialSp, int resetVector) {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(s, 0);
        inactiveSp = 0;
        onProcessStack = false;
        n = z = c = v = q = false;
        ge = 0;
        ipsr = 0;
        itstate = 0;
        control = 0;
        primask = faultmask = false;
        basepri = 0;
        fpscr = 0;
        r[13] = initialSp & ~3;
        r[14] = 0xFFFF_FFFF;
        r[15] = resetVector & ~1;
        thumb = (resetVector & 1) != 0;
    }
}
