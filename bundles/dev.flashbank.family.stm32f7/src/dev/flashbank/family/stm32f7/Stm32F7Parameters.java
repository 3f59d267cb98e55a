package dev.flashbank.family.stm32f7;

import java.util.List;
import java.util.Set;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * The UNCONFIRMED facts of the STM32F7 model as named parameters with their most likely value (RM0410/RM0431
 * leave them open or were not read).
 * The simulator makes behaviour switchable with these; drivers and the doctor must read them from here rather than
 * assume. Change values with {@link #toBuilder()}.
 *
 * @param bankEraseSelectsPhysicalBank MER/MER2 and SNB address PHYSICAL banks even when SYSCFG_MEMRMP.SWP_FB = 1
 *        (no RM0410 sentence; best-supported default, as on U5/G0 silicon: physical)
 * @param pgaerrRowBitsSingleBank programming row width whose crossing raises PGAERR in single-bank mode
 *        (STM32CubeProgrammer: nDBANK "single bank with 256 bits read access"; F4 RM0090: 128 bit)
 * @param pgaerrRowBitsDualBank same in dual-bank mode (STM32CubeProgrammer: 128 bit)
 * @param pcropRdpSetMeansErase F72x OPTCR2.PCROP_RDP = 1 means "PCROP area erased on RDP 1->0 regression" (HAL
 *        OB_PCROP_RDP_ENABLE, RM0444 for G0; the F72x SVD title reads the opposite)
 * @param wrongKeyLocksUntilReset a wrong KEYR/OPTKEYR sequence leaves CR/OPTCR locked until reset and raises a bus
 *        error (F4 behaviour, RM0090; F7 wording not read)
 * @param f750SectorSizeKiB sector size of the 64 KiB STM32F750 (2 x 32 KiB DERIVED from the F74x layout and FLASH_END)
 * @param eopRequiresEopie SR.EOP is only set when CR.EOPIE = 1 (RM0090 rule; F7 wording not read)
 * @param operrRequiresErrie SR.OPERR is only set when CR.ERRIE = 1 (RM0090 rule; F7 wording not read)
 * @param staleErrorsBlockStart error flags left set in SR block the next program/erase start (not in RM0090; true is
 *        the conservative choice: drivers must clear them first, as HAL and OpenOCD do)
 * @param writeWhileBusyStallsBus writes to FLASH_CR while BSY = 1 stall the AHB bus (RM0090 note)
 * @param rdpRegressionErasesBackupSram RDP 1->0 regression also erases backup SRAM (F4 behaviour, RM0090)
 * @param romBootloaderSetsSwpFb with nDBOOT = 0 the ROM bootloader sets SWP_FB when it starts bank 2 (AN2606 not read)
 * @param dualBootPolicy how the ROM bootloader picks a bank with nDBOOT = 0 (AN2606 not read; HAL OB_DUAL_BOOT_ENABLE
 *        comment)
 * @param pcropMassEraseFlag the SR flag set when a mass erase meets a PCROP sector on F72x (RM0431 wording not read)
 * @param f72xFactoryOptcr2 factory value of FLASH_OPTCR2 on F72x: no PCROP sector, PCROP_RDP = 0 (UNCONFIRMED;
 *        the F72x SVD reset value 0x8000_00FF is refused because it would protect every sector)
 * @param f72xOptcr2ImageLow address of the option-image word holding OPTCR2[15:0] (with complement) on F72x; the
 *        mirror area is 0x2C bytes (STM32CubeProgrammer device database), i.e. room for two more words after BOOT_ADD1
 * @param f72xOptcr2ImageHigh same for OPTCR2[31:16]
 * @param artrstOnlyWhileArtDisabled ACR.ARTRST only works while ARTEN = 0 (RM0410 FLASH_ACR, rule not read)
 * @param optionsEffectiveAfterOptstrt options that act as soon as OPTSTRT completes; all others (RDP, BOOT_ADDx,
 *        nDBANK, nDBOOT, watchdog/reset options, BOR) need a reset (OpenOCD src/flash/nor/stm32f2x.c and ST's dual-boot
 *        example: BOOT_ADD/nDBANK/RDP after reset; the split for the rest is UNCONFIRMED)
 * @param cpuid CPUID value: implementer 0x41, Cortex-M7 PARTNO 0xC27, revision r0p1 as given in ST's SVD files
 *        (&lt;cpu&gt;&lt;revision&gt;r0p1); real silicon revisions may differ (r1p0 = 0x411F_C270)
 */
public record Stm32F7Parameters(boolean bankEraseSelectsPhysicalBank, int pgaerrRowBitsSingleBank,
        int pgaerrRowBitsDualBank, boolean pcropRdpSetMeansErase, boolean wrongKeyLocksUntilReset, int f750SectorSizeKiB,
        boolean eopRequiresEopie, boolean operrRequiresErrie, boolean staleErrorsBlockStart,
        boolean writeWhileBusyStallsBus, boolean rdpRegressionErasesBackupSram, boolean romBootloaderSetsSwpFb,
        DualBootPolicy dualBootPolicy, String pcropMassEraseFlag, int f72xFactoryOptcr2, long f72xOptcr2ImageLow,
        long f72xOptcr2ImageHigh, boolean artrstOnlyWhileArtDisabled, Set<String> optionsEffectiveAfterOptstrt,
        int cpuid) {

    /** Bank choice of the ROM bootloader in dual-boot mode (nDBOOT = 0). */
    public enum DualBootPolicy {
        /** Start bank 1 if its first word is a valid RAM stack pointer, else bank 2, else stay in the bootloader. */
        BANK1_FIRST_VALID_STACK_POINTER,
        /** Try the bank BOOT_ADDx points to first, then the other one (same validity check). */
        BOOT_ADDRESS_BANK_FIRST
    }

    public Stm32F7Parameters {
        if (pgaerrRowBitsSingleBank % 8 != 0 || pgaerrRowBitsDualBank % 8 != 0 || pgaerrRowBitsSingleBank <= 0
                || pgaerrRowBitsDualBank <= 0) {
            throw new IllegalArgumentException("row widths must be positive multiples of 8 bits");
        }
        if (f750SectorSizeKiB != 16 && f750SectorSizeKiB != 32 && f750SectorSizeKiB != 64) {
            throw new IllegalArgumentException("F750 sector size must be 16, 32 or 64 KiB");
        }
        optionsEffectiveAfterOptstrt = Set.copyOf(optionsEffectiveAfterOptstrt);
    }

    /** The most likely values. */
    public static Stm32F7Parameters defaults() {
        return new Stm32F7Parameters(true, 256, 128, true, true, 32, true, true, true, true, true, false,
                DualBootPolicy.BANK1_FIRST_VALID_STACK_POINTER, Stm32F7Registers.WRPERR, 0x0000_0000,
                0x1FFF_0020L, 0x1FFF_0028L, true,
                Set.of(Stm32F7Registers.nWRP, Stm32F7Registers.PCROP, Stm32F7Registers.PCROP_RDP), 0x410F_C271);
    }

    /** PGAERR row width in bytes for a bank mode. */
    public int pgaerrRowBytes(boolean dualBank) {
        return (dualBank ? pgaerrRowBitsDualBank : pgaerrRowBitsSingleBank) / 8;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** All parameters as a named list (for reports: "this answer assumes ..."). */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("bankEraseSelectsPhysicalBank", bankEraseSelectsPhysicalBank, u, "no RM0410 sentence; physical as on U5/G0 silicon"),
                new ModelParameter<>("pgaerrRowBitsSingleBank", pgaerrRowBitsSingleBank, u, "STM32CubeProgrammer nDBANK text; RM0090 (F4)"),
                new ModelParameter<>("pgaerrRowBitsDualBank", pgaerrRowBitsDualBank, u, "STM32CubeProgrammer nDBANK text; RM0090 (F4)"),
                new ModelParameter<>("pcropRdpSetMeansErase", pcropRdpSetMeansErase, u, "HAL OB_PCROP_RDP_ENABLE, RM0444 (SVD title conflicts)"),
                new ModelParameter<>("wrongKeyLocksUntilReset", wrongKeyLocksUntilReset, u, "RM0090 (F4)"),
                new ModelParameter<>("f750SectorSizeKiB", f750SectorSizeKiB, u, "derived from the F74x layout (RM0385 not read)"),
                new ModelParameter<>("eopRequiresEopie", eopRequiresEopie, u, "RM0090 (F4)"),
                new ModelParameter<>("operrRequiresErrie", operrRequiresErrie, u, "RM0090 (F4)"),
                new ModelParameter<>("staleErrorsBlockStart", staleErrorsBlockStart, u, "HAL and OpenOCD clear them first"),
                new ModelParameter<>("writeWhileBusyStallsBus", writeWhileBusyStallsBus, u, "RM0090 note"),
                new ModelParameter<>("rdpRegressionErasesBackupSram", rdpRegressionErasesBackupSram, u, "RM0090 (F4)"),
                new ModelParameter<>("romBootloaderSetsSwpFb", romBootloaderSetsSwpFb, u, "AN2606 not read"),
                new ModelParameter<>("dualBootPolicy", dualBootPolicy, u, "HAL OB_DUAL_BOOT_ENABLE (AN2606 not read)"),
                new ModelParameter<>("pcropMassEraseFlag", pcropMassEraseFlag, u, "RM0431 wording not read"),
                new ModelParameter<>("f72xFactoryOptcr2", String.format("0x%08X", f72xFactoryOptcr2), u, "F72x SVD value refused"),
                new ModelParameter<>("f72xOptcr2ImageLow", String.format("0x%08X", f72xOptcr2ImageLow), u, "STM32CubeProgrammer device database (0x2C mirror)"),
                new ModelParameter<>("f72xOptcr2ImageHigh", String.format("0x%08X", f72xOptcr2ImageHigh), u, "STM32CubeProgrammer device database (0x2C mirror)"),
                new ModelParameter<>("artrstOnlyWhileArtDisabled", artrstOnlyWhileArtDisabled, u, "RM0410 FLASH_ACR"),
                new ModelParameter<>("optionsEffectiveAfterOptstrt", optionsEffectiveAfterOptstrt, u, "OpenOCD src/flash/nor/stm32f2x.c, ST dual-boot example"),
                new ModelParameter<>("cpuid", String.format("0x%08X", cpuid), u, "ST SVD <cpu><revision>r0p1"));
    }

    /** Mutable builder for changing a few parameters. */
    public static final class Builder {
        public boolean bankEraseSelectsPhysicalBank;
        public int pgaerrRowBitsSingleBank;
        public int pgaerrRowBitsDualBank;
        public boolean pcropRdpSetMeansErase;
        public boolean wrongKeyLocksUntilReset;
        public int f750SectorSizeKiB;
        public boolean eopRequiresEopie;
        public boolean operrRequiresErrie;
        public boolean staleErrorsBlockStart;
        public boolean writeWhileBusyStallsBus;
        public boolean rdpRegressionErasesBackupSram;
        public boolean romBootloaderSetsSwpFb;
        public DualBootPolicy dualBootPolicy;
        public String pcropMassEraseFlag;
        public int f72xFactoryOptcr2;
        public long f72xOptcr2ImageLow;
        public long f72xOptcr2ImageHigh;
        public boolean artrstOnlyWhileArtDisabled;
        public Set<String> optionsEffectiveAfterOptstrt;
        public int cpuid;

        private Builder(Stm32F7Parameters p) {
            bankEraseSelectsPhysicalBank = p.bankEraseSelectsPhysicalBank;
            pgaerrRowBitsSingleBank = p.pgaerrRowBitsSingleBank;
            pgaerrRowBitsDualBank = p.pgaerrRowBitsDualBank;
            pcropRdpSetMeansErase = p.pcropRdpSetMeansErase;
            wrongKeyLocksUntilReset = p.wrongKeyLocksUntilReset;
            f750SectorSizeKiB = p.f750SectorSizeKiB;
            eopRequiresEopie = p.eopRequiresEopie;
            operrRequiresErrie = p.operrRequiresErrie;
            staleErrorsBlockStart = p.staleErrorsBlockStart;
            writeWhileBusyStallsBus = p.writeWhileBusyStallsBus;
            rdpRegressionErasesBackupSram = p.rdpRegressionErasesBackupSram;
            romBootloaderSetsSwpFb = p.romBootloaderSetsSwpFb;
            dualBootPolicy = p.dualBootPolicy;
            pcropMassEraseFlag = p.pcropMassEraseFlag;
            f72xFactoryOptcr2 = p.f72xFactoryOptcr2;
            f72xOptcr2ImageLow = p.f72xOptcr2ImageLow;
            f72xOptcr2ImageHigh = p.f72xOptcr2ImageHigh;
            artrstOnlyWhileArtDisabled = p.artrstOnlyWhileArtDisabled;
            optionsEffectiveAfterOptstrt = p.optionsEffectiveAfterOptstrt;
            cpuid = p.cpuid;
        }

        public Builder bankEraseSelectsPhysicalBank(boolean v) {
            bankEraseSelectsPhysicalBank = v;
            return this;
        }

        public Builder pcropRdpSetMeansErase(boolean v) {
            pcropRdpSetMeansErase = v;
            return this;
        }

        public Builder f750SectorSizeKiB(int v) {
            f750SectorSizeKiB = v;
            return this;
        }

        public Builder pgaerrRowBits(int singleBank, int dualBank) {
            pgaerrRowBitsSingleBank = singleBank;
            pgaerrRowBitsDualBank = dualBank;
            return this;
        }

        public Stm32F7Parameters build() {
            return new Stm32F7Parameters(bankEraseSelectsPhysicalBank, pgaerrRowBitsSingleBank, pgaerrRowBitsDualBank,
                    pcropRdpSetMeansErase, wrongKeyLocksUntilReset, f750SectorSizeKiB, eopRequiresEopie,
                    operrRequiresErrie, staleErrorsBlockStart, writeWhileBusyStallsBus, rdpRegressionErasesBackupSram,
                    romBootloaderSetsSwpFb, dualBootPolicy, pcropMassEraseFlag, f72xFactoryOptcr2, f72xOptcr2ImageLow,
                    f72xOptcr2ImageHigh, artrstOnlyWhileArtDisabled, optionsEffectiveAfterOptstrt, cpuid);
        }
    }
}
