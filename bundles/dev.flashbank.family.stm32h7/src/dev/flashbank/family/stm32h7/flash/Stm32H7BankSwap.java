package dev.flashbank.family.stm32h7.flash;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.family.SwitchPlan;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * Bank swapping on a dual-bank STM32H7 (RM0433 §4.3.13 "Flash bank swapping", §2.6 boot configuration): the mapping in
 * force is FLASH_OPTCR.SWAP_BANK, latched from FLASH_OPTSR.SWAP_BANK_OPT at every system reset, so - unlike F7's
 * SWP_FB - a swap survives resets and the option alone decides which bank the next reset maps at 0x0800_0000, where
 * BOOT_ADD0 starts the core. One scheme, {@link Stm32H7Descriptor#SWAP_BANK} ({@link SwapBank}): both images linked
 * for 0x0800_0000, the inactive one written through window 2 (the neutral bank update programs the inactive PHYSICAL
 * bank where it is mapped now, which is window 2), SWAP_BANK_OPT written last and effective at the next reset.
 * <p>
 * The boot pin is not readable over the debug port; the boot state assumes BOOT0 = 0 (BOOT_ADD0), the usual A/B
 * set-up, and says so.
 */
public final class Stm32H7BankSwap implements BankSwapping {

    private final Stm32H7FlashDriver driver;
    private final SwapBank swapBank;

    public Stm32H7BankSwap(Stm32H7FlashDriver driver) {
        this.driver = driver;
        this.swapBank = new SwapBank(driver);
    }

    @Override
    public List<SwitchScheme> schemes() {
        return driver.descriptor().switchSchemes(driver.flashSizeKiB());
    }

    @Override
    public BankSwapStrategy strategy(SwitchScheme scheme) throws SchemeRefusedException {
        SchemeRefusedException.requireOneOf(scheme, schemes(), driver.descriptor().line());
        return new Strategy();
    }

    /** SWAP_BANK_OPT written but not yet latched: the next reset exchanges the banks. */
    @Override
    public boolean mappingChangesAtReset() throws TargetException {
        return driver.geometry().bankCount() == 2 && swapBank.pending();
    }

    @Override
    public SwitchScheme.Choice choose(AddressRange image, BootState boot, int runningBank) {
        return new SwitchScheme.Choice(Stm32H7Descriptor.SWAP_BANK, String.format("it is the part's scheme: images "
                + "linked for 0x%08X, SWAP_BANK_OPT maps the updated bank there at the next reset",
                driver.geometry().linkWindow().base()));
    }

    @Override
    public BootState readBootState(OptionImage options, boolean swapped, IntPredicate validStackPointer)
            throws TargetException {
        Stm32H7OptionImage o = (Stm32H7OptionImage) options;
        boolean after = o.swapBankAfterReset();
        FlashGeometry g = driver.geometry();
        String bootPrg = Stm32H7Registers.BOOT_PRGR;
        int raw = driver.descriptor().registers().bootPrg().field(Stm32H7Registers.BOOT_ADD0).extract(o.word(bootPrg));
        long address = (long) raw << 16; // BOOT_ADD0 holds address bits 31:16 (RM0433 §2.6)
        String opt = String.format("BOOT_ADD0 = 0x%04X (0x%08X, BOOT0 pin assumed low)", raw, address);
        Optional<BankOffset> next = g.physicalBankAt(address, after);
        Optional<BankOffset> now = g.physicalBankAt(address, swapped);
        int s = swapped ? 1 : 0;
        int a = after ? 1 : 0;
        int boot = next.map(BankOffset::bank).orElse(0);
        String bootReason = next.isEmpty() ? opt + " is not in flash"
                : String.format("%s with SWAP_BANK_OPT = %d: the next reset latches SWAP_BANK = %d and maps physical "
                        + "bank %d there", opt, a, a, boot);
        int mapped = now.map(BankOffset::bank).orElse(0);
        String mappedEvidence = now.isEmpty() ? ""
                : String.format("SWAP_BANK = %d since the last reset: physical bank %d is mapped at 0x%08X, where "
                        + "BOOT_ADD0 starts the core", s, mapped, address);
        return new BootState(o, swapped, after, "SWAP_BANK", "SWAP_BANK=" + s,
                String.format("SWAP_BANK=%d, SWAP_BANK_OPT=%d", s, a), Map.of("swapBank", swapped, "swapBankOpt", after),
                "BOOT_ADD0", boot, bootReason, mapped, mappedEvidence,
                "FLASH_OPTCR.SWAP_BANK = " + s + " maps the banks",
                after == swapped ? "the next reset keeps them (SWAP_BANK_OPT = " + a + ")"
                        : "the next reset latches SWAP_BANK_OPT = " + a + ", which exchanges them",
                schemes());
    }

    /** SWAP_BANK: images for 0x0800_0000, SWAP_BANK_OPT chooses the bank mapped there after the next reset. */
    private final class Strategy implements BankSwapStrategy {

        @Override
        public SwitchScheme scheme() {
            return Stm32H7Descriptor.SWAP_BANK;
        }

        @Override
        public void checkUpdate(BootState boot, int slot, int running, int inactive) throws SchemeRefusedException {
            FlashGeometry g = driver.geometry();
            if (slot != 1) {
                long base = g.windowAddress(1, 0, false, g.linkWindow());
                throw new SchemeRefusedException(String.format("link address mismatch: the SWAP_BANK scheme runs "
                        + "every image at 0x%08X (SWAP_BANK maps the chosen bank there at reset), but this image is "
                        + "linked for 0x%08X.", base, g.windowAddress(slot, 0, false, g.linkWindow())),
                        List.of(String.format("link the image for 0x%08X (both images of an H7 A/B pair are linked "
                                + "there, RM0433 §4.3.13), then flashbank bank-update IMAGE", base)));
            }
        }

        @Override
        public void checkSwitch(BootState boot) {
            // SWAP_BANK_OPT can always be written; the image's link address was checked by the caller
        }

        @Override
        public SwitchPlan plan(BootState boot, int targetBank, FlashWindow linkWindow) {
            FlashGeometry g = driver.geometry();
            boolean swap = targetBank == 2; // physical bank 2 at the first slot = swapped
            Stm32H7OptionImage after = swapBank.withSwapBankOpt((Stm32H7OptionImage) boot.options(), swap);
            long base = g.windowAddress(1, 0, false, g.linkWindow());
            String why = String.format("SWAP_BANK_OPT = %d: the next system reset latches it into FLASH_OPTCR.SWAP_BANK "
                    + "and maps physical bank %d at 0x%08X, where the image is linked (RM0433 §4.3.13)", swap ? 1 : 0,
                    targetBank, base);
            return new SwitchPlan("SWAP_BANK_OPT", false, Optional.of("SWAP_BANK_OPT"), Optional.of(swap ? "1" : "0"),
                    after, why, "OPTSTART", List.of(), List.of());
        }
    }
}
