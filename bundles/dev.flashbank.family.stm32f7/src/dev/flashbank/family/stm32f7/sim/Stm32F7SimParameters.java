package dev.flashbank.family.stm32f7.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.Stm32F7Window;

/**
 * Behaviour of the simulated STM32F7 silicon that neither the reference manuals nor the device model pin down and that
 * only the simulator needs (the assumptions every simulated family shares are {@link dev.flashbank.sim.SimParameters}).
 * Like {@link dev.flashbank.family.stm32f7.Stm32F7Parameters} (which holds every UNCONFIRMED fact of the device
 * itself and which the simulator honours), each value is named, overridable and listed with its status in
 * {@link #asList()} so that reports can say what a simulated answer assumes. Given to a board through
 * {@link dev.flashbank.sim.BoardOptions#withFamilySim(Object)}.
 *
 * @param rdp1DebugEraseFlag the FLASH_SR flag set when an erase is started while RDP level 1 blocks a connected
 *        debugger from erasing (RM0410, read protection: "no read, erase or program access"; the flag is not documented)
 * @param pcropReadBusFault a data read of a PCROP sector (F72x) answers with a bus error in addition to setting RDERR
 *        (RM0431 FLASH_SR names only RDERR; whether the read data is zeroed or faulted is not documented)
 * @param invalidSnbFlag the flag set when STRT with SER selects an SNB that names no sector of the current layout
 *        (not documented; the erase does not run)
 * @param singleBankMer2ErasesAll in single-bank mode MER2 alone (or MER|MER2) erases the whole flash like MER
 *        (RM wording not available; HAL sets MER|MER2 for a full-chip erase, FLASH_MER_BIT)
 * @param keyWriteWhileUnlockedIsWrongSequence writing KEYR/OPTKEYR while already unlocked counts as a wrong key
 *        sequence (OpenOCD stm32f2x.c: "otherwise writing on STM32_FLASH_KEYR will fail")
 * @param level2NonFlashBootFallback boot address used when BOOT_ADDx selects RAM or system memory while RDP level 2
 *        forbids booting from them (RM0402 for F4, read protection level 2: "boot from RAM/system memory disabled";
 *        which address is then used is not documented - the factory BOOT_ADD0 target, flash via ITCM, is assumed)
 * @param interruptedOptionWriteErasesWholeArea what a power loss inside OPTSTRT leaves. OPTSTRT first erases the user
 *        configuration sector and then programs it from FLASH_OPTCR/OPTCR1 (RM0410, FLASH chapter, option bytes
 *        programming), so a loss in between leaves RDP = 0xFF (level 1) and BOOT_ADD0 = BOOT_ADD1 = 0xFFFF - that
 *        part is CONFIRMED by ST for F7 and always modelled. UNCONFIRMED is the rest: true = every other option bit
 *        reads erased too (1: nDBANK = 1 single bank, no nWRP, nDBOOT = 1, watchdogs in software, BOR off, and on
 *        F72x every PCROP bit set); false = the other fields keep the values stored before the write
 * @param eraseTimeWithinRange where in the timing table's typ..max range a sector erase, bank/mass erase and option
 *        programming of this board end, 0 = typical, 1 = maximum (with the board's timing bound MAXIMUM always the
 *        maximum). Silicon gives no exact time, only the datasheet's typ and max: a driver must poll until BSY clears
 *        and cannot be tuned to the simulator's one value; tests move this to show it
 */
public record Stm32F7SimParameters(String rdp1DebugEraseFlag, boolean pcropReadBusFault, String invalidSnbFlag,
        boolean singleBankMer2ErasesAll, boolean keyWriteWhileUnlockedIsWrongSequence, long level2NonFlashBootFallback,
        boolean interruptedOptionWriteErasesWholeArea, double eraseTimeWithinRange) {

    public Stm32F7SimParameters {
        if (!(eraseTimeWithinRange >= 0 && eraseTimeWithinRange <= 1)) {
            throw new IllegalArgumentException("eraseTimeWithinRange must be within 0 (typ) .. 1 (max)");
        }
    }

    /** The simulator's defaults (erases take the table's typical time). */
    public static Stm32F7SimParameters defaults() {
        return new Stm32F7SimParameters(Stm32F7Registers.WRPERR, true, Stm32F7Registers.ERSERR, true, true,
                Stm32F7Window.ITCM.base(), true, 0);
    }

    public Stm32F7SimParameters withEraseTimeWithinRange(double v) {
        return new Stm32F7SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, interruptedOptionWriteErasesWholeArea,
                v);
    }

    /**
     * Duration of an operation whose table values are {@code typMicros}..{@code maxMicros}, at this board's
     * {@link #eraseTimeWithinRange} ({@code bound} MAXIMUM: the maximum).
     */
    public long eraseMicros(long typMicros, long maxMicros, dev.flashbank.core.device.FlashTimings.Bound bound) {
        if (bound == dev.flashbank.core.device.FlashTimings.Bound.MAXIMUM) {
            return maxMicros;
        }
        return typMicros + Math.round(eraseTimeWithinRange * (maxMicros - typMicros));
    }

    public Stm32F7SimParameters withRdp1DebugEraseFlag(String flag) {
        return new Stm32F7SimParameters(flag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, interruptedOptionWriteErasesWholeArea,
                eraseTimeWithinRange);
    }

    public Stm32F7SimParameters withPcropReadBusFault(boolean v) {
        return new Stm32F7SimParameters(rdp1DebugEraseFlag, v, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, interruptedOptionWriteErasesWholeArea,
                eraseTimeWithinRange);
    }

    public Stm32F7SimParameters withKeyWriteWhileUnlockedIsWrongSequence(boolean v) {
        return new Stm32F7SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                v, level2NonFlashBootFallback, interruptedOptionWriteErasesWholeArea, eraseTimeWithinRange);
    }

    public Stm32F7SimParameters withInterruptedOptionWriteErasesWholeArea(boolean v) {
        return new Stm32F7SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, v, eraseTimeWithinRange);
    }

    /** All parameters with status and source, for reports (names as before the split: "sim.<name>"). */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.rdp1DebugEraseFlag", rdp1DebugEraseFlag, u, "RM0410, read protection (flag undocumented)"),
                new ModelParameter<>("sim.pcropReadBusFault", pcropReadBusFault, u, "RM0410, PCROP"),
                new ModelParameter<>("sim.invalidSnbFlag", invalidSnbFlag, u, "not documented"),
                new ModelParameter<>("sim.singleBankMer2ErasesAll", singleBankMer2ErasesAll, u, "RM0410, mass erase (MER/MER1/MER2)"),
                new ModelParameter<>("sim.keyWriteWhileUnlockedIsWrongSequence", keyWriteWhileUnlockedIsWrongSequence, u,
                        "RM0410, mass erase (OpenOCD stm32f2x driver comment)"),
                new ModelParameter<>("sim.level2NonFlashBootFallback", String.format("0x%08X", level2NonFlashBootFallback),
                        u, "RM0410, read protection"),
                new ModelParameter<>("sim.interruptedOptionWriteErasesWholeArea",
                        interruptedOptionWriteErasesWholeArea, u, "RM0410 option bytes programming; ST confirms RDP "
                                + "level 1 and BOOT_ADDx = 0xFFFF for F7, the other fields are not documented"),
                new ModelParameter<>("sim.eraseTimeWithinRange", eraseTimeWithinRange, u,
                        "datasheet flash table gives typ and max only"));
    }
}
