package dev.flashbank.core.device.stm32f7;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * The UNCONFIRMED facts of the STM32F7 model as named parameters with their most likely value (stm32-facts §7, §10).
 * The simulator makes behaviour switchable with these; drivers and the doctor must read them from here rather than
 * assume. Use the withers to explore the alternative behaviour.
 *
 * @param bankEraseSelectsPhysicalBank MER/MER2 and SNB address PHYSICAL banks even when SYSCFG_MEMRMP.SWP_FB = 1
 *        (§1.7, §7 item 2; best-supported default per §10: physical)
 * @param pgaerrRowBitsSingleBank programming row width whose crossing raises PGAERR in single-bank mode
 *        (§1.9, §7 item 4, §10: possibly 256 bit on F76x single bank; F4: 128 bit)
 * @param pgaerrRowBitsDualBank same in dual-bank mode (§10: 128 bit)
 * @param pcropRdpSetMeansErase F72x OPTCR2.PCROP_RDP = 1 means "PCROP area erased on RDP 1->0 regression" (§1.5,
 *        §10: the F72x SVD title reads the opposite)
 * @param wrongKeyLocksUntilReset a wrong KEYR/OPTKEYR sequence leaves CR/OPTCR locked until reset and raises a bus
 *        error (F4 behaviour; §1.5, §7 item 8, §10 "model: locked until reset")
 * @param f750SectorSizeKiB sector size of the 64 KiB STM32F750 (2 x 32 KiB DERIVED, §1.3, §7 item 14)
 * @param eopRequiresEopie SR.EOP is only set when CR.EOPIE = 1 (RM0090 rule; §1.5, §7 item 4)
 * @param operrRequiresErrie SR.OPERR is only set when CR.ERRIE = 1 (§1.5, §7 item 4)
 * @param staleErrorsBlockStart error flags left set in SR block the next program/erase start (§7 item 8; true is the
 *        conservative choice: drivers must clear them first, as HAL and OpenOCD do)
 * @param writeWhileBusyStallsBus writes to FLASH_CR while BSY = 1 stall the AHB bus (RM0090 note, §1.9)
 * @param rdpRegressionErasesBackupSram RDP 1->0 regression also erases backup SRAM (F4 behaviour, §10 "model: yes")
 * @param romBootloaderSetsSwpFb with nDBOOT = 0 the ROM bootloader sets SWP_FB when it starts bank 2 (§1.6, §7 item 3)
 * @param pcropMassEraseFlag the SR flag set when a mass erase meets a PCROP sector on F72x (§1.10, §10)
 * @param f72xFactoryOptcr2 factory value of FLASH_OPTCR2 on F72x: no PCROP sector, PCROP_RDP = 0 (§1.4 UNCONFIRMED;
 *        the SVD reset value 0x8000_00FF is refused in §10 because it would protect every sector)
 * @param artrstOnlyWhileArtDisabled ACR.ARTRST only works while ARTEN = 0 (§1.5, §7 item 9)
 */
public record Stm32F7Parameters(boolean bankEraseSelectsPhysicalBank, int pgaerrRowBitsSingleBank,
        int pgaerrRowBitsDualBank, boolean pcropRdpSetMeansErase, boolean wrongKeyLocksUntilReset, int f750SectorSizeKiB,
        boolean eopRequiresEopie, boolean operrRequiresErrie, boolean staleErrorsBlockStart,
        boolean writeWhileBusyStallsBus, boolean rdpRegressionErasesBackupSram, boolean romBootloaderSetsSwpFb,
        String pcropMassEraseFlag, int f72xFactoryOptcr2, boolean artrstOnlyWhileArtDisabled) {

    public Stm32F7Parameters {
        if (pgaerrRowBitsSingleBank % 8 != 0 || pgaerrRowBitsDualBank % 8 != 0 || pgaerrRowBitsSingleBank <= 0
                || pgaerrRowBitsDualBank <= 0) {
            throw new IllegalArgumentException("row widths must be positive multiples of 8 bits");
        }
        if (f750SectorSizeKiB != 16 && f750SectorSizeKiB != 32 && f750SectorSizeKiB != 64) {
            throw new IllegalArgumentException("F750 sector size must be 16, 32 or 64 KiB");
        }
    }

    /** The most likely values (fact file defaults). */
    public static Stm32F7Parameters defaults() {
        return new Stm32F7Parameters(true, 256, 128, true, true, 32, true, true, true, true, true, false, "WRPERR",
                0x0000_0000, true);
    }

    /** PGAERR row width in bytes for a bank mode. */
    public int pgaerrRowBytes(boolean dualBank) {
        return (dualBank ? pgaerrRowBitsDualBank : pgaerrRowBitsSingleBank) / 8;
    }

    public Stm32F7Parameters withBankEraseSelectsPhysicalBank(boolean v) {
        return new Stm32F7Parameters(v, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank, pcropRdpSetMeansErase,
                wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie, staleErrorsBlockStart,
                writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withPgaerrRowBits(int singleBank, int dualBank) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, singleBank, dualBank, pcropRdpSetMeansErase,
                wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie, staleErrorsBlockStart,
                writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withPcropRdpSetMeansErase(boolean v) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank, v,
                wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie, staleErrorsBlockStart,
                writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withWrongKeyLocksUntilReset(boolean v) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                pcropRdpSetMeansErase, v, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie, staleErrorsBlockStart,
                writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withF750SectorSizeKiB(int v) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                pcropRdpSetMeansErase, wrongKeyLocksUntilReset, v, eopRequiresEopie, operrRequiresErrie,
                staleErrorsBlockStart, writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb,
                pcropMassEraseFlag, f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withFlagGating(boolean eopNeedsEopie, boolean operrNeedsErrie) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                pcropRdpSetMeansErase, wrongKeyLocksUntilReset, f750SectorSizeKiB, eopNeedsEopie, operrNeedsErrie,
                staleErrorsBlockStart, writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb,
                pcropMassEraseFlag, f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withStaleErrorsBlockStart(boolean v) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                pcropRdpSetMeansErase, wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie,
                v, writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, romBootloaderSetsSwpFb, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    public Stm32F7Parameters withRomBootloaderSetsSwpFb(boolean v) {
        return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                pcropRdpSetMeansErase, wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie, operrRequiresErrie,
                staleErrorsBlockStart, writeWhileBusyStallsBus, rdpRegressionErasesBackupSram, v, pcropMassEraseFlag,
                f72xFactoryOptcr2, artrstOnlyWhileArtDisabled);
    }

    /** All parameters as a named list (for reports: "this answer assumes ..."). */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("bankEraseSelectsPhysicalBank", bankEraseSelectsPhysicalBank, u, "stm32-facts §1.7, §7.2, §10"),
                new ModelParameter<>("pgaerrRowBitsSingleBank", pgaerrRowBitsSingleBank, u, "stm32-facts §1.9, §7.4, §10"),
                new ModelParameter<>("pgaerrRowBitsDualBank", pgaerrRowBitsDualBank, u, "stm32-facts §1.9, §7.4, §10"),
                new ModelParameter<>("pcropRdpSetMeansErase", pcropRdpSetMeansErase, u, "stm32-facts §1.5, §1.11, §10 (SVD title conflicts)"),
                new ModelParameter<>("wrongKeyLocksUntilReset", wrongKeyLocksUntilReset, u, "stm32-facts §1.5, §7.8, §10"),
                new ModelParameter<>("f750SectorSizeKiB", f750SectorSizeKiB, u, "stm32-facts §1.3, §7.14"),
                new ModelParameter<>("eopRequiresEopie", eopRequiresEopie, u, "stm32-facts §1.5, §7.4"),
                new ModelParameter<>("operrRequiresErrie", operrRequiresErrie, u, "stm32-facts §1.5, §7.4"),
                new ModelParameter<>("staleErrorsBlockStart", staleErrorsBlockStart, u, "stm32-facts §7.8"),
                new ModelParameter<>("writeWhileBusyStallsBus", writeWhileBusyStallsBus, u, "stm32-facts §1.9 (RM0090 note)"),
                new ModelParameter<>("rdpRegressionErasesBackupSram", rdpRegressionErasesBackupSram, u, "stm32-facts §1.11, §10"),
                new ModelParameter<>("romBootloaderSetsSwpFb", romBootloaderSetsSwpFb, u, "stm32-facts §1.6, §7.3"),
                new ModelParameter<>("pcropMassEraseFlag", pcropMassEraseFlag, u, "stm32-facts §1.10, §10"),
                new ModelParameter<>("f72xFactoryOptcr2", String.format("0x%08X", f72xFactoryOptcr2), u, "stm32-facts §1.4, §10"),
                new ModelParameter<>("artrstOnlyWhileArtDisabled", artrstOnlyWhileArtDisabled, u, "stm32-facts §1.5, §7.9"));
    }
}
