package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.family.BootMapping;

/** The mapping bit with its value: active-high bits (SWP_FB, SWAP_BANK, FB_MODE) and ST's active-low n-bits. */
class BootMappingLabelTest {

    @Test
    void anActiveLowBitHoldsZeroWhenTheBanksAreSwapped() {
        assertThat(BootMapping.label("SWP_FB", true)).isEqualTo("SWP_FB=1");
        assertThat(BootMapping.label("FB_MODE", false)).isEqualTo("FB_MODE=0");
        assertThat(BootMapping.label("nSWAP_BANK", true)).isEqualTo("nSWAP_BANK=0");
        assertThat(BootMapping.label("nSWAP_BANK", false)).isEqualTo("nSWAP_BANK=1");
    }
}
