package dev.flashbank.family.stm32h7.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/** Every assumption the H7 model makes is a named parameter with a status and a source, and it drives the model. */
class Stm32H7ParametersTest {

    /**
     * The open questions of the H7 model (reset values, bank association after a swap, MER, SWAP_BANK writes, option
     * change errors and reload, error triggers, RDP regression, protected-area rules, CRC, ECC, boot pins, SYSCFG_UR3,
     * H72x lock, DMA reads, key errors, overwrite result, timings) and the parameter answering each.
     */
    private static final List<String> EXPECTED = List.of("crResetValue", "optcrResetValue", "factoryOptsrH74x",
            "factoryOptsrH72x", "factoryOptsrH7ab", "factoryPrar", "factoryScar", "factoryBoot", "h7abAcrResetValue",
            "h7abCrcSectWidth", "h7abEccBitsPerWord", "h7abXgBank2Base", "registersFollowSwap",
            "optionRegistersFollowSwap", "eccFaFollowsSwap", "merRequiresOptionUnlock", "merSelfClears", "merSetsBer",
            "swapBankWritable", "stagedPrgLostAtReset", "userRegistersRefreshAfterOptstart", "staleErrorsBlockStart",
            "pgserrOnSerWithPg", "incerrOnOtherWordWhilePartial", "wrongKeyLocksUntilReset",
            "rdpRegressionErasesBackupSram", "protectedAreasSurviveRegressionUnlessErased",
            "porRequiredAfterLevel1Intrusion", "areaStartEqualsEndProtectsWholeBank", "crcInitialValue", "crcReflected",
            "zeroOverProgrammedWordIsEccSafe", "overwriteResult", "boot0HighSelectsBootAdd1",
            "dfuEraseRefusedWithSystemBootAddress", "ur3BootAdd1Lsb", "h72xLockBetweenEraseAndProgram",
            "dmaReadOfDoubleEccWordFaults", "securityIrreversible", "cpuid", "timings.source");

    @Test
    void everyAssumptionIsListedWithStatusAndSource() {
        List<ModelParameter<?>> list = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X).parameters();
        assertThat(list).extracting(ModelParameter::name).containsExactlyInAnyOrderElementsOf(EXPECTED);
        assertThat(list).allSatisfy(p -> {
            assertThat(p.status()).as(p.name()).isIn(ParameterStatus.UNCONFIRMED, ParameterStatus.DERIVED);
            assertThat(p.source()).as(p.name()).isNotBlank().doesNotContain("facts");
        });
        Map<String, ModelParameter<?>> byName = list.stream().collect(Collectors.toMap(ModelParameter::name, p -> p));
        assertThat(byName.get("registersFollowSwap").value()).isEqualTo(true);
        assertThat(byName.get("registersFollowSwap").status()).isEqualTo(ParameterStatus.DERIVED);
        assertThat(byName.get("crResetValue").value()).isEqualTo("0x00000031");
        assertThat(byName.get("factoryBoot").value()).isEqualTo("0x1FF00800");
    }

    @Test
    void parametersDriveTheRegisterModel() {
        Stm32H7Parameters p = Stm32H7Parameters.defaults().toBuilder().crResetValue(0).ur3BootAdd1Lsb(0)
                .factoryOptsrH74x(0x1234_AA00).build();
        Stm32H7Registers r = Stm32H7Registers.of(Stm32H7Line.H74X_H75X, p);
        assertThat(r.cr(1).resetValue()).isZero();
        assertThat(r.ur(3).field(Stm32H7Registers.BOOT_ADD1).lsb()).isZero();
        assertThat(r.optsrCur().resetValue()).isEqualTo(0x1234_AA00);
        assertThat(Stm32H7Registers.of(Stm32H7Line.H74X_H75X).ur(3).field(Stm32H7Registers.BOOT_ADD1).lsb())
                .isEqualTo(16);
        assertThat(Stm32H7Descriptor.of(Stm32H7Line.H7AX_H7BX).withParameters(Stm32H7Parameters.defaults()
                .toBuilder().h7abXgBank2Base(0x0808_0000L).build()).bankBase(2, 1024)).isEqualTo(0x0808_0000L);
        assertThatThrownBy(() -> Stm32H7Parameters.defaults().toBuilder().ur3BootAdd1Lsb(8).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
