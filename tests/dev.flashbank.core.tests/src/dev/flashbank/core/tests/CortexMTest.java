package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;

/**
 * Cortex-M debug register addresses, keys and bits against the ARMv7-M ARM (B3.2, C1.6) and OpenOCD
 * src/target/cortex_m.h.
 */
class CortexMTest {

    @Test
    void addresses() {
        assertThat(CortexM.CPUID.address()).isEqualTo(0xE000_ED00L);
        assertThat(CortexM.AIRCR.address()).isEqualTo(0xE000_ED0CL);
        assertThat(CortexM.CFSR.address()).isEqualTo(0xE000_ED28L);
        assertThat(CortexM.HFSR.address()).isEqualTo(0xE000_ED2CL);
        assertThat(CortexM.DFSR.address()).isEqualTo(0xE000_ED30L);
        assertThat(CortexM.DHCSR.address()).isEqualTo(0xE000_EDF0L);
        assertThat(CortexM.DCRSR.address()).isEqualTo(0xE000_EDF4L);
        assertThat(CortexM.DCRDR.address()).isEqualTo(0xE000_EDF8L);
        assertThat(CortexM.DEMCR.address()).isEqualTo(0xE000_EDFCL);
        assertThat(CortexM.DSCSR_ADDRESS).isEqualTo(0xE000_EE08L);
        assertThat(CortexM.DWT_CTRL_ADDRESS).isEqualTo(0xE000_1000L);
        assertThat(CortexM.FP_CTRL_ADDRESS).isEqualTo(0xE000_2000L);
    }

    @Test
    void keysAndWriteValuesOfTheProcedures() {
        // Halt: DHCSR <- 0xA05F_0003; reset-and-halt uses 0xA05F_0001 and AIRCR <- 0x05FA_0004 (ARMv7-M ARM C1.6,
        // B3.2.6)
        assertThat(CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN, CortexM.DHCSR_C_HALT)).isEqualTo(0xA05F_0003);
        assertThat(CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN)).isEqualTo(0xA05F_0001);
        assertThat(CortexM.aircrSysResetRequest()).isEqualTo(0x05FA_0004);
        // stlink-org connect trace: DEMCR <- 0x0100_0501 = TRCENA | VC_HARDERR | VC_BUSERR | VC_CORERESET
        int demcr = CortexM.DEMCR_TRCENA.mask() | CortexM.DEMCR_VC_HARDERR.mask() | CortexM.DEMCR_VC_BUSERR.mask()
                | CortexM.DEMCR_VC_CORERESET.mask();
        assertThat(demcr).isEqualTo(0x0100_0501);
        // DFSR <- 0x8 clears VCATCH
        assertThat(CortexM.DFSR_VCATCH.mask()).isEqualTo(0x8);
        // stlink-org expects DHCSR == 0x0003_000B on a clean BKPT halt: S_REGRDY|S_HALT|C_MASKINTS|C_HALT|C_DEBUGEN
        int halted = CortexM.DHCSR_S_REGRDY.mask() | CortexM.DHCSR_S_HALT.mask() | CortexM.DHCSR_C_MASKINTS.mask()
                | CortexM.DHCSR_C_HALT.mask() | CortexM.DHCSR_C_DEBUGEN.mask();
        assertThat(halted).isEqualTo(0x0003_000B);
    }

    @Test
    void bits() {
        assertThat(CortexM.DHCSR_C_STEP.lsb()).isEqualTo(2);
        assertThat(CortexM.DHCSR_S_SLEEP.lsb()).isEqualTo(18);
        assertThat(CortexM.DHCSR_S_LOCKUP.lsb()).isEqualTo(19);
        assertThat(CortexM.DHCSR_S_RETIRE_ST.lsb()).isEqualTo(24);
        assertThat(CortexM.DHCSR_S_RESET_ST.lsb()).isEqualTo(25);
        assertThat(CortexM.DCRSR_REGSEL.mask()).isEqualTo(0x7F);
        assertThat(CortexM.DCRSR_REGWnR.mask()).isEqualTo(0x1_0000);
        assertThat(CortexM.AIRCR_VECTCLRACTIVE.lsb()).isEqualTo(1);
        assertThat(CortexM.AIRCR_VECTRESET.lsb()).isZero();
        int[] vc = { CortexM.DEMCR_VC_MMERR.lsb(), CortexM.DEMCR_VC_NOCPERR.lsb(), CortexM.DEMCR_VC_CHKERR.lsb(),
                CortexM.DEMCR_VC_STATERR.lsb(), CortexM.DEMCR_VC_BUSERR.lsb(), CortexM.DEMCR_VC_INTERR.lsb(),
                CortexM.DEMCR_VC_HARDERR.lsb() };
        assertThat(vc).containsExactly(4, 5, 6, 7, 8, 9, 10);
        assertThat(CortexM.CPUID_PARTNO.extract(0x410F_C271)).isEqualTo(CortexM.PARTNO_CORTEX_M7).isEqualTo(0xC27);
        assertThat(CortexM.coreName(0xC24)).isEqualTo("Cortex-M4");
        assertThat(CortexM.REGSEL_PC).isEqualTo(15);
        assertThat(CortexM.REGSEL_XPSR).isEqualTo(16);
    }
}
