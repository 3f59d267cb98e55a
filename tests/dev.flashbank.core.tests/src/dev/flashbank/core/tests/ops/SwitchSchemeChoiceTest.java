package dev.flashbank.core.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;

/**
 * {@link Stm32F7SwitchSchemes#forImage}: the scheme a bank update uses when the user does not name one follows from where the
 * image is linked and which bank runs - the only combination the update would accept (BankUpdateOperation refuses
 * the other with a link address mismatch).
 */
class SwitchSchemeChoiceTest {

    static final long BANK1 = 0x0800_0000L;
    static final long BANK2_2MIB = 0x0810_0000L;

    final IdentifiedDevice f767;
    final FlashGeometry dual;

    SwitchSchemeChoiceTest() throws Exception {
        f767 = new DeviceRegistry(Stm32F7Descriptor.all()).byPartNumber("STM32F767ZI");
        dual = f767.descriptor().geometry(f767.flashSizeKiB(), BankMode.DUAL);
    }

    /** The target as the bank survey sees it: the running bank and SWP_FB. */
    record Running(int bank, boolean swpFb) {
    }

    Running running(int bank, boolean swpFb) {
        return new Running(bank, swpFb);
    }

    SwitchScheme.Choice forImage(AddressRange image, FlashGeometry g, Running r) {
        return Stm32F7SwitchSchemes.forImage(image, g, r.bank(), r.swpFb());
    }

    static AddressRange image(long at) {
        return new AddressRange(at, 292);
    }

    @Test
    void anImageLinkedForBank2sOwnAddressIsBootAdd() {
        SwitchScheme.Choice c = forImage(image(BANK2_2MIB), dual, running(1, false));
        assertThat(c.scheme()).isEqualTo(Stm32F7SwitchSchemes.BOOT_ADD);
        assertThat(c.reason()).contains("0x08100000").contains("physical bank 2's own address");
    }

    @Test
    void anImageLinkedFor0x08000000GoingIntoBank2IsRemap() {
        SwitchScheme.Choice c = forImage(image(BANK1), dual, running(1, false));
        assertThat(c.scheme()).isEqualTo(Stm32F7SwitchSchemes.REMAP);
        assertThat(c.reason()).contains("0x08000000").contains("physical bank 2").contains("SWP_FB");
    }

    @Test
    void withTheRemapActiveAnImageFor0x08000000StaysRemap() {
        assertThat(forImage(image(BANK1), dual, running(2, true)).scheme()).isEqualTo(Stm32F7SwitchSchemes.REMAP);
    }

    @Test
    void bank2StartedByBootAddTakesAnImageFor0x08000000BackIntoBank1ByBootAdd() {
        SwitchScheme.Choice c = forImage(image(BANK1), dual, running(2, false));
        assertThat(c.scheme()).isEqualTo(Stm32F7SwitchSchemes.BOOT_ADD);
        assertThat(c.reason()).contains("bank 1 is the inactive bank");
    }

    @Test
    void withoutARunningBankTheChoiceIsBootAddAndSaysItHadNoHint() {
        SwitchScheme.Choice c = forImage(image(BANK2_2MIB), dual, running(0, false));
        assertThat(c.scheme()).isEqualTo(Stm32F7SwitchSchemes.BOOT_ADD);
        assertThat(c.reason()).contains("no hint");
    }
}
