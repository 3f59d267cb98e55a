package dev.flashbank.family.stm32h7;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * The named assumptions of the STM32H7 model: every fact the reference manuals were not read for (or that a source
 * only implies) is a parameter here with its default, its status and where the default comes from, so that reports
 * and the simulator can say which assumptions an answer depends on, and tests can flip them.
 *
 * @param crResetValue reset value of FLASH_CR1 and CR2: LOCK = 1, PSIZE = 0b11 (x64)
 * @param optcrResetValue reset value of FLASH_OPTCR without SWAP_BANK: OPTLOCK = 1
 * @param factoryOptsrH74x factory OPTSR_CUR of H74x/H75x: RDP 0xAA, BOR off, IWDG1_SW, NRST_STOP_D1/STBY_D1, FZ_IWDG_STOP/SDBY = 1, ST_RAM_SIZE 0b11, SECURITY 0, SWAP_BANK_OPT 0
 * @param factoryOptsrH72x factory OPTSR_CUR of H72x/H73x
 * @param factoryOptsrH7ab factory OPTSR_CUR of H7A3/H7B3/H7B0
 * @param factoryPrar factory PRAR_CURx: START 0xFF > END 0, no PCROP area
 * @param factoryScar factory SCAR_CURx: no secure area, DMES = 1
 * @param factoryBoot factory BOOT_CURR: BOOT_ADD0 = 0x0800 (0x0800_0000), BOOT_ADD1 = 0x1FF0 (system memory)
 * @param h7abAcrResetValue reset value of FLASH_ACR on H7A/B
 * @param h7abCrcSectWidth width of CRCCRx.CRC_SECT on H7A/B
 * @param h7abEccBitsPerWord ECC bits per 128-bit flash word on H7A/B
 * @param h7abXgBank2Base window address of bank 2 on the 1 MiB H7A3xG
 * @param registersFollowSwap register set n (KEYRn/CRn/SRn/CCRn, SNB, BER, CRCCRn) acts on the bank MAPPED in window slot n, not on physical bank n
 * @param optionRegistersFollowSwap PRAR/SCAR/WPSN _CUR/_PRG n follow the window slot like CRn (true) or stay with physical bank n (false)
 * @param eccFaFollowsSwap ECC_FAn reports an index into the bank MAPPED in slot n
 * @param merRequiresOptionUnlock OPTCR.MER is only accepted while OPTLOCK = 0
 * @param merSelfClears OPTCR.MER clears itself when the mass erase starts
 * @param merSetsBer a MER mass erase sets BER in CR1 and CR2
 * @param swapBankWritable OPTCR.SWAP_BANK can be written by software
 * @param stagedPrgLostAtReset _PRG values never launched by OPTSTART are reloaded from _CUR at reset
 * @param userRegistersRefreshAfterOptstart SYSCFG_URx show new option values right after OPTSTART (true) or only after the next reset (false)
 * @param staleErrorsBlockStart error flags left set in SRx block the next erase/program start (drivers clear them first either way)
 * @param pgserrOnSerWithPg setting SER/BER and PG together raises PGSERR
 * @param incerrOnOtherWordWhilePartial a write to another flash word while the write buffer is partly filled raises INCERR
 * @param wrongKeyLocksUntilReset a wrong key or a second key sequence locks CRx/OPTCR until reset and raises a bus error
 * @param rdpRegressionErasesBackupSram an RDP 1-&gt;0 regression also erases backup SRAM
 * @param protectedAreasSurviveRegressionUnlessErased PCROP and secure areas with DMEP/DMES = 0 survive an RDP 1-&gt;0 regression
 * @param porRequiredAfterLevel1Intrusion after a debug access to protected flash at RDP level 1 only a power-on reset recovers the part
 * @param areaStartEqualsEndProtectsWholeBank PRAR/SCAR with START == END protect the whole bank
 * @param crcInitialValue initial value of the flash CRC engine
 * @param crcReflected the flash CRC engine reflects input and output
 * @param zeroOverProgrammedWordIsEccSafe programming all-zero over a programmed flash word leaves valid ECC
 * @param overwriteResult what programming a flash word that is not erased leaves behind
 * @param boot0HighSelectsBootAdd1 BOOT0 = 1 boots from BOOT_ADD1, BOOT0 = 0 from BOOT_ADD0
 * @param dfuEraseRefusedWithSystemBootAddress the ROM DFU refuses erases while the CM7 boot address is 0x1FF0
 * @param ur3BootAdd1Lsb lsb of SYSCFG_UR3.BOOT_ADD1
 * @param h72xLockBetweenEraseAndProgram H72x needs LOCK/unlock between an erase and the following program
 * @param dmaReadOfDoubleEccWordFaults a DMA read of a double-ECC-error word raises a bus error (false: only DBECCERR latches)
 * @param securityIrreversible setting SECURITY = 1 cannot be undone
 * @param cpuid Cortex-M7 CPUID the model assumes
 */
public record Stm32H7Parameters(int crResetValue, int optcrResetValue, int factoryOptsrH74x, int factoryOptsrH72x, int factoryOptsrH7ab, int factoryPrar, int factoryScar, int factoryBoot, int h7abAcrResetValue, int h7abCrcSectWidth, int h7abEccBitsPerWord, long h7abXgBank2Base, boolean registersFollowSwap, boolean optionRegistersFollowSwap, boolean eccFaFollowsSwap, boolean merRequiresOptionUnlock, boolean merSelfClears, boolean merSetsBer, boolean swapBankWritable, boolean stagedPrgLostAtReset, boolean userRegistersRefreshAfterOptstart, boolean staleErrorsBlockStart, boolean pgserrOnSerWithPg, boolean incerrOnOtherWordWhilePartial, boolean wrongKeyLocksUntilReset, boolean rdpRegressionErasesBackupSram, boolean protectedAreasSurviveRegressionUnlessErased, boolean porRequiredAfterLevel1Intrusion, boolean areaStartEqualsEndProtectsWholeBank, int crcInitialValue, boolean crcReflected, boolean zeroOverProgrammedWordIsEccSafe, OverwriteResult overwriteResult, boolean boot0HighSelectsBootAdd1, boolean dfuEraseRefusedWithSystemBootAddress, int ur3BootAdd1Lsb, boolean h72xLockBetweenEraseAndProgram, boolean dmaReadOfDoubleEccWordFaults, boolean securityIrreversible, int cpuid) {

    /** What programming a flash word that is not erased leaves in the array. */
    public enum OverwriteResult {
        /** The word reads with an uncorrectable ECC error (DBECCERR, bus error) until its sector is erased. */
        DOUBLE_ECC_ERROR,
        /** The word holds the AND of old and new data with a single (corrected) ECC error. */
        AND_WITH_SINGLE_ECC_ERROR
    }

    public Stm32H7Parameters {
        if (ur3BootAdd1Lsb != 0 && ur3BootAdd1Lsb != 16) {
            throw new IllegalArgumentException("ur3BootAdd1Lsb must be 0 or 16");
        }
        if (h7abCrcSectWidth != 6 && h7abCrcSectWidth != 7) {
            throw new IllegalArgumentException("h7abCrcSectWidth must be 6 or 7");
        }
        java.util.Objects.requireNonNull(overwriteResult, "overwriteResult");
    }

    /** The defaults (most likely values). */
    public static Stm32H7Parameters defaults() {
        return DEFAULTS;
    }

    /** The defaults, made once (a record: immutable), so that a check for them can test identity first. */
    private static final Stm32H7Parameters DEFAULTS = new Stm32H7Parameters(0x0000_0031, 0x0000_0001, 0x001E_AAD0, 0x179E_AAF0, 0x1006_AAF0, 0x0000_00FF, 0x8000_00FF, 0x1FF0_0800, 0x0000_0033, 7, 9, 0x0810_0000L, true, false, true, false, true, true, false, true, false, true, true, true, true, true, true, true, true, 0xFFFF_FFFF, false, false, OverwriteResult.DOUBLE_ECC_ERROR, true, false, 16, false, false, true, 0x410F_C271);

    /** Factory OPTSR_CUR of {@code line}. */
    public int factoryOptsr(Stm32H7Line line) {
        return switch (line) {
            case H74X_H75X -> factoryOptsrH74x;
            case H72X_H73X -> factoryOptsrH72x;
            case H7AX_H7BX -> factoryOptsrH7ab;
        };
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** All parameters as a named list (for reports: "this answer assumes ..."). */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        ParameterStatus d = ParameterStatus.DERIVED;
        return List.of(
                new ModelParameter<>("crResetValue", String.format("0x%08X", crResetValue), u, "RM0433 §4.9.4 not read; ST's SVD gives 0x31 for CR2 and 0 for CR1"),
                new ModelParameter<>("optcrResetValue", String.format("0x%08X", optcrResetValue), u, "RM0433 §4.9.8 not read; ST's SVD gives 0, the H7B0 SVD 1"),
                new ModelParameter<>("factoryOptsrH74x", String.format("0x%08X", factoryOptsrH74x), u, "RM0433 §4.4 option byte defaults; only the fields are known"),
                new ModelParameter<>("factoryOptsrH72x", String.format("0x%08X", factoryOptsrH72x), u, "RM0468 Table 18 as quoted by a third-party model"),
                new ModelParameter<>("factoryOptsrH7ab", String.format("0x%08X", factoryOptsrH7ab), u, "value read on an H7B0 device (project notes)"),
                new ModelParameter<>("factoryPrar", String.format("0x%08X", factoryPrar), u, "RM0468 Table 18 as quoted by a third-party model; assumed for both H743 banks"),
                new ModelParameter<>("factoryScar", String.format("0x%08X", factoryScar), u, "RM0468 Table 18 as quoted by a third-party model; assumed for both H743 banks"),
                new ModelParameter<>("factoryBoot", String.format("0x%08X", factoryBoot), u, "RM0468 Table 18 as quoted by a third-party model; encoding corroborated"),
                new ModelParameter<>("h7abAcrResetValue", String.format("0x%08X", h7abAcrResetValue), u, "RM0455: default LATENCY 3 WS (CMSIS); WRHIGHFREQ assumed 3 as on H74x"),
                new ModelParameter<>("h7abCrcSectWidth", h7abCrcSectWidth, u, "CMSIS has 6 bits, the H7B0 SVD 7; 128 sectors per bank need 7"),
                new ModelParameter<>("h7abEccBitsPerWord", h7abEccBitsPerWord, u, "RM0455 not read; 9 bits are the minimum for SECDED over 128 bits"),
                new ModelParameter<>("h7abXgBank2Base", String.format("0x%08X", h7abXgBank2Base), u, "RM0455 not read; as on H743xG (bank 2 always at 0x0810_0000)"),
                new ModelParameter<>("registersFollowSwap", registersFollowSwap, d, "RM0433 §4.3.13; three production drivers and two field reports agree, the RM sentence was not read"),
                new ModelParameter<>("optionRegistersFollowSwap", optionRegistersFollowSwap, u, "RM0433 §4.3.13 not read"),
                new ModelParameter<>("eccFaFollowsSwap", eccFaFollowsSwap, u, "RM0433 §4.9.30 not read (HAL adds the slot base)"),
                new ModelParameter<>("merRequiresOptionUnlock", merRequiresOptionUnlock, u, "RM0433 §4.3.10 not read; HAL sets MER without unlocking OPTLOCK"),
                new ModelParameter<>("merSelfClears", merSelfClears, u, "RM0433 §4.3.10 not read"),
                new ModelParameter<>("merSetsBer", merSetsBer, u, "HAL clears BER in both CRs after a MER mass erase"),
                new ModelParameter<>("swapBankWritable", swapBankWritable, u, "RM0433 §4.9.8 not read; treated as read-only"),
                new ModelParameter<>("stagedPrgLostAtReset", stagedPrgLostAtReset, u, "RM0468 §4.4.3 as quoted by a third-party model"),
                new ModelParameter<>("userRegistersRefreshAfterOptstart", userRegistersRefreshAfterOptstart, u, "RM0433 §12 not read"),
                new ModelParameter<>("staleErrorsBlockStart", staleErrorsBlockStart, u, "RM0433 §4.7 not read; field reports that stale RDPERR/RDSERR block erase"),
                new ModelParameter<>("pgserrOnSerWithPg", pgserrOnSerWithPg, u, "RM0433 §4.7 not read"),
                new ModelParameter<>("incerrOnOtherWordWhilePartial", incerrOnOtherWordWhilePartial, u, "RM0433 §4.7 not read; driver comments"),
                new ModelParameter<>("wrongKeyLocksUntilReset", wrongKeyLocksUntilReset, d, "RM0455 §4.9.3 wording (LOCK1); same IP as RM0433"),
                new ModelParameter<>("rdpRegressionErasesBackupSram", rdpRegressionErasesBackupSram, u, "RM0433 §4.5.4 not read (STM32F4/F7 behaviour)"),
                new ModelParameter<>("protectedAreasSurviveRegressionUnlessErased", protectedAreasSurviveRegressionUnlessErased, u, "HAL comments on OB_PCROP_RDP_ERASE / OB_SECURE_RDP_ERASE"),
                new ModelParameter<>("porRequiredAfterLevel1Intrusion", porRequiredAfterLevel1Intrusion, u, "field reports of parts needing a power cycle after an RDP level change"),
                new ModelParameter<>("areaStartEqualsEndProtectsWholeBank", areaStartEqualsEndProtectsWholeBank, u, "RM0455 wording; RM0433 not read"),
                new ModelParameter<>("crcInitialValue", String.format("0x%08X", crcInitialValue), u, "RM0433 §4.3.12 not read; polynomial 0x04C11DB7 is confirmed"),
                new ModelParameter<>("crcReflected", crcReflected, u, "RM0433 §4.3.12 not read"),
                new ModelParameter<>("zeroOverProgrammedWordIsEccSafe", zeroOverProgrammedWordIsEccSafe, u, "forum claim only"),
                new ModelParameter<>("overwriteResult", overwriteResult, u, "field reports of DBECCERR after writing a word twice; RM0433 §4.3.9 forbids it"),
                new ModelParameter<>("boot0HighSelectsBootAdd1", boot0HighSelectsBootAdd1, u, "RM0433 §2.6 wording not read; user reports"),
                new ModelParameter<>("dfuEraseRefusedWithSystemBootAddress", dfuEraseRefusedWithSystemBootAddress, u, "one unresolved user report on H745"),
                new ModelParameter<>("ur3BootAdd1Lsb", ur3BootAdd1Lsb, u, "ST's SVD: bits 31:16; CMSIS: bits 15:0"),
                new ModelParameter<>("h72xLockBetweenEraseAndProgram", h72xLockBetweenEraseAndProgram, u, "a CAN bootloader needed it; root cause unknown"),
                new ModelParameter<>("dmaReadOfDoubleEccWordFaults", dmaReadOfDoubleEccWordFaults, u, "PX4 claim only"),
                new ModelParameter<>("securityIrreversible", securityIrreversible, u, "RM0433 §5 (secure access mode) not read; treated as irreversible so that it needs the strongest confirmation"),
                new ModelParameter<>("cpuid", String.format("0x%08X", cpuid), u, "ST's SVD <cpu><revision>r0p1"));
    }

    /** Copy-and-change builder: {@code defaults().toBuilder().registersFollowSwap(false).build()}. */
    public static final class Builder {
        private int crResetValue;
        private int optcrResetValue;
        private int factoryOptsrH74x;
        private int factoryOptsrH72x;
        private int factoryOptsrH7ab;
        private int factoryPrar;
        private int factoryScar;
        private int factoryBoot;
        private int h7abAcrResetValue;
        private int h7abCrcSectWidth;
        private int h7abEccBitsPerWord;
        private long h7abXgBank2Base;
        private boolean registersFollowSwap;
        private boolean optionRegistersFollowSwap;
        private boolean eccFaFollowsSwap;
        private boolean merRequiresOptionUnlock;
        private boolean merSelfClears;
        private boolean merSetsBer;
        private boolean swapBankWritable;
        private boolean stagedPrgLostAtReset;
        private boolean userRegistersRefreshAfterOptstart;
        private boolean staleErrorsBlockStart;
        private boolean pgserrOnSerWithPg;
        private boolean incerrOnOtherWordWhilePartial;
        private boolean wrongKeyLocksUntilReset;
        private boolean rdpRegressionErasesBackupSram;
        private boolean protectedAreasSurviveRegressionUnlessErased;
        private boolean porRequiredAfterLevel1Intrusion;
        private boolean areaStartEqualsEndProtectsWholeBank;
        private int crcInitialValue;
        private boolean crcReflected;
        private boolean zeroOverProgrammedWordIsEccSafe;
        private OverwriteResult overwriteResult;
        private boolean boot0HighSelectsBootAdd1;
        private boolean dfuEraseRefusedWithSystemBootAddress;
        private int ur3BootAdd1Lsb;
        private boolean h72xLockBetweenEraseAndProgram;
        private boolean dmaReadOfDoubleEccWordFaults;
        private boolean securityIrreversible;
        private int cpuid;

        private Builder(Stm32H7Parameters p) {
            crResetValue = p.crResetValue;
            optcrResetValue = p.optcrResetValue;
            factoryOptsrH74x = p.factoryOptsrH74x;
            factoryOptsrH72x = p.factoryOptsrH72x;
            factoryOptsrH7ab = p.factoryOptsrH7ab;
            factoryPrar = p.factoryPrar;
            factoryScar = p.factoryScar;
            factoryBoot = p.factoryBoot;
            h7abAcrResetValue = p.h7abAcrResetValue;
            h7abCrcSectWidth = p.h7abCrcSectWidth;
            h7abEccBitsPerWord = p.h7abEccBitsPerWord;
            h7abXgBank2Base = p.h7abXgBank2Base;
            registersFollowSwap = p.registersFollowSwap;
            optionRegistersFollowSwap = p.optionRegistersFollowSwap;
            eccFaFollowsSwap = p.eccFaFollowsSwap;
            merRequiresOptionUnlock = p.merRequiresOptionUnlock;
            merSelfClears = p.merSelfClears;
            merSetsBer = p.merSetsBer;
            swapBankWritable = p.swapBankWritable;
            stagedPrgLostAtReset = p.stagedPrgLostAtReset;
            userRegistersRefreshAfterOptstart = p.userRegistersRefreshAfterOptstart;
            staleErrorsBlockStart = p.staleErrorsBlockStart;
            pgserrOnSerWithPg = p.pgserrOnSerWithPg;
            incerrOnOtherWordWhilePartial = p.incerrOnOtherWordWhilePartial;
            wrongKeyLocksUntilReset = p.wrongKeyLocksUntilReset;
            rdpRegressionErasesBackupSram = p.rdpRegressionErasesBackupSram;
            protectedAreasSurviveRegressionUnlessErased = p.protectedAreasSurviveRegressionUnlessErased;
            porRequiredAfterLevel1Intrusion = p.porRequiredAfterLevel1Intrusion;
            areaStartEqualsEndProtectsWholeBank = p.areaStartEqualsEndProtectsWholeBank;
            crcInitialValue = p.crcInitialValue;
            crcReflected = p.crcReflected;
            zeroOverProgrammedWordIsEccSafe = p.zeroOverProgrammedWordIsEccSafe;
            overwriteResult = p.overwriteResult;
            boot0HighSelectsBootAdd1 = p.boot0HighSelectsBootAdd1;
            dfuEraseRefusedWithSystemBootAddress = p.dfuEraseRefusedWithSystemBootAddress;
            ur3BootAdd1Lsb = p.ur3BootAdd1Lsb;
            h72xLockBetweenEraseAndProgram = p.h72xLockBetweenEraseAndProgram;
            dmaReadOfDoubleEccWordFaults = p.dmaReadOfDoubleEccWordFaults;
            securityIrreversible = p.securityIrreversible;
            cpuid = p.cpuid;
        }

        public Builder crResetValue(int v) {
            crResetValue = v;
            return this;
        }

        public Builder optcrResetValue(int v) {
            optcrResetValue = v;
            return this;
        }

        public Builder factoryOptsrH74x(int v) {
            factoryOptsrH74x = v;
            return this;
        }

        public Builder factoryOptsrH72x(int v) {
            factoryOptsrH72x = v;
            return this;
        }

        public Builder factoryOptsrH7ab(int v) {
            factoryOptsrH7ab = v;
            return this;
        }

        public Builder factoryPrar(int v) {
            factoryPrar = v;
            return this;
        }

        public Builder factoryScar(int v) {
            factoryScar = v;
            return this;
        }

        public Builder factoryBoot(int v) {
            factoryBoot = v;
            return this;
        }

        public Builder h7abAcrResetValue(int v) {
            h7abAcrResetValue = v;
            return this;
        }

        public Builder h7abCrcSectWidth(int v) {
            h7abCrcSectWidth = v;
            return this;
        }

        public Builder h7abEccBitsPerWord(int v) {
            h7abEccBitsPerWord = v;
            return this;
        }

        public Builder h7abXgBank2Base(long v) {
            h7abXgBank2Base = v;
            return this;
        }

        public Builder registersFollowSwap(boolean v) {
            registersFollowSwap = v;
            return this;
        }

        public Builder optionRegistersFollowSwap(boolean v) {
            optionRegistersFollowSwap = v;
            return this;
        }

        public Builder eccFaFollowsSwap(boolean v) {
            eccFaFollowsSwap = v;
            return this;
        }

        public Builder merRequiresOptionUnlock(boolean v) {
            merRequiresOptionUnlock = v;
            return this;
        }

        public Builder merSelfClears(boolean v) {
            merSelfClears = v;
            return this;
        }

        public Builder merSetsBer(boolean v) {
            merSetsBer = v;
            return this;
        }

        public Builder swapBankWritable(boolean v) {
            swapBankWritable = v;
            return this;
        }

        public Builder stagedPrgLostAtReset(boolean v) {
            stagedPrgLostAtReset = v;
            return this;
        }

        public Builder userRegistersRefreshAfterOptstart(boolean v) {
            userRegistersRefreshAfterOptstart = v;
            return this;
        }

        public Builder staleErrorsBlockStart(boolean v) {
            staleErrorsBlockStart = v;
            return this;
        }

        public Builder pgserrOnSerWithPg(boolean v) {
            pgserrOnSerWithPg = v;
            return this;
        }

        public Builder incerrOnOtherWordWhilePartial(boolean v) {
            incerrOnOtherWordWhilePartial = v;
            return this;
        }

        public Builder wrongKeyLocksUntilReset(boolean v) {
            wrongKeyLocksUntilReset = v;
            return this;
        }

        public Builder rdpRegressionErasesBackupSram(boolean v) {
            rdpRegressionErasesBackupSram = v;
            return this;
        }

        public Builder protectedAreasSurviveRegressionUnlessErased(boolean v) {
            protectedAreasSurviveRegressionUnlessErased = v;
            return this;
        }

        public Builder porRequiredAfterLevel1Intrusion(boolean v) {
            porRequiredAfterLevel1Intrusion = v;
            return this;
        }

        public Builder areaStartEqualsEndProtectsWholeBank(boolean v) {
            areaStartEqualsEndProtectsWholeBank = v;
            return this;
        }

        public Builder crcInitialValue(int v) {
            crcInitialValue = v;
            return this;
        }

        public Builder crcReflected(boolean v) {
            crcReflected = v;
            return this;
        }

        public Builder zeroOverProgrammedWordIsEccSafe(boolean v) {
            zeroOverProgrammedWordIsEccSafe = v;
            return this;
        }

        public Builder overwriteResult(OverwriteResult v) {
            overwriteResult = v;
            return this;
        }

        public Builder boot0HighSelectsBootAdd1(boolean v) {
            boot0HighSelectsBootAdd1 = v;
            return this;
        }

        public Builder dfuEraseRefusedWithSystemBootAddress(boolean v) {
            dfuEraseRefusedWithSystemBootAddress = v;
            return this;
        }

        public Builder ur3BootAdd1Lsb(int v) {
            ur3BootAdd1Lsb = v;
            return this;
        }

        public Builder h72xLockBetweenEraseAndProgram(boolean v) {
            h72xLockBetweenEraseAndProgram = v;
            return this;
        }

        public Builder dmaReadOfDoubleEccWordFaults(boolean v) {
            dmaReadOfDoubleEccWordFaults = v;
            return this;
        }

        public Builder securityIrreversible(boolean v) {
            securityIrreversible = v;
            return this;
        }

        public Builder cpuid(int v) {
            cpuid = v;
            return this;
        }

        public Stm32H7Parameters build() {
            return new Stm32H7Parameters(crResetValue, optcrResetValue, factoryOptsrH74x, factoryOptsrH72x, factoryOptsrH7ab, factoryPrar, factoryScar, factoryBoot, h7abAcrResetValue, h7abCrcSectWidth, h7abEccBitsPerWord, h7abXgBank2Base, registersFollowSwap, optionRegistersFollowSwap, eccFaFollowsSwap, merRequiresOptionUnlock, merSelfClears, merSetsBer, swapBankWritable, stagedPrgLostAtReset, userRegistersRefreshAfterOptstart, staleErrorsBlockStart, pgserrOnSerWithPg, incerrOnOtherWordWhilePartial, wrongKeyLocksUntilReset, rdpRegressionErasesBackupSram, protectedAreasSurviveRegressionUnlessErased, porRequiredAfterLevel1Intrusion, areaStartEqualsEndProtectsWholeBank, crcInitialValue, crcReflected, zeroOverProgrammedWordIsEccSafe, overwriteResult, boot0HighSelectsBootAdd1, dfuEraseRefusedWithSystemBootAddress, ur3BootAdd1Lsb, h72xLockBetweenEraseAndProgram, dmaReadOfDoubleEccWordFaults, securityIrreversible, cpuid);
        }
    }
}
