package dev.flashbank.family.pageflash.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.family.SwitchPlan;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.family.pageflash.PageFlashOptionImage;

/**
 * Bank swapping on a dual-bank page-flash part.
 * <p>
 * L4, L4+ and G4 category 3 - scheme {@link PageFlashDescriptor#BFB2} (RM0351 §2.6, RM0440 §2.6.1): the mapping in
 * force is SYSCFG_MEMRMP.FB_MODE, 0 after EVERY reset; with the option BFB2 = 1 and the boot configuration selecting
 * main flash, the ROM bootloader checks the initial stack pointer of bank 2, then bank 1, sets FB_MODE for the first
 * valid one and jumps to it (address 0 stays system memory: the image must set VTOR). So which bank runs is FB_MODE,
 * never BFB2 (bank 2 invalid means the bootloader fell back to bank 1 with BFB2 = 1).
 * <p>
 * G0B1/G0C1 - scheme {@link PageFlashDescriptor#SWAP_BANK} (RM0444 §3.3.1): the mapping is the LOADED option
 * nSWAP_BANK (0 = swapped); it changes only at an option load (OBL_LAUNCH, which resets the part, or a power-on reset),
 * and the CPU boots whatever bank is at 0x0800_0000 - no bootloader detour.
 * <p>
 * Both schemes run every image at 0x0800_0000; the neutral bank update writes the inactive PHYSICAL bank through the
 * slot where it is mapped now and erases it by BKER = that physical bank. Every option write of this family ends with
 * OBL_LAUNCH, so a plan is in force as soon as its write completes (the part resets).
 * <p>
 * The BOOT0 pin cannot be read over the debug port: where it decides, the boot state assumes it low (main flash),
 * the usual A/B set-up, and says so.
 */
public final class PageFlashBankSwap implements BankSwapping {

    /** What the bank swap reads from the part (the driver supplies it). */
    public interface Target {
        /** The option registers (the values loaded at the last option load). */
        PageFlashOptionImage options() throws TargetException;

        /** Slot 1 shows physical bank 2 now: SYSCFG_MEMRMP.FB_MODE (L4/G4), loaded nSWAP_BANK = 0 (G0). */
        boolean swapped() throws TargetException;

        /** The initial stack pointer (first word) of physical bank {@code bank}. */
        int initialStackPointer(int bank) throws TargetException;
    }

    private final PageFlashDescriptor descriptor;
    private final int flashSizeKiB;
    private final Target target;

    public PageFlashBankSwap(PageFlashDescriptor descriptor, int flashSizeKiB, Target target) {
        this.descriptor = descriptor;
        this.flashSizeKiB = flashSizeKiB;
        this.target = target;
    }

    private PageFlashLine line() {
        return descriptor.pageFlashLine();
    }

    private boolean g0() {
        return line().series() == Series.G0;
    }

    @Override
    public List<SwitchScheme> schemes() {
        return descriptor.switchSchemes(flashSizeKiB);
    }

    @Override
    public BankSwapStrategy strategy(SwitchScheme scheme) throws SchemeRefusedException {
        SchemeRefusedException.requireOneOf(scheme, schemes(), descriptor.line());
        return new Strategy(scheme);
    }

    /** True when the ROM bootloader's dual-bank boot accepts {@code sp} as a bank's initial stack pointer. */
    public boolean bootloaderAccepts(int sp) {
        long v = sp & 0xFFFF_FFFFL;
        return v > 0x2000_0000L && v <= line().bootloaderStackLimit();
    }

    /**
     * L4/G4: the next reset re-runs the boot: FB_MODE = 0, then the bootloader sets it again only for BFB2 = 1 and a
     * valid bank 2 - so firmware that set FB_MODE itself, or a BFB2 that now prefers another bank, changes the mapping.
     * G0: the loaded nSWAP_BANK stays in force over a plain reset (option writes end with OBL_LAUNCH).
     */
    @Override
    public boolean mappingChangesAtReset() throws TargetException {
        if (g0() || descriptor.geometry(flashSizeKiB, target.options().bankMode()).bankCount() < 2) {
            return false;
        }
        PageFlashOptionImage o = target.options();
        boolean after = nextBoot(o, b -> safeAccepts(b)).bank() == 2;
        return after != target.swapped();
    }

    private boolean safeAccepts(int bank) {
        try {
            return bootloaderAccepts(target.initialStackPointer(bank));
        } catch (TargetException e) {
            return false;
        }
    }

    @Override
    public SwitchScheme.Choice choose(AddressRange image, BootState boot, int runningBank) {
        SwitchScheme s = g0() ? PageFlashDescriptor.SWAP_BANK : PageFlashDescriptor.BFB2;
        return new SwitchScheme.Choice(s, g0()
                ? "it is the part's scheme: images linked for 0x08000000, nSWAP_BANK maps the updated bank there at the"
                        + " option load that ends the write"
                : "it is the part's scheme: images linked for 0x08000000, BFB2 makes the ROM bootloader map the updated"
                        + " bank there (FB_MODE) after the option load that ends the write");
    }

    /** Where the next reset goes, and why. */
    record NextBoot(int bank, String reason) {
    }

    /** BOOT0 as the part sees it: from nBOOT0 when software BOOT0 is selected, else the pin (assumed low). */
    private Optional<Integer> softwareBoot0(PageFlashOptionImage o) {
        Register optr = descriptor.registers().optr();
        int w = o.optr();
        if (g0()) {
            return optr.field(NBOOT_SEL).isSet(w) ? Optional.of(optr.field(NBOOT0).isSet(w) ? 0 : 1) : Optional.empty();
        }
        Optional<Field> sw = optr.findField(NSWBOOT0);
        if (sw.isPresent() && !sw.get().isSet(w)) {
            return Optional.of(optr.field(NBOOT0).isSet(w) ? 0 : 1);
        }
        return Optional.empty();
    }

    private boolean bootLock(PageFlashOptionImage o) {
        for (String reg : List.of(SEC1R, SECR)) {
            Optional<Register> r = descriptor.registers().flash().findRegister(reg);
            if (r.isPresent() && r.get().field(BOOT_LOCK).isSet(o.word(reg))) {
                return true;
            }
        }
        return false;
    }

    /** The physical bank the next reset starts (0: not a flash bank) under the options {@code o}. */
    NextBoot nextBoot(PageFlashOptionImage o, IntPredicate validStack) {
        Optional<Integer> boot0 = softwareBoot0(o);
        String pin = boot0.map(b -> "BOOT0 = " + b + " from nBOOT0").orElse("BOOT0 pin assumed low");
        if (!bootLock(o) && boot0.orElse(0) == 1) {
            boolean sys = descriptor.registers().optr().field(NBOOT1).isSet(o.optr());
            return new NextBoot(0, pin + " and nBOOT1 = " + (sys ? 1 : 0) + ": the part starts "
                    + (sys ? "the ROM bootloader" : "from SRAM") + ", not a flash bank");
        }
        String cfg = bootLock(o) ? "BOOT_LOCK = 1 (boot forced from main flash)" : pin + " (main flash)";
        if (o.bankMode() == dev.flashbank.core.device.BankMode.SINGLE) {
            // one bank: the dual-bank boot bit selects nothing (RM0440 §3.4.1 BFB2, RM0444 nSWAP_BANK: dual-bank
            // mode only)
            String mode = descriptor.bankModeOption(flashSizeKiB).map(n -> "single-bank mode (" + n + " = 0)")
                    .orElse("a single-bank part");
            return new NextBoot(1, String.format("%s in %s: the one bank at 0x08000000 boots; %s has no effect", cfg,
                    mode, g0() ? "nSWAP_BANK" : "BFB2"));
        }
        if (g0()) {
            int bank = o.swapBank() ? 2 : 1;
            return new NextBoot(bank, String.format("%s with nSWAP_BANK = %d in force: physical bank %d is at"
                    + " 0x08000000 and the CPU boots it", cfg, o.swapBank() ? 0 : 1, bank));
        }
        if (!o.bfb2()) {
            return new NextBoot(1, cfg + " with BFB2 = 0: the reset clears FB_MODE and bank 1 boots at 0x08000000");
        }
        if (validStack.test(2)) {
            return new NextBoot(2, cfg + " with BFB2 = 1: the ROM bootloader finds a valid stack pointer in bank 2,"
                    + " sets FB_MODE = 1 and jumps to it");
        }
        if (validStack.test(1)) {
            return new NextBoot(1, cfg + " with BFB2 = 1, but bank 2 has no valid initial stack pointer: the ROM"
                    + " bootloader falls back to bank 1 (FB_MODE = 0)");
        }
        return new NextBoot(0, cfg + " with BFB2 = 1 and no bank holding a valid initial stack pointer: the ROM"
                + " bootloader stays in command mode");
    }

    @Override
    public BootState readBootState(OptionImage options, boolean swapped, IntPredicate validStackPointer) {
        PageFlashOptionImage o = (PageFlashOptionImage) options;
        FlashGeometry g = descriptor.geometry(flashSizeKiB, o.bankMode());
        NextBoot next = nextBoot(o, validStackPointer);
        int s = swapped ? 1 : 0;
        int running = g.bankCount() == 2 ? (swapped ? 2 : 1) : 1;
        long base = g.linkWindow().base();
        Map<String, Object> mapping = new LinkedHashMap<>();
        if (g0()) {
            boolean after = swapped; // the loaded option stays in force over a plain reset
            mapping.put("nSwapBank", swapped ? 0 : 1);
            return new BootState(o, swapped, after, NSWAP_BANK, "nSWAP_BANK=" + (1 - s), "nSWAP_BANK=" + (1 - s),
                    mapping, NSWAP_BANK, next.bank(), next.reason(), running,
                    String.format("FLASH_OPTR.nSWAP_BANK = %d since the last option load: physical bank %d is mapped"
                            + " at 0x%08X, where the CPU boots", 1 - s, running, base),
                    "FLASH_OPTR.nSWAP_BANK = " + (1 - s) + (swapped ? " swaps the banks" : " keeps the banks"),
                    "a reset keeps it; only an option load (OBL_LAUNCH, power-on) changes it", schemes());
        }
        boolean after = next.bank() == 2;
        mapping.put("fbMode", swapped);
        mapping.put("bfb2", o.bfb2());
        return new BootState(o, swapped, after, FB_MODE, "FB_MODE=" + s,
                String.format("FB_MODE=%d, BFB2=%d", s, o.bfb2() ? 1 : 0), mapping, o.bfb2() ? BFB2 : "main flash",
                next.bank(), next.reason(), running,
                String.format("SYSCFG_MEMRMP.FB_MODE = %d: physical bank %d is mapped at 0x%08X%s", s, running, base,
                        swapped ? " (set by the bootloader's BFB2 boot or by firmware)" : ""),
                "SYSCFG_MEMRMP.FB_MODE = " + s + (swapped ? " swaps the banks" : " keeps the banks"),
                after == swapped ? "the next reset keeps them (" + next.reason() + ")"
                        : "the next reset changes them: " + next.reason(),
                schemes());
    }

    /** BFB2 or nSWAP_BANK: images for 0x0800_0000, an option chooses the bank mapped there. */
    private final class Strategy implements BankSwapStrategy {
        private final SwitchScheme scheme;

        Strategy(SwitchScheme scheme) {
            this.scheme = scheme;
        }

        @Override
        public SwitchScheme scheme() {
            return scheme;
        }

        @Override
        public void checkUpdate(BootState boot, int slot, int running, int inactive) throws SchemeRefusedException {
            if (slot != 1) {
                throw new SchemeRefusedException(String.format("link address mismatch: the %s scheme runs every image"
                        + " at 0x%08X (%s maps the chosen bank there), but this image is linked for the second"
                        + " slot.", scheme.name(), PageFlashLine.MAIN_FLASH, scheme.mappingBit()),
                        List.of(String.format("link the image for 0x%08X (both images of an A/B pair are linked there),"
                                + " then flashbank bank-update IMAGE", PageFlashLine.MAIN_FLASH)));
            }
            checkSwitch(boot);
        }

        @Override
        public void checkSwitch(BootState boot) throws SchemeRefusedException {
            PageFlashOptionImage o = (PageFlashOptionImage) boot.options();
            if (bootLock(o) && descriptor.pageFlashParameters().bootLockBlocksSwapChange()) {
                // an SECxR that reads as the erased word is what a cut option write loads (OPTVERR): recover repairs it
                boolean cut = o.mismatchLookingRegisters().stream().anyMatch(r -> o.word(r) == 0xFFFF_FFFF);
                throw new SchemeRefusedException("BOOT_LOCK = 1: a " + scheme.mappingBit() + " change is not made while"
                        + " the boot is locked to the main flash (model parameter bootLockBlocksSwapChange)."
                        + (cut ? " Its register reads 0xFFFFFFFF, the value an option load takes after an option write"
                                + " cut by a power loss." : ""),
                        cut ? List.of("flashbank doctor explains the cut option write; flashbank recover writes the"
                                + " options that write asked for again from the board journal (nothing is erased)",
                                "or flashbank ob set BOOT_LOCK=0 (the other registers keep what the cut load left),"
                                        + " then switch again")
                                : List.of("flashbank ob set BOOT_LOCK=0 (IDE: Option Bytes editor, securable area and"
                                        + " boot lock), then switch again"));
            }
            Optional<Integer> boot0 = softwareBoot0(o);
            if (!bootLock(o) && boot0.orElse(0) == 1) {
                String field = g0() ? "nBOOT0=1 (or nBOOT_SEL=0)" : "nBOOT0=1 (or nSWBOOT0=1)";
                throw new SchemeRefusedException("the boot options select " + (descriptor.registers().optr()
                        .field(NBOOT1).isSet(o.optr()) ? "system memory" : "SRAM") + " (BOOT0 = 1 from nBOOT0): "
                        + "no flash bank starts, whatever " + scheme.mappingBit() + " says.",
                        List.of("flashbank ob set " + field + " (IDE: Option Bytes editor, boot), then switch again"));
            }
        }

        @Override
        public SwitchPlan plan(BootState boot, int targetBank, FlashWindow linkWindow) throws SchemeRefusedException {
            checkSwitch(boot);
            PageFlashOptionImage o = (PageFlashOptionImage) boot.options();
            Register optr = descriptor.registers().optr();
            if (g0()) {
                int value = targetBank == 2 ? 0 : 1;
                PageFlashOptionImage after = o.withWord(OPTR, optr.field(NSWAP_BANK).insert(o.optr(), value));
                return new SwitchPlan(NSWAP_BANK, false, Optional.of(NSWAP_BANK), Optional.of(String.valueOf(value)),
                        after, String.format("nSWAP_BANK = %d: the option load that ends the write (OBL_LAUNCH resets"
                                + " the part) maps physical bank %d at 0x%08X and the CPU boots its image (RM0444"
                                + " §3.3.1)", value, targetBank, PageFlashLine.MAIN_FLASH), OPTSTRT, List.of(),
                        List.of());
            }
            int value = targetBank == 2 ? 1 : 0;
            PageFlashOptionImage after = o.withWord(OPTR, optr.field(BFB2).insert(o.optr(), value));
            String why = targetBank == 2
                    ? String.format("BFB2 = 1: after the option load that ends the write (OBL_LAUNCH resets the part)"
                            + " the ROM bootloader checks bank 2's initial stack pointer (up to 0x%08X), maps bank 2 at"
                            + " 0x%08X (FB_MODE = 1) and jumps to it; if bank 2's stack pointer is not valid it falls"
                            + " back to bank 1. Address 0 stays system memory: the image must set VTOR = 0x%08X"
                            + " (RM0351 §2.6, RM0440 §2.6.1)", line().bootloaderStackLimit(),
                            PageFlashLine.MAIN_FLASH, PageFlashLine.MAIN_FLASH)
                    : String.format("BFB2 = 0: after the option load that ends the write (OBL_LAUNCH resets the part)"
                            + " the part boots bank 1 at 0x%08X directly (FB_MODE = 0)", PageFlashLine.MAIN_FLASH);
            return new SwitchPlan(BFB2, false, Optional.of(BFB2), Optional.of(String.valueOf(value)), after, why,
                    OPTSTRT, List.of(), List.of());
        }
    }
}
