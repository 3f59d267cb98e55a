package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.ACTLR;
import static dev.flashbank.core.device.cortexm.CortexM.AFSR;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_PRIGROUP;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_SYSRESETREQ;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_VECTCLRACTIVE;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_VECTKEY;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_VECTRESET;
import static dev.flashbank.core.device.cortexm.CortexM.BFAR;
import static dev.flashbank.core.device.cortexm.CortexM.CCR;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_BP;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_DIV_0_TRP;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_NONBASETHRDENA;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_STKALIGN;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_UNALIGN_TRP;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_USERSETMPEND;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_BFARVALID;
import static dev.flashbank.core.device.cortexm.CortexM.CPACR;
import static dev.flashbank.core.device.cortexm.CortexM.CPACR_CP10;
import static dev.flashbank.core.device.cortexm.CortexM.CPACR_CP11;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID_IMPLEMENTER;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID_PARTNO;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID_REVISION;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID_VARIANT;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR;
import static dev.flashbank.core.device.cortexm.CortexM.FPCAR;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR_ASPEN;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR_LSPEN;
import static dev.flashbank.core.device.cortexm.CortexM.FPDSCR;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_ISRPENDING;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_NMIPENDSET;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSTCLR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSTSET;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSVCLR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSVSET;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_RETTOBASE;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_VECTACTIVE;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_VECTPENDING;
import static dev.flashbank.core.device.cortexm.CortexM.ICTR;
import static dev.flashbank.core.device.cortexm.CortexM.ICTR_INTLINESNUM;
import static dev.flashbank.core.device.cortexm.CortexM.MMFAR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_ALIASES_END;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_CTRL;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RASR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RBAR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RNR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_TYPE;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_TYPE_DREGION;
import static dev.flashbank.core.device.cortexm.CortexM.MVFR0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_IPR0;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ISER0;
import static dev.flashbank.core.device.cortexm.CortexM.PARTNO_CORTEX_M4;
import static dev.flashbank.core.device.cortexm.CortexM.PARTNO_CORTEX_M7;
import static dev.flashbank.core.device.cortexm.CortexM.SCR;
import static dev.flashbank.core.device.cortexm.CortexM.SCR_SEVONPEND;
import static dev.flashbank.core.device.cortexm.CortexM.SCR_SLEEPONEXIT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_BUSFAULTACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_BUSFAULTENA;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_BUSFAULTPENDED;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_MEMFAULTACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_MEMFAULTENA;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_MEMFAULTPENDED;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_MONITORACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_PENDSVACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_SVCALLACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_SVCALLPENDED;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_SYSTICKACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_USGFAULTACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_USGFAULTENA;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_USGFAULTPENDED;
import static dev.flashbank.core.device.cortexm.CortexM.SHPR1;
import static dev.flashbank.core.device.cortexm.CortexM.SHPR3;
import static dev.flashbank.core.device.cortexm.CortexM.STIR;
import static dev.flashbank.core.device.cortexm.CortexM.VECTKEY;
import static dev.flashbank.core.device.cortexm.CortexM.VTOR;
import static dev.flashbank.core.device.cortexm.CortexM.VTOR_TBLOFF;
import static dev.flashbank.core.device.cortexm.CortexM.SCR_SLEEPDEEP;

/**
 * The system control space at 0xE000_E000-0xE000_EFFF (ARMv7-M ARM B3.2, B3.4, B3.5; ARMv6-M ARM B3.2): the system
 * control block (CPUID, ICSR, VTOR, AIRCR, SCR, CCR, SHPR1-3, SHCSR, the fault status and address registers, CPACR,
 * the FP context registers and MVFR0-2 on FP parts, ICTR, ACTLR, STIR), the MPU's registers as storage (the MPU does
 * not check accesses here: pass-through), and the decode of the NVIC, SysTick and debug registers that share the
 * block. Reset by a system reset (the debug registers are not: {@link HaltingDebug}).
 */
final class SystemControlBlock {

    static final int VTOR_MASK = VTOR_TBLOFF.mask();
    static final int BFARVALID = CFSR_BFARVALID.mask();
    private static final int VECTKEYSTAT = 0xFA05; // AIRCR reads back the key inverted (B3.2.6)
    private static final int MPU_REGIONS = 8; // Cortex-M0+/M4/M7 with the 8-region MPU option (the parts simulated here have it)
    private static final int FPCCR_WRITABLE = 0xC000_01FB; // LSPACT USER THREAD HFRDY MMRDY BFRDY MONRDY LSPEN ASPEN
    static final int FPDSCR_WRITABLE = 0x07C0_0000; // AHP DN FZ RMode (B3.2.24)

    private final CortexMCore core;
    private final Nvic nvic;
    private final CoreProfile profile;
    private final boolean v7;
    private final int cpuid;
    int vtor;
    int scr;
    int ccr;
    int shcsrEnables;
    int cfsr;
    int hfsr;
    int mmfar;
    int bfar;
    int cpacr;
    int fpccr;
    int fpcar;
    int fpdscr;
    int actlr;
    int mpuCtrl;
    int mpuRnr;
    final int[] mpuRbar = new int[MPU_REGIONS];
    final int[] mpuRasr = new int[MPU_REGIONS];

    SystemControlBlock(CortexMCore core, int cpuid) {
        this.core = core;
        this.nvic = core.nvic;
        this.profile = core.profile;
        this.v7 = profile.armv7m();
        this.cpuid = cpuid;
    }

    /**
     * CPUID of a usual revision of the profile's processor (a part with another revision says so in the core's
     * parameters): Cortex-M7 r1p0 (0x411F_C270, PM0253 §4.3.1), Cortex-M4
     * r0p1 (0x410F_C241, PM0214 §4.4.1), Cortex-M0+ r0p1 (0x410C_C601, PM0223 §4.3.1). ARCHITECTURE [19:16]: 0xF for
     * ARMv7-M, 0xC for ARMv6-M.
     */
    static int cpuid(CoreProfile profile) {
        int v = CPUID_IMPLEMENTER.encode(0x41) | CPUID_PARTNO.encode(profile.partno());
        v |= (profile.armv7m() ? 0xF : 0xC) << 16;
        if (profile.partno() == PARTNO_CORTEX_M7) {
            return v | CPUID_VARIANT.encode(1);
        }
        return v | CPUID_REVISION.encode(1);
    }

    void reset() {
        vtor = 0;
        scr = 0;
        // STKALIGN resets to 1 on Cortex-M4 r0p1+ and Cortex-M7 (and is fixed on ARMv6-M, where UNALIGN_TRP is RAO);
        // the Cortex-M7 has branch prediction on from reset (Cortex-M7 TRM 4.1: CCR reset 0x0004_0200)
        ccr = CCR_STKALIGN.mask() | (v7 ? 0 : CCR_UNALIGN_TRP.mask())
                | (profile.partno() == PARTNO_CORTEX_M7 ? CCR_BP.mask() : 0);
        shcsrEnables = 0;
        cfsr = 0;
        hfsr = 0;
        mmfar = 0;
        bfar = 0;
        cpacr = 0;
        fpccr = profile.fpu().present() ? FPCCR_ASPEN.mask() | FPCCR_LSPEN.mask() : 0;
        fpcar = 0;
        fpdscr = 0;
        actlr = 0;
        mpuCtrl = 0;
        mpuRnr = 0;
        java.util.Arrays.fill(mpuRbar, 0);
        java.util.Arrays.fill(mpuRasr, 0);
    }

    // ====================================================================== what the core asks

    boolean unalignedTrap() {
        return CCR_UNALIGN_TRP.isSet(ccr);
    }

    boolean divideByZeroTrap() {
        return v7 && CCR_DIV_0_TRP.isSet(ccr);
    }

    boolean stackAlign8() {
        return CCR_STKALIGN.isSet(ccr);
    }

    boolean nonBaseThreadEnable() {
        return v7 && CCR_NONBASETHRDENA.isSet(ccr);
    }

    boolean sleepOnExit() {
        return SCR_SLEEPONEXIT.isSet(scr);
    }

    boolean sevOnPend() {
        return SCR_SEVONPEND.isSet(scr);
    }

    /** CPACR.CP10: 0b01 privileged only, 0b11 full access; 0b00 and the reserved 0b10 deny (B3.2.20). */
    boolean coprocessorAccess(boolean privileged) {
        int cp10 = CPACR_CP10.extract(cpacr);
        return cp10 == 3 || cp10 == 1 && privileged;
    }

    boolean automaticFpState() {
        return FPCCR_ASPEN.isSet(fpccr);
    }

    /** SHCSR.MEMFAULTENA / BUSFAULTENA / USGFAULTENA for the configurable faults; other exceptions are always on. */
    boolean faultEnabled(int n) {
        return switch (n) {
            case Nvic.MEM_MANAGE -> SHCSR_MEMFAULTENA.isSet(shcsrEnables);
            case Nvic.BUS_FAULT -> SHCSR_BUSFAULTENA.isSet(shcsrEnables);
            case Nvic.USAGE_FAULT -> SHCSR_USGFAULTENA.isSet(shcsrEnables);
            default -> true;
        };
    }

    // ====================================================================== registers

    private static final int SYSTICK_BASE = 0xE000_E010, SYSTICK_END = 0xE000_E020;
    private static final int NVIC_BASE = (int) NVIC_ISER0.address(), NVIC_END = (int) NVIC_IPR0.address() + 0x1F0;

    /** A word of the system control space; {@code debugger}: the access comes from the debug port. */
    int read(int a, boolean debugger) {
        if (a >= SYSTICK_BASE && a < SYSTICK_END) {
            return core.sysTick.read(a);
        }
        if (a >= NVIC_BASE && a < NVIC_END) {
            return nvic.readRegister(a - NVIC_BASE);
        }
        if (core.debug.handles(a)) {
            return core.debug.read(a);
        }
        if (a == (int) DFSR.address()) {
            return core.debug.readDfsr();
        }
        if (a == (int) CPUID.address()) {
            return cpuid;
        }
        if (a == (int) ICSR.address()) {
            return readIcsr();
        }
        if (a == (int) VTOR.address()) {
            return vtor;
        }
        if (a == (int) AIRCR.address()) {
            return AIRCR_VECTKEY.encode(VECTKEYSTAT) | (v7 ? AIRCR_PRIGROUP.encode(nvic.prigroup) : 0);
        }
        if (a == (int) SCR.address()) {
            return scr;
        }
        if (a == (int) CCR.address()) {
            return ccr;
        }
        if (a >= (int) SHPR1.address() && a <= (int) SHPR3.address()) {
            int index = (a - (int) SHPR1.address()) >>> 2;
            return v7 || index > 0 ? nvic.readShpr(index) : 0;
        }
        if (a == (int) SHCSR.address()) {
            return readShcsr();
        }
        if (v7) {
            Integer f = readFaultStatus(a);
            if (f != null) {
                return f;
            }
        }
        if (a == (int) ICTR.address()) {
            return v7 ? ICTR_INTLINESNUM.encode((nvic.lines + 31) / 32 - 1) : 0;
        }
        if (a == (int) ACTLR.address()) {
            return actlr;
        }
        if (a >= (int) MPU_TYPE.address() && a < (int) MPU_ALIASES_END) {
            return readMpu(a);
        }
        if (profile.fpu().present()) {
            if (a == (int) CPACR.address()) {
                return cpacr;
            }
            if (a == (int) FPCCR.address()) {
                return fpccr;
            }
            if (a == (int) FPCAR.address()) {
                return fpcar;
            }
            if (a == (int) FPDSCR.address()) {
                return fpdscr;
            }
            if (a >= (int) MVFR0_ADDRESS && a < (int) MVFR0_ADDRESS + 12) {
                return mediaAndFpFeature((a - (int) MVFR0_ADDRESS) >>> 2);
            }
        }
        return 0; // reserved and unimplemented registers read as zero
    }

    private Integer readFaultStatus(int a) {
        if (a == (int) CFSR.address()) {
            return cfsr;
        }
        if (a == (int) HFSR.address()) {
            return hfsr;
        }
        if (a == (int) MMFAR.address()) {
            return mmfar;
        }
        if (a == (int) BFAR.address()) {
            return bfar;
        }
        if (a == (int) AFSR.address()) {
            return 0; // no implementation-defined auxiliary faults
        }
        return null;
    }

    /**
     * MVFR0-2 (B4.1.2): the FP features of the profile - FPv4-SP (Cortex-M4 TRM 7.3: 0x1011_0021, 0x1100_0011),
     * FPv5 single / double precision (Cortex-M7 TRM 3.3: 0x1011_0021 / 0x1011_0221, 0x1200_0011, 0x0000_0040).
     */
    private int mediaAndFpFeature(int index) {
        CoreProfile.Fpu fpu = profile.fpu();
        return switch (index) {
            case 0 -> fpu.doublePrecision() ? 0x1011_0221 : 0x1011_0021;
            case 1 -> fpu.fpv5() ? 0x1200_0011 : 0x1100_0011;
            default -> fpu.fpv5() ? 0x0000_0040 : 0;
        };
    }

    private int readIcsr() {
        int v = ICSR_VECTACTIVE.encode(core.regs.ipsr & 0x1FF);
        v |= nvic.othersActive(core.regs.ipsr) ? 0 : ICSR_RETTOBASE.mask();
        v |= ICSR_VECTPENDING.encode(nvic.highestPending());
        boolean irqPending = false;
        for (int n = Nvic.IRQ0; n < nvic.exceptions() && !irqPending; n++) {
            irqPending = nvic.pending[n];
        }
        v |= irqPending ? ICSR_ISRPENDING.mask() : 0;
        v |= nvic.pending[Nvic.SYSTICK] ? ICSR_PENDSTSET.mask() : 0;
        v |= nvic.pending[Nvic.PENDSV] ? ICSR_PENDSVSET.mask() : 0;
        v |= nvic.pending[Nvic.NMI] ? ICSR_NMIPENDSET.mask() : 0;
        return v;
    }

    private static final int[][] SHCSR_BITS = {
            { Nvic.MEM_MANAGE, 0, SHCSR_MEMFAULTACT.lsb(), SHCSR_MEMFAULTPENDED.lsb() },
            { Nvic.BUS_FAULT, 0, SHCSR_BUSFAULTACT.lsb(), SHCSR_BUSFAULTPENDED.lsb() },
            { Nvic.USAGE_FAULT, 0, SHCSR_USGFAULTACT.lsb(), SHCSR_USGFAULTPENDED.lsb() },
            { Nvic.SVCALL, 1, SHCSR_SVCALLACT.lsb(), SHCSR_SVCALLPENDED.lsb() },
            { Nvic.DEBUG_MONITOR, 0, SHCSR_MONITORACT.lsb(), -1 },
            { Nvic.PENDSV, 0, SHCSR_PENDSVACT.lsb(), -1 },
            { Nvic.SYSTICK, 0, SHCSR_SYSTICKACT.lsb(), -1 } };

    /** SHCSR: the active and pending bits of the system handlers and the fault enables (ARMv6-M: SVCALLPENDED only). */
    private int readShcsr() {
        int v = v7 ? shcsrEnables : 0;
        for (int[] b : SHCSR_BITS) {
            if (!v7 && b[1] == 0) {
                continue;
            }
            v |= nvic.active[b[0]] && v7 ? 1 << b[2] : 0;
            v |= b[3] >= 0 && nvic.pending[b[0]] ? 1 << b[3] : 0;
        }
        return v;
    }

    private void writeShcsr(int value) {
        int enables = SHCSR_MEMFAULTENA.mask() | SHCSR_BUSFAULTENA.mask() | SHCSR_USGFAULTENA.mask();
        if (v7) {
            shcsrEnables = value & enables;
        }
        for (int[] b : SHCSR_BITS) {
            if (!v7 && b[1] == 0) {
                continue;
            }
            if (v7) {
                // the active bits are writable so that an RTOS can restore a context (B3.2.13): not counted as entry
                if ((value & 1 << b[2]) != 0) {
                    nvic.activate(b[0]);
                } else {
                    nvic.deactivate(b[0]);
                }
            }
            if (b[3] >= 0) {
                if ((value & 1 << b[3]) != 0) {
                    nvic.setPending(b[0]);
                } else {
                    nvic.clearPending(b[0]);
                }
            }
        }
    }

    private int readMpu(int a) {
        if (a == (int) MPU_TYPE.address()) {
            return MPU_TYPE_DREGION.encode(MPU_REGIONS);
        }
        if (a == (int) MPU_CTRL.address()) {
            return mpuCtrl;
        }
        if (a == (int) MPU_RNR.address()) {
            return mpuRnr;
        }
        boolean rbar = ((a - (int) MPU_RBAR.address()) & 7) == 0; // RBAR, RBAR_A1.. at +8, RASR(_An) 4 after
        int region = mpuRnr % MPU_REGIONS;
        return rbar ? mpuRbar[region] | region : mpuRasr[region];
    }

    private void writeMpu(int a, int value) {
        if (a == (int) MPU_CTRL.address()) {
            mpuCtrl = value & 7; // ENABLE HFNMIENA PRIVDEFENA
        } else if (a == (int) MPU_RNR.address()) {
            mpuRnr = value & 0xFF;
        } else if (a != (int) MPU_TYPE.address()) {
            boolean rbar = ((a - (int) MPU_RBAR.address()) & 7) == 0;
            if (rbar) {
                if ((value & 0x10) != 0) { // VALID: REGION[3:0] selects the region and updates RNR
                    mpuRnr = value & 0xF;
                }
                mpuRbar[mpuRnr % MPU_REGIONS] = value & ~0x1F;
            } else {
                mpuRasr[mpuRnr % MPU_REGIONS] = value;
            }
        }
    }

    /** A write of {@code value} (the bytes {@code byteMask} selects) to the word at {@code a}. */
    void write(int a, int value, int byteMask, boolean debugger) {
        if (a >= SYSTICK_BASE && a < SYSTICK_END) {
            core.sysTick.write(a, byteMask == -1 ? value : merge(core.sysTick.read(a), value, byteMask));
            return;
        }
        if (a >= NVIC_BASE && a < NVIC_END) {
            nvic.writeRegister(a - NVIC_BASE, value, byteMask);
            return;
        }
        if (core.debug.handles(a) || a == (int) DFSR.address()) {
            core.debug.write(a, value, debugger);
            return;
        }
        if (a >= (int) SHPR1.address() && a <= (int) SHPR3.address()) {
            int index = (a - (int) SHPR1.address()) >>> 2;
            if (v7 || index > 0) {
                nvic.writeShpr(index, value, byteMask);
            }
            return;
        }
        if (v7 && a == (int) CFSR.address()) {
            cfsr &= ~(value & byteMask); // write 1 to clear, per byte lane (firmware clears UFSR with a halfword)
            return;
        }
        if (v7 && a == (int) HFSR.address()) {
            hfsr &= ~(value & byteMask);
            return;
        }
        if (byteMask != -1) {
            value = merge(read(a, debugger), value, byteMask);
        }
        if (a == (int) ICSR.address()) {
            writeIcsr(value);
        } else if (a == (int) VTOR.address()) {
            vtor = value & VTOR_MASK;
        } else if (a == (int) AIRCR.address()) {
            writeAircr(value, debugger);
        } else if (a == (int) SCR.address()) {
            scr = value & (SCR_SLEEPONEXIT.mask() | SCR_SEVONPEND.mask()
                    | SCR_SLEEPDEEP.mask());
        } else if (a == (int) CCR.address()) {
            if (v7) {
                ccr = value & CCR.definedBits();
                if (profile.partno() != PARTNO_CORTEX_M7) {
                    ccr &= 0xFFFF; // DC, IC and BP exist on the Cortex-M7 only
                }
            }
        } else if (a == (int) SHCSR.address()) {
            writeShcsr(value);
        } else if (v7 && a == (int) MMFAR.address()) {
            mmfar = value;
        } else if (v7 && a == (int) BFAR.address()) {
            bfar = value;
        } else if (a == (int) ACTLR.address()) {
            actlr = value;
        } else if (a >= (int) MPU_TYPE.address() && a < (int) MPU_ALIASES_END) {
            writeMpu(a, value);
        } else if (a == (int) STIR.address()) {
            if (v7 && (value & 0x1FF) < nvic.lines && (core.privileged() || debugger || CCR_USERSETMPEND.isSet(ccr))) {
                nvic.setPending(Nvic.IRQ0 + (value & 0x1FF));
            }
        } else if (profile.fpu().present()) {
            writeFp(a, value);
        }
    }

    private void writeFp(int a, int value) {
        if (a == (int) CPACR.address()) {
            cpacr = value & (CPACR_CP10.mask() | CPACR_CP11.mask());
        } else if (a == (int) FPCCR.address()) {
            fpccr = value & FPCCR_WRITABLE;
        } else if (a == (int) FPCAR.address()) {
            fpcar = value & ~7;
        } else if (a == (int) FPDSCR.address()) {
            fpdscr = value & FPDSCR_WRITABLE;
        }
    }

    private void writeIcsr(int value) {
        if (ICSR_NMIPENDSET.isSet(value)) {
            nvic.setPending(Nvic.NMI);
        }
        if (ICSR_PENDSVSET.isSet(value)) {
            nvic.setPending(Nvic.PENDSV);
        } else if (ICSR_PENDSVCLR.isSet(value)) {
            nvic.clearPending(Nvic.PENDSV);
        }
        if (ICSR_PENDSTSET.isSet(value)) {
            nvic.setPending(Nvic.SYSTICK);
        } else if (ICSR_PENDSTCLR.isSet(value)) {
            nvic.clearPending(Nvic.SYSTICK);
        }
    }

    /**
     * AIRCR with VECTKEY: PRIGROUP; SYSRESETREQ asks the board for a system reset; VECTCLRACTIVE and VECTRESET are
     * for a debugger with the core halted (B3.2.6: UNPREDICTABLE otherwise, ignored here).
     */
    private void writeAircr(int value, boolean debugger) {
        if (AIRCR_VECTKEY.extract(value) != VECTKEY) {
            return;
        }
        if (v7) {
            nvic.prigroup = AIRCR_PRIGROUP.extract(value);
        }
        if (core.debug.halted && debugger && AIRCR_VECTCLRACTIVE.isSet(value)) {
            nvic.clearAllActive();
            core.regs.ipsr = 0;
        }
        if (AIRCR_SYSRESETREQ.isSet(value)) {
            resetRequest = debugger ? PrivatePeripheralBus.ResetRequest.SYSTEM : PrivatePeripheralBus.ResetRequest.NONE;
            if (!debugger) {
                core.requestSystemReset();
            }
        } else if (v7 && debugger && AIRCR_VECTRESET.isSet(value)) {
            resetRequest = PrivatePeripheralBus.ResetRequest.CORE;
        }
    }

    /** What the last debugger write to AIRCR asked of the board (read and cleared by {@link #takeResetRequest}). */
    private PrivatePeripheralBus.ResetRequest resetRequest = PrivatePeripheralBus.ResetRequest.NONE;

    PrivatePeripheralBus.ResetRequest takeResetRequest() {
        PrivatePeripheralBus.ResetRequest r = resetRequest;
        resetRequest = PrivatePeripheralBus.ResetRequest.NONE;
        return r;
    }

    private static int merge(int old, int value, int byteMask) {
        return old & ~byteMask | value & byteMask;
    }
}
