package dev.flashbank.core.ops;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.stm32f7.BootAddress;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.OptionWriteResult;
import dev.flashbank.core.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.TargetException;

/**
 * How the boot bank will be switched to {@code targetBank}: which option changes (BOOT_ADD0 or BOOT_ADD1 - the one the
 * last reset used, so the other BOOT0 path, usually the ROM bootloader for recovery, is kept), its new value, and why.
 * The option write is one OPTSTRT (stm32-facts §1.9); it acts at the next reset (§6.1).
 *
 * @param scheme the user's scheme
 * @param mechanism what actually selects the bank
 * @param targetBank the physical bank that should start
 * @param option "BOOT_ADD0" or "BOOT_ADD1" (empty for {@link Mechanism#FIRMWARE})
 * @param before the option bytes now
 * @param after the option bytes to write (equal to {@code before} when nothing changes)
 * @param explanation plain words
 * @param window how long the option write keeps the part where a power loss erases the option area (empty when
 *        nothing is written)
 */
public record BankSwitch(SwitchScheme scheme, Mechanism mechanism, int targetBank, Optional<String> option,
        OptionBytes before, OptionBytes after, String explanation, Optional<OptionWriteWindow> window) {

    /** What selects the bank at reset. */
    public enum Mechanism {
        /** BOOT_ADDx points at the image's own address, nDBOOT = 1 (direct boot). */
        BOOT_ADDRESS,
        /** nDBOOT = 0: the ROM bootloader tries the bank BOOT_ADDx names first and sets SWP_FB for bank 2 (model). */
        DUAL_BOOT_ROM,
        /** The firmware's own startup code decides (REMAP without dual boot): Flashbank cannot switch. */
        FIRMWARE
    }

    /** True when an option write is needed. */
    public boolean writesOptions() {
        return mechanism != Mechanism.FIRMWARE && !after.equals(before);
    }

    /** True when the model says the ROM bootloader can switch a REMAP pair (dual boot, §1.6, UNCONFIRMED). */
    /** BOOT_ADD/REMAP switching is STM32F7's: another family's part is refused, nothing written. */
    private static Stm32F7FlashDriver f7(String op, OperationContext ctx) throws OperationRefusedException {
        try {
            return Stm32F7FlashDriver.of(ctx.driver());
        } catch (FlashRequestException e) {
            throw new OperationRefusedException(op, e.getMessage(), "");
        }
    }

    static boolean dualBootSwitches(Stm32F7Parameters p, OptionBytes o, FlashGeometry g) {
        return g.mode() == BankMode.DUAL && !o.nDBoot() && p.romBootloaderSetsSwpFb()
                && p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST;
    }

    /**
     * Plans the switch. For {@link SwitchScheme#BOOT_ADD} {@code linkWindow} is the window the target image is linked
     * in (AXIM 0x0800_0000 or ITCM 0x0020_0000): BOOT_ADDx gets the bank's address in that window.
     */
    static BankSwitch plan(String op, OperationContext ctx, BankSurvey survey, SwitchScheme scheme, int targetBank,
            FlashWindow linkWindow) throws OperationRefusedException {
        FlashGeometry g = ctx.geometry();
        Stm32F7FlashDriver f7 = f7(op, ctx);
        Stm32F7Parameters p = f7.descriptor().stm32F7Parameters();
        OptionBytes o = survey.options();
        String name = survey.memBoot() ? "BOOT_ADD1" : "BOOT_ADD0";
        Mechanism m;
        long address;
        String why;
        if (scheme == SwitchScheme.BOOT_ADD) {
            if (!o.nDBoot()) {
                throw new OperationRefusedException(op, "nDBOOT = 0 (dual boot): with a flash boot address the part "
                        + "starts the ROM bootloader, which picks the bank itself, so BOOT_ADDx cannot select an "
                        + "image (RM0410, boot configuration: dual boot).", "flashbank ob set nDBOOT=1 (IDE: Option Bytes editor, nDBOOT), or "
                                + "--scheme remap");
            }
            m = Mechanism.BOOT_ADDRESS;
            address = g.windowAddress(targetBank, 0, false, linkWindow);
            why = String.format("%s = 0x%04X (0x%08X): at the next reset the core starts physical bank %d directly "
                    + "(SWP_FB is 0 after reset)", name, address >>> BootAddress.SHIFT, address, targetBank);
        } else if (dualBootSwitches(p, o, g)) {
            m = Mechanism.DUAL_BOOT_ROM;
            address = g.windowAddress(targetBank, 0, false, g.linkWindow());
            why = String.format("%s = 0x%04X (0x%08X) with nDBOOT = 0: the ROM bootloader tries physical bank %d first"
                    + "%s (model parameters dualBootPolicy = BOOT_ADDRESS_BANK_FIRST, romBootloaderSetsSwpFb = true; "
                    + "UNCONFIRMED, AN2606)", name, address >>> BootAddress.SHIFT, address, targetBank,
                    targetBank == 2 ? " and sets SWP_FB = 1 so that it runs at 0x08000000" : " (SWP_FB stays 0)");
        } else {
            return new BankSwitch(scheme, Mechanism.FIRMWARE, targetBank, Optional.empty(), o, o,
                    "REMAP without a bootloader that sets SWP_FB: the firmware's startup code must set SWP_FB from its "
                            + "own persistent marker. Flashbank does not know or write that marker, so it cannot "
                            + "switch; " + (o.nDBoot() ? "nDBOOT = 1" : "the model's ROM bootloader ("
                                    + p.dualBootPolicy() + ", romBootloaderSetsSwpFb = "
                                    + p.romBootloaderSetsSwpFb() + ") cannot be steered by BOOT_ADDx"),
                    Optional.empty());
        }
        int raw;
        try {
            raw = BootAddress.encode(name, address, f7.descriptor().stm32F7Line(),
                    ctx.driver().flashSizeKiB(), Optional.of(g.mode()));
        } catch (InvalidOptionValueException e) {
            throw new OperationRefusedException(op, e.getMessage(), "");
        }
        OptionBytes after = survey.memBoot() ? o.withBootAdd1(raw) : o.withBootAdd0(raw);
        Optional<OptionWriteWindow> window = after.equals(o) ? Optional.empty()
                : Optional.of(OptionWriteWindow.of(f7, o, after));
        String said = why + window.map(w -> String.format("; written last, in one OPTSTRT of at most ~%d ms (if power "
                + "is lost inside it, `%s` restores the board)", w.millis(), OptionWriteWindow.RECOVER_COMMAND))
                .orElse("");
        return new BankSwitch(scheme, m, targetBank, Optional.of(name), o, after, said, window);
    }

    /**
     * Writes the options (when anything changes) in ONE OPTSTRT and checks the read-back. The context's
     * {@link OptionWriteGuard} runs right before it (journal, "do not remove power" notice): this is the last step
     * of every bank update, swap and rollback, so the window a power loss can hit is that one OPTSTRT.
     */
    Optional<OptionWriteResult> apply(String op, OperationContext ctx, FlashProgress progress)
            throws OperationException, TargetException {
        if (!writesOptions()) {
            return Optional.empty();
        }
        ctx.optionWriteGuard().beforeOptionWrite(Stm32F7FlashDriver.of(ctx.driver()), before, after);
        OptionWriteResult r = ctx.driver().writeOptions(after, progress);
        if (!r.readBackMatches()) {
            throw new OperationException(op + ": the option bytes read back " + r.after() + " after writing " + after
                    + "; the boot bank may not have been switched - run the doctor");
        }
        return Optional.of(r);
    }

    public Map<String, Object> data() {
        return Data.of("scheme", scheme.name(), "mechanism", mechanism.name(), "targetBank", targetBank, "option",
                option.orElse(null), "value", option.map(n -> String.format("0x%04X",
                        n.equals("BOOT_ADD1") ? after.bootAdd1() : after.bootAdd0())).orElse(null), "changes",
                writesOptions(), "explanation", explanation, "optionWriteWindow",
                window.map(OptionWriteWindow::data).orElse(null));
    }
}
