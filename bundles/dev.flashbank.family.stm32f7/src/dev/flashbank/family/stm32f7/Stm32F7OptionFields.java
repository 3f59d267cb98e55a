package dev.flashbank.family.stm32f7;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Polarity;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.ValueSyntax;

/**
 * The user option fields of an STM32F7 line as {@link OptionField}s: bit positions taken from
 * {@link Stm32F7Registers} (never restated), polarity, a reference-manual style explanation and human text for every
 * value (CMSIS stm32f7xx FLASH_OPTCR masks, HAL stm32f7xx_hal_flash_ex.h OB_* values, RM0410 read protection, ST's
 * SVDs). Per-sector nWRP/PCROP bits are separate fields named {@code nWRP<i>} / {@code PCROP<i>} whose texts name the
 * sectors for the given flash size and bank mode.
 */
public final class Stm32F7OptionFields {

    /** RDP byte of level 0 (RM0410, read protection). */
    public static final int RDP_LEVEL0 = RdpLevel.LEVEL0_BYTE;
    /** RDP byte of level 2 (RM0410, read protection) — irreversible. */
    public static final int RDP_LEVEL2 = RdpLevel.LEVEL2_BYTE;
    /** RDP byte HAL writes for level 1 (OB_RDP_LEVEL_1); any value except 0xAA/0xCC is level 1. */
    public static final int RDP_LEVEL1_HAL = RdpLevel.LEVEL1_HAL_BYTE;

    public static final String nWRP_PREFIX = "nWRP";
    public static final String PCROP_PREFIX = "PCROP";

    private Stm32F7OptionFields() {
    }

    /** BOR_LEV codes (STM32F7 HAL OB_BOR_LEVELx: 0x00/0x04/0x08/0x0C >> 2). */
    public enum BorLevel {
        LEVEL_3(0b00, "BOR level 3 (VDD 2.70-3.60 V)"),
        LEVEL_2(0b01, "BOR level 2 (VDD 2.40-2.70 V)"),
        LEVEL_1(0b10, "BOR level 1 (VDD 2.10-2.40 V)"),
        OFF(0b11, "BOR off (POR/PDR only, VDD 1.62-2.10 V)");

        private final int code;
        private final String text;

        BorLevel(int code, String text) {
            this.code = code;
            this.text = text;
        }

        public int code() {
            return code;
        }

        public String text() {
            return text;
        }

        public static BorLevel of(int code) {
            for (BorLevel l : values()) {
                if (l.code == code) {
                    return l;
                }
            }
            throw new IllegalArgumentException("BOR_LEV " + code);
        }
    }

    /**
     * The box of the Option Bytes view a field of {@code line} belongs to, by what the option does (RM0410, FLASH
     * chapter, option bytes): read protection, write protection (with PCROP on F72x), boot, bank mode, BOR,
     * watchdogs, reset behaviour.
     */
    public static String groupOf(String fieldName, Stm32F7Line line) {
        if (fieldName.startsWith(nWRP_PREFIX) || fieldName.startsWith(PCROP_PREFIX)) {
            return "Write protection" + (line.hasPcrop() ? " / PCROP" : "") + " \u2014 per sector";
        }
        return switch (fieldName) {
            case RDP -> "Read protection";
            case BOOT_ADD0, BOOT_ADD1, nDBOOT -> "Boot";
            case nDBANK -> "Bank mode";
            case BOR_LEV -> "Brown-out reset";
            case WWDG_SW, IWDG_SW, IWDG_STDBY, IWDG_STOP -> "Watchdogs";
            case nRST_STOP, nRST_STDBY -> "Reset behaviour";
            default -> throw new IllegalArgumentException("not an STM32F7 option field: " + fieldName);
        };
    }

    /** {@link RdpLevel#text(int)}. */
    public static String rdpText(int rdp) {
        return RdpLevel.text(rdp);
    }

    /** The option fields for {@code line} at {@code flashSizeKiB} in bank mode {@code mode}. */
    public static List<OptionField> of(Stm32F7Line line, int flashSizeKiB, BankMode mode, Stm32F7Parameters p) {
        Stm32F7Registers regs = Stm32F7Registers.of(line, p);
        FlashGeometry geometry = Stm32F7Geometry.of(line, flashSizeKiB, mode, p);
        Register optcr = regs.optcr();
        List<OptionField> list = new ArrayList<>();
        list.add(new OptionField(RDP, OPTCR, optcr.field(RDP), Polarity.ENCODED,
                "Read protection. 0xAA = level 0 (no protection, factory). 0xCC = level 2: debug port, boot from RAM "
                        + "and system memory disabled and option bytes frozen, permanently. Any other value = level 1: "
                        + "while a debugger is connected or when booting from RAM/system memory, flash cannot be read, "
                        + "programmed or erased. Going from level 1 back to 0 mass-erases the user flash.",
                Stm32F7OptionFields::rdpText, RdpLevel.syntax()));
        Map<String, Integer> borNames = new LinkedHashMap<>();
        for (BorLevel l : BorLevel.values()) {
            borNames.put(l.name(), l.code());
        }
        list.add(new OptionField(BOR_LEV, OPTCR, optcr.field(BOR_LEV), Polarity.ENCODED,
                "Brown-out reset threshold. The part is held in reset while VDD is below the selected level; a level "
                        + "above the board's supply keeps the part in reset.",
                v -> String.format("%2s = %s", Integer.toBinaryString(v | 0b100).substring(1), BorLevel.of(v).text()),
                ValueSyntax.enumerated(borNames)));
        list.add(bit(optcr, WWDG_SW, Polarity.ACTIVE_HIGH,
                "Window watchdog selection: software (enabled by firmware) or hardware (enabled at reset).",
                "hardware window watchdog: started automatically at reset",
                "software window watchdog: started by firmware"));
        list.add(bit(optcr, IWDG_SW, Polarity.ACTIVE_HIGH,
                "Independent watchdog selection. Hardware IWDG starts at every reset and must be refreshed; freeze it "
                        + "with DBGMCU_APB1_FZ.DBG_IWDG_STOP while debugging.",
                "hardware IWDG: started automatically at every reset", "software IWDG: started by firmware"));
        list.add(bit(optcr, nRST_STOP, Polarity.ACTIVE_LOW, "Reset generated when entering Stop mode (active low).",
                "reset generated when entering Stop mode", "no reset when entering Stop mode"));
        list.add(bit(optcr, nRST_STDBY, Polarity.ACTIVE_LOW,
                "Reset generated when entering Standby mode (active low).",
                "reset generated when entering Standby mode", "no reset when entering Standby mode"));
        Field nwrp = optcr.field(nWRP);
        for (int i = 0; i < nwrp.width(); i++) {
            List<Sector> covered = Stm32F7Geometry.sectorsOfNwrpBit(geometry, i);
            String what = covered.isEmpty() ? "no sector at " + flashSizeKiB + " KiB in " + mode + " bank mode"
                    : sectorNames(covered);
            Field bitField = Field.bit(nWRP + "[" + i + "]", nwrp.lsb() + i, Access.READ_WRITE, "write protection of " + what);
            list.add(new OptionField(nWRP_PREFIX + i, OPTCR, bitField, Polarity.ACTIVE_LOW,
                    "Not write protect (active low): 0 = " + what + " cannot be programmed or erased (WRPERR); a mass"
                            + " erase is refused while any sector of the bank is protected."
                            + (line.dualBankCapable() ? " In dual-bank mode one bit covers two sectors (2i, 2i+1)." : ""),
                    v -> v == 0 ? "0 = " + what + " write-protected" : "1 = " + what + " not write-protected"));
        }
        if (line.dualBankCapable()) {
            list.add(bit(optcr, nDBOOT, Polarity.ACTIVE_LOW,
                    "Dual boot (dual-bank mode only, active low). 0 = a flash boot address boots through the system "
                            + "bootloader, which chooses the bank (AN2606); BOOT_ADDx then does not select the bank "
                            + "directly. 1 = boot exactly at BOOT_ADD0/BOOT_ADD1.",
                    "dual boot enabled: a flash boot address starts the system bootloader, which picks the bank",
                    "dual boot disabled: boot at BOOT_ADDx"));
            list.add(bit(optcr, nDBANK, Polarity.ACTIVE_LOW,
                    "Bank mode (active low). 1 = single bank: 12 sectors of 32/128/256 KiB on 2 MiB parts. 0 = dual "
                            + "bank: two banks of 16/64/128 KiB sectors (bank 2 sectors 12..23, read-while-write). "
                            + "Changing it changes every sector boundary: the whole flash must be reprogrammed.",
                    "dual bank: 2 x " + geometry(line, flashSizeKiB, BankMode.DUAL, p) ,
                    "single bank: " + geometry(line, flashSizeKiB, BankMode.SINGLE, p)));
        }
        list.add(bit(optcr, IWDG_STDBY, Polarity.ACTIVE_LOW,
                "IWDG counter freeze in Standby mode (0 = frozen).",
                "IWDG counter frozen in Standby mode", "IWDG keeps counting in Standby mode"));
        list.add(bit(optcr, IWDG_STOP, Polarity.ACTIVE_LOW,
                "IWDG counter freeze in Stop mode (0 = frozen).",
                "IWDG counter frozen in Stop mode", "IWDG keeps counting in Stop mode"));
        Register optcr1 = regs.optcr1();
        for (String name : List.of(BOOT_ADD0, BOOT_ADD1)) {
            list.add(new OptionField(name, OPTCR1, optcr1.field(name), Polarity.ENCODED,
                    "Boot address used when the BOOT0 pin is " + (name.equals(BOOT_ADD0) ? "0" : "1")
                            + ". The option holds address >> 14 (16 KiB steps): 0x2000 = 0x08000000 flash via AXIM, "
                            + "0x0080 = 0x00200000 flash via ITCM, 0x0040 = system memory"
                            + (line.dualBankCapable() ? ", 0x2040 = 0x08100000 (bank 2 on 2 MiB dual-bank parts)" : "")
                            + ". Takes effect at the next reset.",
                    v -> BootAddress.describe(v, line, flashSizeKiB, Optional.of(mode)),
                    ValueSyntax.address((f, text, raw) -> parseBootAddress(f, text, line, flashSizeKiB, mode),
                            BootAddress::toAddress)));
        }
        if (line.hasPcrop()) {
            Register optcr2 = regs.optcr2().orElseThrow();
            Field pcrop = optcr2.field(PCROP);
            for (int i = 0; i < pcrop.width(); i++) {
                int sector = i;
                String what = geometry.findSector(sector).map(s -> "sector " + s.number())
                        .orElse("sector " + sector + " (absent at " + flashSizeKiB + " KiB)");
                Field bitField = Field.bit(PCROP + "[" + i + "]", pcrop.lsb() + i, Access.READ_WRITE, "PCROP of " + what);
                list.add(new OptionField(PCROP_PREFIX + i, OPTCR2, bitField, Polarity.ACTIVE_HIGH,
                        "Proprietary code read-out protection (active high): 1 = " + what + " is execute-only; data "
                                + "and debugger reads fail (RDERR). It can normally only be removed by an RDP 1->0 "
                                + "regression with PCROP_RDP set, which mass-erases the flash.",
                        v -> v == 1 ? "1 = " + what + " execute-only (PCROP)" : "0 = " + what + " not PCROP-protected"));
            }
            boolean setErases = p.pcropRdpSetMeansErase();
            list.add(new OptionField(PCROP_RDP, OPTCR2, optcr2.field(PCROP_RDP), Polarity.ACTIVE_HIGH,
                    "Whether the PCROP area is erased when RDP regresses from level 1 to 0. Polarity UNCONFIRMED: "
                            + "the F72x SVD titles the bit \"PCROP zone preserved when RDP level decreased\"; the model "
                            + "uses " + (setErases ? "1 = erased" : "1 = preserved") + " (parameter pcropRdpSetMeansErase).",
                    v -> (v == 1) == setErases ? v + " = PCROP area erased on RDP 1->0 regression"
                            : v + " = PCROP area preserved on RDP 1->0 regression"));
        }
        return List.copyOf(list);
    }

    /** BOOT_ADDx as the ADDRESS (16 KiB aligned, boot-capable), never the option's raw value (address >> 14). */
    private static int parseBootAddress(OptionField f, String text, Stm32F7Line line, int flashSizeKiB, BankMode mode) {
        long address = ValueSyntax.number(f.name(), text);
        try {
            return BootAddress.encode(f.name(), address, line, flashSizeKiB, Optional.of(mode));
        } catch (InvalidOptionValueException e) {
            // the classic mistake: the option's raw value (address >> 14) typed as the address
            String hint = address <= 0xFFFF ? String.format(" - %s takes the ADDRESS: the option value 0x%04X would be "
                    + "the address 0x%08X", f.name(), address, BootAddress.toAddress((int) address)) : "";
            throw new InvalidOptionValueException(f.name(), e.getMessage().substring(e.option().length() + 2) + hint);
        }
    }

    private static String geometry(Stm32F7Line line, int flashSizeKiB, BankMode mode, Stm32F7Parameters p) {
        FlashGeometry g = Stm32F7Geometry.of(line, flashSizeKiB, mode, p);
        return g.bank(1).sectors().size() + " sectors of "
                + g.bank(1).sectors().stream().map(s -> String.valueOf(s.sizeKiB())).distinct()
                        .collect(Collectors.joining("/")) + " KiB";
    }

    private static String sectorNames(List<Sector> sectors) {
        return sectors.size() == 1 ? "sector " + sectors.get(0).number()
                : "sectors " + sectors.stream().map(s -> String.valueOf(s.number())).collect(Collectors.joining(" and "));
    }

    private static OptionField bit(Register reg, String name, Polarity polarity, String explanation, String text0,
            String text1) {
        return new OptionField(name, reg.name(), reg.field(name), polarity, explanation,
                v -> v == 0 ? "0 = " + text0 : "1 = " + text1);
    }
}
