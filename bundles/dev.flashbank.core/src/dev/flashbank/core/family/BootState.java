package dev.flashbank.core.family;

import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.SwitchScheme;

/**
 * How a dual-bank part maps and boots its banks, read from the target by the family ({@link BankSwapping#readBootState}):
 * the mapping in force now, the mapping and the bank the next reset brings, and the words the family's reference
 * manual uses for them. A value: the bank survey, the switch plans and the running-bank guard decide from it without
 * knowing the family.
 *
 * @param options the option image now (what the next reset latches)
 * @param swapped the banks are swapped NOW: slot 1 shows physical bank 2 (F7 SYSCFG_MEMRMP.SWP_FB, H7 FLASH_OPTCR.SWAP_BANK)
 * @param swappedAfterReset the mapping the next reset brings (F7: never swapped, SWP_FB is cleared by every reset; H7:
 *        OPTSR_CUR.SWAP_BANK_OPT)
 * @param mappingBit the bit that swaps the mapping now, for messages ("SWP_FB", "SWAP_BANK")
 * @param mappingLabel the mapping now in that bit's words: "SWP_FB=1", "SWAP_BANK=0"
 * @param label the boot configuration for one-line summaries: "SWP_FB=0, MEM_BOOT=0 (BOOT_ADD0)", "SWAP_BANK=0,
 *        SWAP_BANK_OPT=1"
 * @param mapping the same facts as named values for JSON output (F7: swpFb, memBoot; H7: swapBank, swapBankOpt)
 * @param bootOption the boot option the last reset used ("BOOT_ADD0" or "BOOT_ADD1")
 * @param bootBank the physical bank the next reset starts (0: not a flash bank), assuming the boot pin stays as it was
 * @param bootReason why
 * @param mappedRunningBank the physical bank firmware runs from when the mapping alone tells (F7: bank 2 while SWP_FB =
 *        1; H7: the bank in slot 1 since the last reset); 0 when the boot options have to tell
 * @param mappedRunningEvidence why {@code mappedRunningBank}
 * @param mappingNow the mapping now as a sentence start for the running-bank guard: "SYSCFG_MEMRMP.SWP_FB = 1 remaps
 *        the banks"
 * @param mappingAtReset what the next reset does to it: "every reset clears it"
 * @param schemes the part's switching schemes (for the commands messages suggest)
 */
public record BootState(OptionImage options, boolean swapped, boolean swappedAfterReset, String mappingBit,
        String mappingLabel, String label, Map<String, Object> mapping, String bootOption, int bootBank,
        String bootReason, int mappedRunningBank, String mappedRunningEvidence, String mappingNow,
        String mappingAtReset, List<SwitchScheme> schemes) {

    public BootState {
        schemes = List.copyOf(schemes);
        mapping = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mapping));
    }

    /** An address means another physical bank after the next reset than now. */
    public boolean mappingChangesAtReset() {
        return swapped != swappedAfterReset;
    }
}
