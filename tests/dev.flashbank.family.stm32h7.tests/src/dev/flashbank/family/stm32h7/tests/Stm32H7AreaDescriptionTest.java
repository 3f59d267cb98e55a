package dev.flashbank.family.stm32h7.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;

/**
 * The bounds of a PCROP or secure-only area are described with the image they are in: START above END is a disabled
 * area (RM0433 §4.5.4), not a range - the factory value of both areas of both banks.
 */
class Stm32H7AreaDescriptionTest {

    private static final Stm32H7Descriptor H743 = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X);

    private static OptionField field(Stm32H7OptionImage o, String name) {
        return o.fields(2048).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void factoryAreasAreDisabledAndSaySo() {
        Stm32H7OptionImage o = Stm32H7OptionImage.factory(H743, 2048);
        for (String f : new String[] { "PROT_AREA_START1", "PROT_AREA_END1", "SEC_AREA_START2", "SEC_AREA_END2" }) {
            assertThat(o.describe(field(o, f))).as(f).contains("area disabled (START 0x0FF > END 0x000)");
        }
        assertThat(o.describe(field(o, "PROT_AREA_START1"))).startsWith("0x0FF = area disabled");
        assertThat(o.describe(field(o, "DMEP1"))).as("other fields: their own description")
                .isEqualTo(field(o, "DMEP1").describe(o.get(field(o, "DMEP1"))));
    }

    @Test
    void anEnabledAreaShowsItsRangeAndTheOtherBankStaysDisabled() {
        Stm32H7OptionImage o = Stm32H7OptionImage.factory(H743, 2048);
        o = o.with(field(o, "PROT_AREA_START1"), 0x010).with(field(o, "PROT_AREA_END1"), 0x01F);
        assertThat(o.describe(field(o, "PROT_AREA_START1"))).isEqualTo("0x010 = bank offset 0x001000")
                .isEqualTo(field(o, "PROT_AREA_START1").describe(0x010));
        assertThat(o.describe(field(o, "PROT_AREA_END1"))).contains("area ends at 0x001FFF");
        assertThat(o.describe(field(o, "PROT_AREA_START2"))).contains("area disabled");
        assertThat(o.describe(field(o, "SEC_AREA_START1"))).as("the secure area of bank 1 is another area")
                .contains("area disabled");
    }
}
