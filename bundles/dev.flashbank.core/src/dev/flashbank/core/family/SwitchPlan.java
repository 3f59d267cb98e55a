package dev.flashbank.core.family;

import java.util.List;
import java.util.Optional;

/**
 * What a bank-swap strategy would write to make a physical bank start (it writes nothing itself: the operation writes
 * {@link #after()} with the family's option write, as the last step, behind the option-write guard).
 *
 * @param mechanism what selects the bank at reset, as a name for reports: F7 "BOOT_ADDRESS", "DUAL_BOOT_ROM",
 *        "FIRMWARE"; H7 "SWAP_BANK_OPT"
 * @param firmwareSwitches true when no option can switch: the firmware's own start-up code must (then {@code after}
 *        equals the options now and the operation refuses a requested switch with the fixes below)
 * @param option the option that changes ("BOOT_ADD0", "SWAP_BANK_OPT"); empty when the firmware switches
 * @param value its new value as the option editor writes it ("0x0810", "1")
 * @param after the option image to write (equal to the options now when nothing changes)
 * @param explanation plain words: what the option does at the next reset and why this bank starts
 * @param optionStart the controller's start bit of an option write, for messages ("OPTSTRT", "OPTSTART")
 * @param updateFixes when the firmware switches: what a bank update that was asked to switch suggests instead
 * @param switchFixes when the firmware switches: what swap and rollback suggest instead
 */
public record SwitchPlan(String mechanism, boolean firmwareSwitches, Optional<String> option, Optional<String> value,
        OptionImage after, String explanation, String optionStart, List<String> updateFixes,
        List<String> switchFixes) {

    public SwitchPlan {
        updateFixes = List.copyOf(updateFixes);
        switchFixes = List.copyOf(switchFixes);
    }
}
