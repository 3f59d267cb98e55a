package dev.flashbank.family.pageflash.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * What the simulated page-flash controller assumes where no reference-manual sentence was read: each UNCONFIRMED fact
 * of the controller becomes a named, switchable value (so a test can simulate the other reading), listed with its
 * status in {@link #asList()} for the board's report. Give one to a board through
 * {@code BoardOptions.withFamilySim(...)}. The model's own assumptions that the simulator obeys as well (BKER selects
 * the physical bank, the bootloader sets FB_MODE, the G4 gap, debug sees the swap) are the device model's
 * {@code PageFlashParameters}, given through {@code BoardOptions.withParameters(...)}.
 *
 * @param bootloaderSpLimitBytes the ROM bootloader accepts an initial stack pointer in (SRAM base, SRAM base +
 *        limit]; 0 = any RAM region of the part (third-party reports: G474 rejects the end of SRAM + CCM, L496 accepts
 *        only 0x2000_0000..0x2004_0000)
 * @param strictG0Bank2PageNumber G0B1 with BKER = 1 accepts only PNB 256 + n (RM numbering) and refuses n alone with
 *        PGSERR; false accepts both (ST's HAL writes n, Zephyr 256 + n, a user saw both work)
 * @param eopNeedsEopie SR.EOP is set only while CR.EOPIE = 1 (the reference manuals' convention)
 * @param wrongKeyLocksUntilReset a wrong KEYR/OPTKEYR sequence (or a key written while unlocked) answers with a bus
 *        error and keeps the register locked until the next reset (RM0444 wording for OPTKEYR)
 * @param pendingErrorsBlockProgramming while PROGERR/SIZERR/PGAERR/PGSERR/MISERR/FASTERR is pending, a further
 *        program or erase is refused with PGSERR (RM0351 PGSERR text)
 * @param fastProgramming which pages fast programming (FSTPG) accepts without FASTERR
 * @param fastRowTimeoutNanos fast programming: the next double word of a row must arrive within this time, else
 *        MISERR
 * @param eccErrorFaultsDebugRead a debugger read of a double word with an uncorrectable ECC error ends in a bus fault
 *        (ECCD is set either way)
 * @param optionMismatchProtectsAll an option value whose stored complement does not match loads as "protected":
 *        RDP level 1, WRP areas covering every page, PCROP off; otherwise the erased value (RM0444 warns that the
 *        mismatch values "force a secure configuration")
 * @param virginOptverr a factory-fresh board reports SR.OPTVERR = 1 ("Clear OPTVERR bit set on virgin samples", ST's
 *        examples); false starts clean so that tools which do not clear stale flags still work
 * @param bankModeChangeReinterprets after a DBANK / DUALBANK / DUAL_BANK change the cells stay and are read through
 *        the other layout (128-bit interleave on G4); false marks every double word torn until erased
 */
public record PageFlashSimParameters(long bootloaderSpLimitBytes, boolean strictG0Bank2PageNumber,
        boolean eopNeedsEopie, boolean wrongKeyLocksUntilReset,
        boolean pendingErrorsBlockProgramming, FastProgramming fastProgramming, long fastRowTimeoutNanos,
        boolean eccErrorFaultsDebugRead, boolean optionMismatchProtectsAll, boolean virginOptverr,
        boolean bankModeChangeReinterprets) {

    /** Which erased area fast programming accepts (RM: "perform a mass erase"; G0B0: only the last erased page). */
    public enum FastProgramming {
        /** Only a bank erased by MER1/MER2 (and not programmed since). */
        MASS_ERASED_BANK,
        /** A page erased by the last erase operation, or any page of a bank erased by the last mass erase. */
        LAST_ERASED,
        /** Any erased row. */
        ANY_ERASED
    }

    /** The simulator's defaults. */
    public static PageFlashSimParameters defaults() {
        return new PageFlashSimParameters(0, false, true, true, true, FastProgramming.LAST_ERASED, 100_000,
                true, true, false, true);
    }

    public PageFlashSimParameters withBootloaderSpLimitBytes(long v) {
        return new PageFlashSimParameters(v, strictG0Bank2PageNumber, eopNeedsEopie,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, fastProgramming, fastRowTimeoutNanos,
                eccErrorFaultsDebugRead, optionMismatchProtectsAll, virginOptverr, bankModeChangeReinterprets);
    }

    public PageFlashSimParameters withStrictG0Bank2PageNumber(boolean v) {
        return new PageFlashSimParameters(bootloaderSpLimitBytes, v, eopNeedsEopie,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, fastProgramming, fastRowTimeoutNanos,
                eccErrorFaultsDebugRead, optionMismatchProtectsAll, virginOptverr, bankModeChangeReinterprets);
    }

    public PageFlashSimParameters withFastProgramming(FastProgramming v) {
        return new PageFlashSimParameters(bootloaderSpLimitBytes, strictG0Bank2PageNumber, eopNeedsEopie,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, v, fastRowTimeoutNanos,
                eccErrorFaultsDebugRead, optionMismatchProtectsAll, virginOptverr, bankModeChangeReinterprets);
    }

    public PageFlashSimParameters withVirginOptverr(boolean v) {
        return new PageFlashSimParameters(bootloaderSpLimitBytes, strictG0Bank2PageNumber, eopNeedsEopie,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, fastProgramming,
                fastRowTimeoutNanos, eccErrorFaultsDebugRead, optionMismatchProtectsAll, v,
                bankModeChangeReinterprets);
    }

    public PageFlashSimParameters withEopNeedsEopie(boolean v) {
        return new PageFlashSimParameters(bootloaderSpLimitBytes, strictG0Bank2PageNumber, v,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, fastProgramming, fastRowTimeoutNanos,
                eccErrorFaultsDebugRead, optionMismatchProtectsAll, virginOptverr, bankModeChangeReinterprets);
    }

    public PageFlashSimParameters withBankModeChangeReinterprets(boolean v) {
        return new PageFlashSimParameters(bootloaderSpLimitBytes, strictG0Bank2PageNumber, eopNeedsEopie,
                wrongKeyLocksUntilReset, pendingErrorsBlockProgramming, fastProgramming,
                fastRowTimeoutNanos, eccErrorFaultsDebugRead, optionMismatchProtectsAll, virginOptverr, v);
    }

    /** All values with status and the question they stand for, for the board's report. */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("pageflash.sim.bootloaderSpLimitBytes", bootloaderSpLimitBytes, u,
                        "bootloader SP acceptance range per part not read (0 = any RAM)"),
                new ModelParameter<>("pageflash.sim.strictG0Bank2PageNumber", strictG0Bank2PageNumber, u,
                        "RM0444 numbers bank-2 pages 256.., HAL passes 0..; a user saw both work"),
                new ModelParameter<>("pageflash.sim.eopNeedsEopie", eopNeedsEopie, u, "reference-manual convention"),
                new ModelParameter<>("pageflash.sim.wrongKeyLocksUntilReset", wrongKeyLocksUntilReset, u,
                        "RM0444 OPTKEYR wording, assumed for KEYR"),
                new ModelParameter<>("pageflash.sim.pendingErrorsBlockProgramming", pendingErrorsBlockProgramming, u,
                        "RM0351 PGSERR text as quoted"),
                new ModelParameter<>("pageflash.sim.fastProgramming", fastProgramming, u,
                        "RM: 'perform a mass erase'; G0B0 report: only the last erased page"),
                new ModelParameter<>("pageflash.sim.fastRowTimeoutNanos", fastRowTimeoutNanos, u,
                        "MISERR trigger time not read"),
                new ModelParameter<>("pageflash.sim.eccErrorFaultsDebugRead", eccErrorFaultsDebugRead, u,
                        "ECCD routing (NMI) and the debugger's view not read"),
                new ModelParameter<>("pageflash.sim.optionMismatchProtectsAll", optionMismatchProtectsAll, u,
                        "RM0444 §3.4.2 caution: mismatch values force a secure configuration; per-option values not"
                                + " read"),
                new ModelParameter<>("pageflash.sim.virginOptverr", virginOptverr, u,
                        "ST examples: 'Clear OPTVERR bit set on virgin samples'"),
                new ModelParameter<>("pageflash.sim.bankModeChangeReinterprets", bankModeChangeReinterprets, u,
                        "user reports: contents read back scrambled after a DBANK change"));
    }
}
