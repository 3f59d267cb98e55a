package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.AIRCR;
import static dev.flashbank.core.device.cortexm.CortexM.AIRCR_VECTCLRACTIVE;
import static dev.flashbank.core.device.cortexm.CortexM.CPACR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR;
import static dev.flashbank.core.device.cortexm.CortexM.FPDSCR;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_VECTTBL;
import static dev.flashbank.core.device.cortexm.CortexM.LOCKUP_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RASR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RBAR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_RNR;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_TYPE;
import static dev.flashbank.core.device.cortexm.CortexM.MPU_TYPE_DREGION;
import static dev.flashbank.core.device.cortexm.CortexM.MVFR0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.MVFR0_DOUBLE_PRECISION;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ISER0;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_CONTROL_PRIMASK;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.VECTKEY;
import static dev.flashbank.core.device.cortexm.CortexM.VTOR;
import static dev.flashbank.core.device.cortexm.CortexM.dhcsrWrite;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;

/**
 * The system control block beyond entry and return (ARMv7-M ARM B3.2, B3.5): NMI above HardFault, vector table read
 * errors (HFSR.VECTTBL), the lockup of a part booting from erased flash, VECTCLRACTIVE, CPACR granting the FPU, the
 * FP context registers, and the MPU's registers kept as storage.
 */
class ExceptionSystemControlTest {

    @Test
    void nmiPreemptsTheHardFaultHandler() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(UDF_0).handlerCode(2, BX_LR);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
        f.core.setPendingNmi();
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(2));
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
    }

    @Test
    void aVectorThatCannotBeReadIsAHardFaultWithVecttbl() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, NOP);
        f.ppbWrite(VTOR.address(), 0xFF80); // IRQ 31's vector lies beyond the RAM
        f.bus.write32(0xFF80 + 4 * 3, handler(3) | 1);
        f.ppbWrite(NVIC_ISER0.address(), 1 << 31);
        f.core.setPendingIrq(31);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(HFSR_VECTTBL.isSet(f.ppb(HFSR.address()))).isTrue();
    }

    @Test
    void bootingFromErasedFlashLocksUp() {
        RamBus erased = new RamBus(0, 0x1_0000);
        for (int a = 0; a < 0x100; a += 4) {
            erased.write32(a, 0xFFFF_FFFF);
        }
        CortexMCore core = new CortexMCore(CoreProfile.CORTEX_M7_DP, erased);
        core.takeReset(0);
        core.run(1000);
        assertThat(core.stopReason()).isEqualTo(CortexMCore.Stop.LOCKUP);
        assertThat(core.registers().pc()).isEqualTo(LOCKUP_ADDRESS);
    }

    @Test
    void vectclractiveFromTheDebuggerClearsEveryActiveException() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP);
        f.steps(1);
        assertThat(f.ppb(SHCSR.address())).isNotZero();
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
        f.ppbWrite(AIRCR.address(), VECTKEY << 16 | AIRCR_VECTCLRACTIVE.mask());
        assertThat(f.ppb(SHCSR.address())).isZero();
        assertThat(f.regs.ipsr()).isZero();
    }

    @Test
    void cpacrGrantsTheFpuByPrivilege() {
        ExceptionFixture f = ExceptionFixture.m7();
        assertThat(f.core.fpuAccessAllowed()).as("CPACR resets to no access").isFalse();
        f.ppbWrite(CPACR.address(), 0x0050_0000); // CP10 = CP11 = privileged only
        assertThat(f.core.fpuAccessAllowed()).isTrue();
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 1 << 24); // CONTROL.nPRIV
        assertThat(f.core.fpuAccessAllowed()).isFalse();
        f.ppbWrite(CPACR.address(), 0x00F0_0000);
        assertThat(f.core.fpuAccessAllowed()).isTrue();
        assertThat(f.ppb(FPCCR.address())).as("ASPEN and LSPEN from reset").isEqualTo(0xC000_0000);
        assertThat(MVFR0_DOUBLE_PRECISION.extract(f.ppb(MVFR0_ADDRESS))).isEqualTo(2);

        ExceptionFixture m0 = ExceptionFixture.m0plus();
        m0.ppbWrite(CPACR.address(), 0x00F0_0000);
        assertThat(m0.ppb(CPACR.address())).as("no FPU: RAZ/WI").isZero();
        assertThat(m0.core.fpuAccessAllowed()).isFalse();
    }

    @Test
    void theDebugComponentsTheRomTableListsIdentifyThemselves() {
        ExceptionFixture f = ExceptionFixture.m7();
        assertThat(f.ppb(0xE000_EFF0L) | f.ppb(0xE000_EFF4L) << 8 | f.ppb(0xE000_EFF8L) << 16
                | f.ppb(0xE000_EFFCL) << 24)
                .as("CIDR: class 0xE").isEqualTo(0xB105_E00D);
        assertThat(f.ppb(0xE000_2FE0L) | (f.ppb(0xE000_2FE4L) & 0xF) << 8).as("Cortex-M7 FPB part").isEqualTo(0x00E);
        assertThat(f.ppb(0xE000_1FE0L)).as("DWT part").isEqualTo(0x02);
        f.ppbWrite(0xE000_EFE0L, 0);
        assertThat(f.ppb(0xE000_EFE0L)).as("read-only: SCS part").isEqualTo(0x0C);
        assertThat(ExceptionFixture.m4().ppb(0xE000_2FE0L)).as("Cortex-M4 FPB part").isEqualTo(0x03);
    }

    @Test
    void theFirstFpInstructionOfAContextTakesFpdscr() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.ppbWrite(FPDSCR.address(), 0x0300_0000); // DN, FZ
        f.regs.writeRegsel(33, 0x0040_0000); // FPSCR RMode = round towards +infinity
        f.core.fpContextActive();
        assertThat(f.regs.fpscr()).isEqualTo(0x0300_0000);
        assertThat(f.regs.control() & 4).as("CONTROL.FPCA").isEqualTo(4);
        f.regs.writeRegsel(33, 0x0040_0000);
        f.core.fpContextActive();
        assertThat(f.regs.fpscr()).as("FP context already active: FPSCR kept").isEqualTo(0x0040_0000);
    }

    @Test
    void theMpuKeepsItsRegionsAsStorage() {
        ExceptionFixture f = ExceptionFixture.m7();
        assertThat(MPU_TYPE_DREGION.extract(f.ppb(MPU_TYPE.address()))).isEqualTo(8);
        f.ppbWrite(MPU_RBAR.address(), 0x2000_0000 | 0x10 | 3); // VALID, REGION 3
        assertThat(f.ppb(MPU_RNR.address())).isEqualTo(3);
        f.ppbWrite(MPU_RASR.address(), 0x0306_0023);
        f.ppbWrite(MPU_RNR.address(), 0);
        assertThat(f.ppb(MPU_RASR.address())).isZero();
        f.ppbWrite(MPU_RNR.address(), 3);
        assertThat(f.ppb(MPU_RBAR.address())).isEqualTo(0x2000_0003);
        assertThat(f.ppb(MPU_RASR.address() + 8)).as("RASR_A1 aliases RASR").isEqualTo(0x0306_0023);
    }
}
