package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.BFAR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_BFARVALID;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_IACCVIOL;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_PRECISERR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_UNDEFINSTR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_LOCKUP;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_FORCED;
import static dev.flashbank.core.device.cortexm.CortexM.LOCKUP_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_BUSFAULTENA;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_USGFAULTENA;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * Faults (ARMv7-M ARM B1.5.14-B1.5.15, B3.2.15-B3.2.16): a configurable fault is taken when enabled in SHCSR, else
 * escalated to HardFault with HFSR.FORCED; the cause in CFSR (BFAR for a precise bus error); execute-never regions;
 * a fault in the HardFault handler locks the core up.
 */
class ExceptionFaultTest {

    @Test
    void anUndefinedInstructionEscalatesToHardFaultWhileUsageFaultIsDisabled() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(UDF_0);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(HFSR_FORCED.isSet(f.ppb(HFSR.address()))).isTrue();
        assertThat(CFSR_UNDEFINSTR.isSet(f.ppb(CFSR.address()))).isTrue();
        assertThat(f.bus.read32(f.regs.msp() + 24)).as("return address: the faulting instruction").isEqualTo(CODE);
    }

    @Test
    void withUsgfaultenaTheUsageFaultHandlerRunsAndCfsrClearsByWritingOne() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.ppbWrite(SHCSR.address(), SHCSR_USGFAULTENA.mask());
        f.code(UDF_0);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(6));
        assertThat(f.ppb(HFSR.address())).isZero();
        f.core.memory().write16((int) CFSR.address() + 2, 1); // the handler clears UFSR.UNDEFINSTR (halfword)
        assertThat(f.ppb(CFSR.address())).isZero();
    }

    @Test
    void aLoadFromNothingIsAPreciseBusFaultWithBfar() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.ppbWrite(SHCSR.address(), SHCSR_BUSFAULTENA.mask());
        f.code(LDR_R1_R2);
        f.regs.setR(2, 0x3000_0000);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(5));
        int cfsr = f.ppb(CFSR.address());
        assertThat(CFSR_PRECISERR.isSet(cfsr) && CFSR_BFARVALID.isSet(cfsr)).isTrue();
        assertThat(f.ppb(BFAR.address())).isEqualTo(0x3000_0000);
    }

    @Test
    void executingFromThePpbIsAnInstructionAccessViolation() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(BX_R0);
        f.regs.setR(0, 0xE000_0001);
        f.steps(2); // bx r0, then the fetch at 0xE000_0000
        assertThat(f.pc()).as("MemManage disabled: HardFault").isEqualTo(handler(3));
        assertThat(CFSR_IACCVIOL.isSet(f.ppb(CFSR.address()))).isTrue();
        assertThat(f.bus.read32(f.regs.msp() + 24)).isEqualTo(0xE000_0000);
    }

    @Test
    void executingFromThePeripheralRegionFaultsToo() {
        ExceptionFixture f = ExceptionFixture.m4();
        f.code(BX_R0);
        f.regs.setR(0, 0x4000_1001);
        f.steps(2);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(CFSR_IACCVIOL.isSet(f.ppb(CFSR.address()))).isTrue();
    }

    @Test
    void aFaultInTheHardFaultHandlerLocksTheCoreUp() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(UDF_0).handlerCode(3, UDF_0);
        f.steps(2);
        assertThat(f.core.isLockedUp()).isTrue();
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.LOCKUP);
        assertThat(f.pc()).isEqualTo(LOCKUP_ADDRESS);
        assertThat(DHCSR_S_LOCKUP.isSet(f.ppb(DHCSR.address()))).isTrue();
        assertThat(f.core.run(1000)).as("a locked-up core executes nothing").isZero();
    }

    @Test
    void onCortexM0PlusEveryFaultIsHardFault() {
        ExceptionFixture f = ExceptionFixture.m0plus();
        f.code(UDF_0);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(f.ppb(CFSR.address())).as("no CFSR on ARMv6-M").isZero();
    }

    @Test
    void svcAtOrBelowTheCurrentPriorityEscalatesToHardFault() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, SVC_1);
        f.steps(2); // svc in thread mode, then svc in the SVC handler
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(HFSR_FORCED.isSet(f.ppb(HFSR.address()))).isTrue();
    }

    @Test
    void theFirmwaresSysresetreqStopsTheCoreForTheBoardsReset() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(0x6011, NOP); // str r1, [r2, #0]
        f.regs.setR(1, 0x05FA_0004);
        f.regs.setR(2, 0xE000_ED0C); // AIRCR
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.SYSTEM_RESET_REQUEST);
        assertThat(f.pc()).isEqualTo(CODE + 2);
    }
}
