package dev.flashbank.family.stm32f7.flash;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.family.SwitchPlan;
import dev.flashbank.core.target.TargetException;

/**
 * Bank swapping on a dual-bank STM32F76x/F77x: SYSCFG_MEMRMP.SWP_FB (the mapping now, volatile, cleared by every
 * reset) and MEM_BOOT (which boot address the last reset used), BOOT_ADD0/1 and nDBOOT (which bank the next reset
 * starts, RM0410 §2.4, boot configuration and SYSCFG_MEMRMP), and the two schemes {@link Stm32F7SwitchSchemes#BOOT_ADD}
 * (BOOT_ADDx points at the image's own address) and {@link Stm32F7SwitchSchemes#REMAP} (images for 0x0800_0000; the
 * firmware, or the ROM bootloader in dual boot, sets SWP_FB).
 */
public final class Stm32F7BankSwap implements BankSwapping {

    private final Stm32F7FlashDriver driver;

    public Stm32F7BankSwap(Stm32F7FlashDriver driver) {
        this.driver = driver;
    }

    @Override
    public List<SwitchScheme> schemes() {
        return driver.descriptor().switchSchemes(driver.flashSizeKiB());
    }

    @Override
    public BankSwapStrategy strategy(SwitchScheme scheme) throws SchemeRefusedException {
        SchemeRefusedException.requireOneOf(scheme, schemes(), driver.descriptor().line());
        return new Strategy(scheme);
    }

    /** SWP_FB = 1: every reset clears it. */
    @Override
    public boolean mappingChangesAtReset() throws TargetException {
        return driver.banksSwapped();
    }

    @Override
    public SwitchScheme.Choice choose(AddressRange image, BootState boot, int runningBank) {
        return Stm32F7SwitchSchemes.forImage(image, driver.geometry(), runningBank, boot.swapped());
    }

    @Override
    public BootState readBootState(OptionImage options, boolean swapped, IntPredicate validStackPointer)
            throws TargetException {
        boolean memBoot = driver.bootMapping().secondBootAddress(); // SYSCFG_MEMRMP.MEM_BOOT
        OptionBytes o = (OptionBytes) options;
        Stm32F7Parameters p = driver.descriptor().stm32F7Parameters();
        FlashGeometry g = driver.geometry();
        boolean dual = g.mode() == BankMode.DUAL;
        // which bank the option bytes start (SWP_FB = 0 at reset, RM0410 SYSCFG_MEMRMP)
        int raw = memBoot ? o.bootAdd1() : o.bootAdd0();
        long address = BootAddress.toAddress(raw);
        int boot;
        String bootReason;
        String opt = String.format("BOOT_ADD%d = 0x%04X (0x%08X)", memBoot ? 1 : 0, raw, address);
        Optional<BankOffset> at = g.physicalBankAt(address, false);
        if (at.isEmpty()) {
            boot = 0;
            bootReason = opt + " is not in flash: " + BootAddress.describe(raw, driver.descriptor().stm32F7Line(),
                    driver.flashSizeKiB(), Optional.of(g.mode()));
        } else if (dual && !o.nDBoot()) {
            int first = p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST ? at.get().bank() : 1;
            int second = 3 - first;
            boot = validStackPointer.test(first) ? first : validStackPointer.test(second) ? second : 0;
            bootReason = opt + " with nDBOOT = 0: the ROM bootloader picks the bank (model parameter "
                    + "dualBootPolicy = " + p.dualBootPolicy() + ", UNCONFIRMED) - "
                    + (boot == 0 ? "neither bank has a valid stack pointer, the bootloader stays"
                            : "physical bank " + boot + (p.romBootloaderSetsSwpFb() && boot == 2
                                    ? ", started with SWP_FB = 1 (model parameter romBootloaderSetsSwpFb)" : ""));
        } else {
            boot = at.get().bank();
            bootReason = opt + " is physical bank " + boot + " at reset (SWP_FB = 0)"
                    + (dual ? ", nDBOOT = 1: direct boot" : "");
        }
        return bootState(o, dual, swapped, memBoot, boot, bootReason);
    }

    /**
     * The F7 boot state from what was read: SWP_FB, MEM_BOOT, and the bank the options start with the reason (also
     * for tests that decide on a survey without a target).
     */
    public static BootState bootState(OptionBytes options, boolean dual, boolean swpFb, boolean memBoot, int bootBank,
            String bootReason) {
        int s = swpFb ? 1 : 0;
        int m = memBoot ? 1 : 0;
        boolean mapped = dual && swpFb;
        return new BootState(options, swpFb, false, "SWP_FB", "SWP_FB=" + s,
                String.format("SWP_FB=%d, MEM_BOOT=%d (BOOT_ADD%d)", s, m, m), Map.of("swpFb", swpFb, "memBoot", memBoot),
                "BOOT_ADD" + m, bootBank, bootReason, mapped ? 2 : 0,
                mapped ? "SWP_FB = 1: physical bank 2 is mapped at 0x08000000, where firmware linked for 0x08000000 "
                        + "runs (SWP_FB is volatile: startup code or the ROM bootloader set it)" : "",
                "SYSCFG_MEMRMP.SWP_FB = " + s + " remaps the banks", "every reset clears it", Stm32F7SwitchSchemes.ALL);
    }

    /**
     * True when the model says the ROM bootloader can switch a REMAP pair (dual boot, AN2606 not read, UNCONFIRMED).
     */
    static boolean dualBootSwitches(Stm32F7Parameters p, OptionBytes o, FlashGeometry g) {
        return g.mode() == BankMode.DUAL && !o.nDBoot() && p.romBootloaderSetsSwpFb()
                && p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST;
    }

    /** BOOT_ADD or REMAP on this part. */
    private final class Strategy implements BankSwapStrategy {
        private final SwitchScheme scheme;

        Strategy(SwitchScheme scheme) {
            this.scheme = scheme;
        }

        private boolean bootAdd() {
            return scheme.equals(Stm32F7SwitchSchemes.BOOT_ADD);
        }

        @Override
        public SwitchScheme scheme() {
            return scheme;
        }

        @Override
        public void checkUpdate(BootState boot, int slot, int running, int inactive) throws SchemeRefusedException {
            FlashGeometry g = driver.geometry();
            long slotBase = g.windowAddress(slot, 0, false, g.linkWindow());
            if (bootAdd()) {
                if (boot.swapped()) {
                    throw new SchemeRefusedException("SWP_FB = 1: the running firmware swapped the banks itself, which "
                            + "is the REMAP scheme; with BOOT_ADD switching each image runs at its own address and "
                            + "SWP_FB stays 0.", List.of("flashbank bank-update IMAGE --scheme remap (IDE: Bank Update "
                                    + "launch, scheme REMAP)"));
                }
                if (slot != inactive) {
                    long own = g.windowAddress(inactive, 0, false, g.linkWindow());
                    throw new SchemeRefusedException(String.format("link address mismatch: the image is linked for "
                            + "0x%08X (physical bank %d's own address), but physical bank %d is the running bank; the "
                            + "BOOT_ADD scheme puts the new image into physical bank %d, which boots at 0x%08X.",
                            slotBase, slot, running, inactive, own), List.of(String.format("link the new image for "
                                    + "0x%08X and run flashbank bank-update IMAGE --scheme boot-add again (or images "
                                    + "linked for 0x08000000: --scheme remap)", own)));
                }
            } else if (slot != 1) {
                throw new SchemeRefusedException(String.format("link address mismatch: the REMAP scheme runs every "
                        + "image at 0x08000000 (SWP_FB maps the chosen bank there), but this image is linked for "
                        + "0x%08X.", slotBase), List.of("link the image for 0x08000000, or flashbank bank-update IMAGE "
                                + "--scheme boot-add (IDE: Bank Update launch, scheme BOOT_ADD)"));
            }
        }

        @Override
        public void checkSwitch(BootState boot) throws SchemeRefusedException {
            if (bootAdd() && boot.swapped()) {
                throw new SchemeRefusedException("SWP_FB = 1: the running firmware swaps banks itself (REMAP scheme), "
                        + "BOOT_ADD switching does not apply.", List.of("flashbank swap --scheme remap (IDE: Swap Banks "
                                + "launch, scheme REMAP)"));
            }
        }

        /**
         * Which option changes (BOOT_ADD0 or BOOT_ADD1 - the one the last reset used, so the other BOOT0 path, usually
         * the ROM bootloader for recovery, is kept), its new value, and why. For BOOT_ADD {@code linkWindow} is the
         * window the target image is linked in (AXIM 0x0800_0000 or ITCM 0x0020_0000): BOOT_ADDx gets the bank's
         * address in that window. The option write is one OPTSTRT (RM0410, option bytes programming); it acts at the next reset.
         */
        @Override
        public SwitchPlan plan(BootState boot, int targetBank, FlashWindow linkWindow) throws SchemeRefusedException {
            FlashGeometry g = driver.geometry();
            Stm32F7Parameters p = driver.descriptor().stm32F7Parameters();
            OptionBytes o = (OptionBytes) boot.options();
            String name = boot.bootOption();
            String mechanism;
            long address;
            String why;
            if (bootAdd()) {
                if (!o.nDBoot()) {
                    throw new SchemeRefusedException("nDBOOT = 0 (dual boot): with a flash boot address the part "
                            + "starts the ROM bootloader, which picks the bank itself, so BOOT_ADDx cannot select an "
                            + "image (RM0410, boot configuration: dual boot).", List.of("flashbank ob set nDBOOT=1 "
                                    + "(IDE: Option Bytes editor, nDBOOT), or --scheme remap"));
                }
                mechanism = "BOOT_ADDRESS";
                address = g.windowAddress(targetBank, 0, false, linkWindow);
                why = String.format("%s = 0x%04X (0x%08X): at the next reset the core starts physical bank %d directly "
                        + "(SWP_FB is 0 after reset)", name, address >>> BootAddress.SHIFT, address, targetBank);
            } else if (dualBootSwitches(p, o, g)) {
                mechanism = "DUAL_BOOT_ROM";
                address = g.windowAddress(targetBank, 0, false, g.linkWindow());
                why = String.format("%s = 0x%04X (0x%08X) with nDBOOT = 0: the ROM bootloader tries physical bank %d "
                        + "first%s (model parameters dualBootPolicy = BOOT_ADDRESS_BANK_FIRST, romBootloaderSetsSwpFb "
                        + "= true; UNCONFIRMED, AN2606)", name, address >>> BootAddress.SHIFT, address, targetBank,
                        targetBank == 2 ? " and sets SWP_FB = 1 so that it runs at 0x08000000" : " (SWP_FB stays 0)");
            } else {
                return new SwitchPlan("FIRMWARE", true, Optional.empty(), Optional.empty(), o,
                        "REMAP without a bootloader that sets SWP_FB: the firmware's startup code must set SWP_FB from "
                                + "its own persistent marker. Flashbank does not know or write that marker, so it "
                                + "cannot switch; " + (o.nDBoot() ? "nDBOOT = 1" : "the model's ROM bootloader ("
                                        + p.dualBootPolicy() + ", romBootloaderSetsSwpFb = "
                                        + p.romBootloaderSetsSwpFb() + ") cannot be steered by BOOT_ADDx"),
                        "OPTSTRT",
                        List.of("flashbank bank-update IMAGE --no-switch (update without switching; IDE: Bank Update "
                                + "launch without 'swap') and let the firmware switch", "or flashbank ob set nDBOOT=0 "
                                        + "(dual boot) on a part whose ROM bootloader starts the bank BOOT_ADDx names "
                                        + "and sets SWP_FB (UNCONFIRMED, see RM0410, boot configuration)"),
                        List.of("switch banks through your firmware, or flashbank ob set nDBANK=0 (IDE: Option Bytes "
                                + "editor) for BOOT_ADD switching"));
            }
            int raw;
            try {
                raw = BootAddress.encode(name, address, driver.descriptor().stm32F7Line(), driver.flashSizeKiB(),
                        Optional.of(g.mode()));
            } catch (InvalidOptionValueException e) {
                throw new SchemeRefusedException(e.getMessage(), List.of());
            }
            OptionBytes after = name.equals("BOOT_ADD1") ? o.withBootAdd1(raw) : o.withBootAdd0(raw);
            return new SwitchPlan(mechanism, false, Optional.of(name), Optional.of(String.format("0x%04X", raw)), after,
                    why, "OPTSTRT", List.of(), List.of());
        }
    }
}
