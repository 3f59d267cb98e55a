package dev.flashbank.family.pageflash.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.family.SwitchPlan;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.flash.PageFlashBankSwap;

/** BFB2 + FB_MODE (L4/G4) and nSWAP_BANK (G0B1) as the core's bank-swap seam (RM0351 §2.6, RM0440 §2.6.1, RM0444). */
class PageFlashBankSwapStrategyTest {

    /** A part as the bank swap reads it: options, FB_MODE / nSWAP_BANK in force, the banks' initial stack pointers. */
    private static final class Part implements PageFlashBankSwap.Target {
        PageFlashOptionImage options;
        boolean swapped;
        int sp1 = 0x2001_0000;
        int sp2 = 0x2001_0000;

        Part(PageFlashOptionImage options) {
            this.options = options;
        }

        @Override
        public PageFlashOptionImage options() {
            return options;
        }

        @Override
        public boolean swapped() {
            return swapped;
        }

        @Override
        public int initialStackPointer(int bank) {
            return bank == 1 ? sp1 : sp2;
        }
    }

    private static PageFlashOptionImage set(PageFlashOptionImage img, String field, int value) {
        OptionField f = img.fields(img.flashSizeKiB()).stream().filter(x -> x.name().equals(field)).findFirst()
                .orElseThrow();
        return img.with(f, value);
    }

    private final PageFlashDescriptor g474 = PageFlashDescriptor.of(PageFlashLine.G47X_G48X);
    private final Part part = new Part(PageFlashOptionImage.factory(PageFlashLine.G47X_G48X, 512));
    private final PageFlashBankSwap swap = new PageFlashBankSwap(g474, 512, part);

    private BootState boot() {
        return swap.readBootState(part.options, part.swapped, b -> swap.bootloaderAccepts(
                b == 1 ? part.sp1 : part.sp2));
    }

    @Test
    void bfb2ZeroBootsBank1AndTheSchemeIsBfb2() throws Exception {
        assertThat(swap.schemes()).containsExactly(PageFlashDescriptor.BFB2);
        BootState b = boot();
        assertThat(b.bootBank()).isEqualTo(1);
        assertThat(b.mappingBit()).isEqualTo("FB_MODE");
        assertThat(b.label()).isEqualTo("FB_MODE=0, BFB2=0");
        assertThat(swap.mappingChangesAtReset()).isFalse();
    }

    @Test
    void bfb2OneBootsBank2ThroughTheBootloaderAndFallsBackWhenItsStackPointerIsNotInSram() throws Exception {
        part.options = set(part.options, "BFB2", 1);
        BootState b = boot();
        assertThat(b.bootBank()).isEqualTo(2);
        assertThat(b.swappedAfterReset()).isTrue();
        assertThat(b.bootReason()).contains("sets FB_MODE = 1");
        assertThat(swap.mappingChangesAtReset()).as("FB_MODE is 0 now, the next reset maps bank 2").isTrue();
        // G474: a stack at the end of SRAM + CCM (128 KiB) is rejected by the bootloader, 96 KiB accepted
        part.sp2 = 0x2002_0000;
        assertThat(boot().bootBank()).isEqualTo(1);
        assertThat(boot().bootReason()).contains("falls back to bank 1");
        assertThat(swap.bootloaderAccepts(0x2001_8000)).isTrue();
    }

    @Test
    void theRunningBankIsFbModeNeverBfb2() {
        // BFB2 = 1 but the bootloader fell back (bank 2 invalid): FB_MODE = 0, bank 1 runs (g4-dual-bank-example #2)
        part.options = set(part.options, "BFB2", 1);
        part.sp2 = 0xFFFF_FFFF;
        assertThat(boot().mappedRunningBank()).isEqualTo(1);
        part.swapped = true;
        part.sp2 = 0x2001_0000;
        assertThat(boot().mappedRunningBank()).isEqualTo(2);
        assertThat(boot().mappingNow()).contains("FB_MODE = 1");
    }

    @Test
    void planningBank2SetsBfb2AndBank1ClearsItOnlyInOptr() throws Exception {
        BankSwapStrategy s = swap.strategy(PageFlashDescriptor.BFB2);
        SwitchPlan to2 = s.plan(boot(), 2, PageFlashGeometry.WINDOW);
        PageFlashOptionImage after = (PageFlashOptionImage) to2.after();
        assertThat(after.bfb2()).isTrue();
        assertThat(after.optr() ^ part.options.optr()).isEqualTo(1 << 20);
        assertThat(to2.explanation()).contains("VTOR", "OBL_LAUNCH");
        assertThat(to2.optionStart()).isEqualTo("OPTSTRT");
        part.options = after;
        assertThat(((PageFlashOptionImage) s.plan(boot(), 1, PageFlashGeometry.WINDOW).after()).bfb2()).isFalse();
    }

    @Test
    void refusesAnImageForTheSecondSlotAndABootConfigurationThatNeverStartsFlash() throws Exception {
        BankSwapStrategy s = swap.strategy(PageFlashDescriptor.BFB2);
        assertThatThrownBy(() -> s.checkUpdate(boot(), 2, 1, 2)).isInstanceOf(SchemeRefusedException.class)
                .hasMessageContaining("link address mismatch");
        part.options = set(set(part.options, "nSWBOOT0", 0), "nBOOT0", 0); // BOOT0 = 1 from the option
        assertThat(boot().bootBank()).isZero();
        assertThatThrownBy(() -> s.checkSwitch(boot())).isInstanceOf(SchemeRefusedException.class)
                .hasMessageContaining("no flash bank starts");
        assertThatThrownBy(() -> swap.strategy(PageFlashDescriptor.SWAP_BANK))
                .isInstanceOf(SchemeRefusedException.class).hasMessageContaining("not a scheme");
    }

    /** Single-bank mode (DBANK = 0): BFB2 selects nothing, and the next boot's reason says so (not "clears FB_MODE"). */
    @Test
    void inSingleBankModeTheReasonSaysBfb2HasNoEffect() {
        PageFlashOptionImage single = set(set(PageFlashOptionImage.factory(PageFlashLine.G47X_G48X, 512), "DBANK", 0),
                "BFB2", 1);
        Part p = new Part(single);
        PageFlashBankSwap s = new PageFlashBankSwap(g474, 512, p);
        BootState b = s.readBootState(single, false, x -> true);
        assertThat(b.bootBank()).isEqualTo(1);
        assertThat(b.bootReason()).contains("single-bank mode (DBANK = 0)").contains("BFB2 has no effect")
                .doesNotContain("FB_MODE").doesNotContain("bank 2");
    }

    @Test
    void g0b1SwapsByNSwapBankWhichAResetKeeps() throws Exception {
        PageFlashDescriptor g0 = PageFlashDescriptor.of(PageFlashLine.G0BX_G0CX);
        Part p = new Part(PageFlashOptionImage.factory(PageFlashLine.G0BX_G0CX, 512));
        PageFlashBankSwap s = new PageFlashBankSwap(g0, 512, p);
        assertThat(s.schemes()).containsExactly(PageFlashDescriptor.SWAP_BANK);
        BootState b = s.readBootState(p.options, false, x -> true);
        assertThat(b.bootBank()).isEqualTo(1);
        SwitchPlan plan = s.strategy(PageFlashDescriptor.SWAP_BANK).plan(b, 2, PageFlashGeometry.WINDOW);
        PageFlashOptionImage after = (PageFlashOptionImage) plan.after();
        assertThat(after.swapBank()).isTrue();
        assertThat(plan.value()).contains("0");
        p.options = after;
        p.swapped = true;
        BootState swapped = s.readBootState(after, true, x -> true);
        assertThat(swapped.bootBank()).isEqualTo(2);
        assertThat(swapped.mappedRunningBank()).isEqualTo(2);
        assertThat(s.mappingChangesAtReset()).isFalse();
        assertThat(PageFlashDescriptor.of(PageFlashLine.G0BX_G0CX).switchSchemes(128)).isEmpty();
    }
}
