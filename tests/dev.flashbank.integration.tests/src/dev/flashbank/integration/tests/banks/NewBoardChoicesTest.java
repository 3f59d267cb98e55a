package dev.flashbank.integration.tests.banks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;

/**
 * What a new simulated board can be made of, one answer for the CLI (board create), the launch Target tab and the
 * IDE's New simulated board dialog: the parts offered, the dual-bank option image of a part and the supply range of its
 * family.
 */
class NewBoardChoicesTest {

    private final SimulatedFamilies simulated = InstalledFamilies.simulated();

    @Test
    void thePartsOfferedAreTheInstalledFamiliesDefaultFirst() {
        assertThat(simulated.offeredParts(InstalledFamilies.families())).startsWith(simulated.defaultPart()
                .orElseThrow()).contains("STM32F767ZI", "STM32H743ZI").doesNotHaveDuplicates();
    }

    @Test
    void dualBankIsAnOptionImageWhereTheLineHasABankModeOption() throws Exception {
        var dual = SimulatedFamilies.dualBankOptions(InstalledFamilies.families(), "STM32F767ZI").orElseThrow();
        BenchBoard b = simulated.create("STM32F767ZI", BoardOptions.defaults().withOptionBytes(dual));
        assertThat(dual.bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(b.partName()).isEqualTo("STM32F767ZI");
        assertThat(SimulatedFamilies.dualBankOptions(InstalledFamilies.families(), "STM32H743ZI"))
                .as("always two banks: nothing to change").isEmpty();
        assertThatThrownBy(() -> SimulatedFamilies.dualBankOptions(InstalledFamilies.families(), "STM32F746ZG"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no dual-bank mode");
    }

    @Test
    void theSupplyRangeIsTheFamilysParallelismRanges() {
        assertThat(simulated.forPart("STM32F767ZI").flatMap(SimulatedFamily::supplyRange))
                .contains(new SimulatedFamily.SupplyRange(1800, 3600));
        assertThat(simulated.forPart("STM32H743ZI").flatMap(SimulatedFamily::supplyRange))
                .as("H7 programming does not depend on the supply in the model").isEmpty();
    }
}
