package dev.flashbank.family.stm32h7;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Polarity;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.ValueSyntax;

/**
 * The user options of an STM32H7 line as {@link OptionField}s (RM0433 §4.4 "FLASH option bytes", §4.9.9-4.9.19):
 * bit positions taken from the _PRG registers of {@link Stm32H7Registers} (never restated), polarity, an explanation
 * and human text for every value. The H7 option bytes live only in registers: each field names the _PRG register an
 * option change programs; the value in force is read from the matching _CUR register with the same layout.
 * <p>
 * Per-bank options carry the bank number like the RM names them (PROT_AREA_START1, DMES2); the per-sector write
 * protection bits are separate fields {@code WRPSN<bank>_<bit>} whose texts name the sectors they cover. Every field
 * belongs to one {@link Group} ({@link #groupOf(String)}), which the Option Bytes view shows as a box.
 */
public final class Stm32H7OptionFields {

    /** Prefix of the per-sector write-protection fields: WRPSN1_3 = bit 3 of WPSN_PRG1R. */
    public static final String WRPSN_PREFIX = "WRPSN";
    /** Boot addresses are stored as address >> 16 (64 KiB steps) up to this address (RM0433 §4.4.7). */
    public static final long BOOT_ADDRESS_MAX = 0x3FFF_0000L;

    private Stm32H7OptionFields() {
    }

    /** The boxes of the Option Bytes view, in display order. */
    public enum Group {
        READ_PROTECTION("Read protection"),
        WRITE_PROTECTION("Write protection \u2014 per sector"),
        PCROP("PCROP (execute-only) areas"),
        SECURE_AREA("Secure-only areas"),
        BOOT("Boot"),
        BANK_SWAP("Bank swap"),
        BROWN_OUT("Brown-out reset"),
        WATCHDOGS("Watchdogs"),
        RESET("Reset behaviour"),
        SECURITY("Security"),
        IO("I/O and memory configuration");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** BOR_LEV codes (RM0433 §4.4.2): 00 = BOR off. */
    public enum BorLevel {
        OFF(0b00, "BOR off (POR/PDR only, about 1.6 V)"),
        LEVEL_1(0b01, "BOR level 1 (2.1 V)"),
        LEVEL_2(0b10, "BOR level 2 (2.4 V)"),
        LEVEL_3(0b11, "BOR level 3 (2.7 V)");

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

    /** Field name of a per-bank option: PROT_AREA_START + 1 = PROT_AREA_START1. */
    public static String bankField(String base, int bank) {
        return base + bank;
    }

    /** Field name of write-protection bit {@code bit} of bank {@code bank}: WRPSN1_3. */
    public static String wrpsnField(int bank, int bit) {
        return WRPSN_PREFIX + bank + "_" + bit;
    }

    /** The group of an option field name of this family. */
    public static Group groupOf(String fieldName) {
        if (fieldName.startsWith(WRPSN_PREFIX)) {
            return Group.WRITE_PROTECTION;
        }
        if (fieldName.startsWith(PROT_AREA_START) || fieldName.startsWith(PROT_AREA_END) || fieldName.startsWith(DMEP)) {
            return Group.PCROP;
        }
        if (fieldName.startsWith(SEC_AREA_START) || fieldName.startsWith(SEC_AREA_END) || fieldName.startsWith(DMES)) {
            return Group.SECURE_AREA;
        }
        return switch (fieldName) {
            case RDP -> Group.READ_PROTECTION;
            case BOOT_ADD0, BOOT_ADD1 -> Group.BOOT;
            case SWAP_BANK_OPT -> Group.BANK_SWAP;
            case BOR_LEV -> Group.BROWN_OUT;
            case IWDG1_SW, FZ_IWDG_STOP, FZ_IWDG_SDBY -> Group.WATCHDOGS;
            case NRST_STOP_D1, NRST_STBY_D1, NRST_STOP_D2, NRST_STBY_D2 -> Group.RESET;
            case SECURITY, ST_RAM_SIZE -> Group.SECURITY;
            case IO_HSLV, VDDMMC_HSLV, TCM_AXI_SHARED, CPUFREQ_BOOST -> Group.IO;
            default -> throw new IllegalArgumentException("not an STM32H7 option field: " + fieldName);
        };
    }

    /** The option fields of {@code line} at {@code flashSizeKiB}, in register order. */
    public static List<OptionField> of(Stm32H7Line line, int flashSizeKiB, Stm32H7Parameters p) {
        Stm32H7Registers regs = Stm32H7Registers.of(line, p);
        FlashGeometry g = Stm32H7Geometry.of(line, flashSizeKiB,
                Stm32H7Geometry.bankModes(line, flashSizeKiB).iterator().next());
        List<OptionField> list = new ArrayList<>();
        Register optsr = regs.optsrPrg();
        list.add(new OptionField(RDP, optsr.name(), optsr.field(RDP), Polarity.ENCODED,
                "Readout protection. 0xAA = level 0 (no protection, factory). 0xCC = level 2: debug, boot from RAM "
                        + "and system memory disabled and options frozen, permanently. Any other value = level 1: "
                        + "while a debugger is connected or when booting from RAM/system memory, flash cannot be read "
                        + "(RDPERR). Going from level 1 back to 0 mass-erases the user flash except PCROP/secure areas "
                        + "whose DMEP/DMES is 0.",
                RdpLevel::text, RdpLevel.syntax()));
        Map<String, Integer> bor = new LinkedHashMap<>();
        for (BorLevel l : BorLevel.values()) {
            bor.put(l.name(), l.code());
        }
        list.add(new OptionField(BOR_LEV, optsr.name(), optsr.field(BOR_LEV), Polarity.ENCODED,
                "Brown-out reset threshold: the part is held in reset while VDD is below it; a level above the "
                        + "board's supply keeps the part in reset.",
                v -> ValueSyntax.binary(v, 2) + " = " + BorLevel.of(v).text(), ValueSyntax.enumerated(bor)));
        list.add(bit(optsr, IWDG1_SW, Polarity.ACTIVE_HIGH,
                "IWDG1 selection. Hardware IWDG1 starts at every reset and must be refreshed; freeze it with "
                        + "DBGMCU_APB4FZ1.DBG_WDGLSD1 while debugging.",
                "hardware IWDG1: started automatically at every reset", "software IWDG1: started by firmware"));
        list.add(bit(optsr, NRST_STOP_D1, Polarity.ACTIVE_LOW, "Reset generated when D1 enters Stop mode (active low).",
                "reset generated when D1 enters Stop mode", "no reset when D1 enters Stop mode"));
        list.add(bit(optsr, NRST_STBY_D1, Polarity.ACTIVE_LOW,
                "Reset generated when D1 enters Standby mode (active low).",
                "reset generated when D1 enters Standby mode", "no reset when D1 enters Standby mode"));
        if (optsr.hasField(VDDMMC_HSLV)) {
            list.add(bit(optsr, VDDMMC_HSLV, Polarity.ACTIVE_HIGH, "VDDMMC I/O high speed at low voltage.",
                    "VDDMMC high-speed-at-low-voltage off", "VDDMMC high-speed-at-low-voltage on"));
        }
        list.add(bit(optsr, FZ_IWDG_STOP, Polarity.ACTIVE_LOW, "IWDG counter freeze in Stop mode (0 = frozen).",
                "IWDG frozen in Stop mode", "IWDG keeps counting in Stop mode"));
        list.add(bit(optsr, FZ_IWDG_SDBY, Polarity.ACTIVE_LOW, "IWDG counter freeze in Standby mode (0 = frozen).",
                "IWDG frozen in Standby mode", "IWDG keeps counting in Standby mode"));
        Map<String, Integer> ram = new LinkedHashMap<>();
        List<String> ramNames = List.of("2K", "4K", "8K", "16K");
        for (int i = 0; i < ramNames.size(); i++) {
            ram.put(ramNames.get(i), i);
        }
        list.add(new OptionField(ST_RAM_SIZE, optsr.name(), optsr.field(ST_RAM_SIZE), Polarity.ENCODED,
                "DTCM RAM reserved for ST's secure library when SECURITY = 1 (2, 4, 8 or 16 KiB).",
                v -> ValueSyntax.binary(v, 2) + " = " + ramNames.get(v) + "iB of DTCM reserved for secure code",
                ValueSyntax.enumerated(ram)));
        list.add(bit(optsr, SECURITY, Polarity.ACTIVE_HIGH,
                "Security: 1 enables the secure access mode (ST secure library, secure-only areas). Treated as "
                        + "irreversible (parameter securityIrreversible).",
                "security disabled", "security enabled (secure access mode)"));
        if (optsr.hasField(NRST_STOP_D2)) {
            list.add(bit(optsr, NRST_STOP_D2, Polarity.ACTIVE_LOW, "Reset generated when D2 enters Stop mode (active "
                    + "low).", "reset generated when D2 enters Stop mode", "no reset when D2 enters Stop mode"));
            list.add(bit(optsr, NRST_STBY_D2, Polarity.ACTIVE_LOW, "Reset generated when D2 enters Standby mode (active "
                    + "low).", "reset generated when D2 enters Standby mode", "no reset when D2 enters Standby mode"));
        }
        list.add(bit(optsr, IO_HSLV, Polarity.ACTIVE_HIGH,
                "I/O high speed at low voltage. Only for boards whose VDD is below 2.5 V; setting it at a higher VDD "
                        + "may damage the part.",
                "I/O high-speed-at-low-voltage off", "I/O high-speed-at-low-voltage on (VDD below 2.5 V only)"));
        if (optsr.hasField(SWAP_BANK_OPT)) {
            list.add(bit(optsr, SWAP_BANK_OPT, Polarity.ACTIVE_HIGH,
                    "Bank swap. Takes effect at the next system reset: then bank 2 is at 0x0800_0000 and bank 1 at "
                            + "0x0810_0000 (and the CPU boots the image of bank 2). OPTCR.SWAP_BANK shows the swap in "
                            + "force.",
                    "banks not swapped after the next reset (bank 1 at 0x0800_0000)",
                    "banks swapped after the next reset (bank 2 at 0x0800_0000)"));
        }
        // the 128 KiB single-bank parts have the bank-2 registers but no bank-2 sectors: no bank-2 options
        for (int bank = 1; bank <= g.bankCount(); bank++) {
            addBankOptions(list, regs, g, line, bank);
        }
        Register boot = regs.bootPrg();
        for (String name : List.of(BOOT_ADD0, BOOT_ADD1)) {
            list.add(new OptionField(name, boot.name(), boot.field(name), Polarity.ENCODED,
                    "Boot address used when the BOOT0 pin is " + (name.equals(BOOT_ADD0) ? "0" : "1") + ". The option "
                            + "holds address >> 16 (64 KiB steps): 0x0800 = 0x08000000 (flash), 0x1FF0 = 0x1FF00000 "
                            + "(system memory bootloader), 0x2400 = 0x24000000 (AXI SRAM). Takes effect at the next "
                            + "reset.",
                    v -> String.format("0x%04X = boot at 0x%08X%s", v, (long) v << 16, bootTarget((long) v << 16)),
                    ValueSyntax.address(Stm32H7OptionFields::parseBootAddress, v -> (long) v << 16)));
        }
        regs.flash().findRegister(OPTSR2_PRG).ifPresent(optsr2 -> {
            list.add(new OptionField(TCM_AXI_SHARED, optsr2.name(), optsr2.field(TCM_AXI_SHARED), Polarity.ENCODED,
                    "Split of the shared TCM/AXI RAM between ITCM and AXI SRAM.",
                    v -> ValueSyntax.binary(v, 2) + " = " + List.of("64 KiB ITCM / 320 KiB AXI", "128 KiB ITCM / 256 KiB "
                            + "AXI", "192 KiB ITCM / 192 KiB AXI", "256 KiB ITCM / 128 KiB AXI").get(v)));
            list.add(bit(optsr2, CPUFREQ_BOOST, Polarity.ACTIVE_HIGH, "CPU frequency boost.",
                    "CPU frequency boost off", "CPU frequency boost on"));
        });
        return List.copyOf(list);
    }

    private static void addBankOptions(List<OptionField> list, Stm32H7Registers regs, FlashGeometry g,
            Stm32H7Line line, int bank) {
        Register prar = regs.prarPrg(bank);
        Register scar = regs.scarPrg(bank);
        Register wpsn = regs.wpsnPrg(bank);
        String bankText = g.bankCount() > 1 ? " of bank " + bank : "";
        list.add(area(prar, PROT_AREA_START, bank, "First 256-byte block of the PCROP (execute-only) area" + bankText
                + ", as bank offset >> 8. START > END means no PCROP area.", true));
        list.add(area(prar, PROT_AREA_END, bank, "Last 256-byte block (inclusive) of the PCROP area" + bankText
                + ", as bank offset >> 8.", false));
        list.add(new OptionField(bankField(DMEP, bank), prar.name(), prar.field(DMEP), Polarity.ACTIVE_HIGH,
                "Whether the PCROP area" + bankText + " is erased by an RDP 1->0 regression or a bank erase with "
                        + "protection removal (1) or survives it (0).",
                v -> v == 1 ? "1 = PCROP area erased on RDP regression" : "0 = PCROP area kept on RDP regression"));
        list.add(area(scar, SEC_AREA_START, bank, "First 256-byte block of the secure-only area" + bankText
                + ", as bank offset >> 8. START > END means no secure area.", true));
        list.add(area(scar, SEC_AREA_END, bank, "Last 256-byte block (inclusive) of the secure-only area" + bankText
                + ", as bank offset >> 8.", false));
        list.add(new OptionField(bankField(DMES, bank), scar.name(), scar.field(DMES), Polarity.ACTIVE_HIGH,
                "Whether the secure-only area" + bankText + " is erased by an RDP 1->0 regression or a bank erase "
                        + "with protection removal (1) or survives it (0).",
                v -> v == 1 ? "1 = secure area erased on RDP regression" : "0 = secure area kept on RDP regression"));
        Field wrpsn = wpsn.field(WRPSN);
        int perBit = line.hasPsize() ? 1 : 4;
        int sectors = g.bank(bank).sectors().size();
        for (int i = 0; i < wrpsn.width(); i++) {
            int first = i * perBit;
            String what = first >= sectors ? "no sector (bit " + i + " unused at this flash size)"
                    : perBit == 1 ? "sector " + first + bankText : "sectors " + first + "-" + (first + perBit - 1)
                            + bankText;
            Field bitField = Field.bit(WRPSN + bank + "[" + i + "]", wrpsn.lsb() + i, Access.READ_WRITE,
                    "write protection of " + what);
            list.add(new OptionField(wrpsnField(bank, i), wpsn.name(), bitField, Polarity.ACTIVE_LOW,
                    "Write protection (active low): 0 = " + what + " cannot be programmed or erased (WRPERR); a bank "
                            + "or mass erase is refused while any sector of the bank is protected.",
                    v -> v == 0 ? "0 = " + what + " write-protected" : "1 = " + what + " not write-protected"));
        }
    }

    private static OptionField area(Register reg, String base, int bank, String explanation, boolean start) {
        return new OptionField(bankField(base, bank), reg.name(), reg.field(base), Polarity.ENCODED, explanation,
                v -> String.format("0x%03X = bank offset 0x%06X%s", v, (long) v << 8,
                        start ? "" : String.format(" (area ends at 0x%06X)", ((long) v << 8) + 0xFF)));
    }

    private static String bootTarget(long address) {
        if (address >= Stm32H7Geometry.SLOT1_BASE && address < Stm32H7Geometry.SLOT2_BASE + 0x10_0000L) {
            return " (user flash)";
        }
        if (address == 0x1FF0_0000L) {
            return " (system memory bootloader)";
        }
        return "";
    }

    /** BOOT_ADDx as the ADDRESS (64 KiB aligned, at most 0x3FFF0000), never the option's raw value (address >> 16). */
    static int parseBootAddress(OptionField f, String text, boolean raw) {
        long address = ValueSyntax.number(f.name(), text);
        if (address <= 0xFFFF && address != 0) {
            throw new InvalidOptionValueException(f.name(), String.format("takes the boot ADDRESS (e.g. 0x08000000), not "
                    + "the option value: the option value 0x%04X would be the address 0x%08X", address, address << 16));
        }
        if ((address & 0xFFFF) != 0) {
            throw new InvalidOptionValueException(f.name(), String.format("0x%08X is not 64 KiB aligned (the option "
                    + "stores address >> 16): use 0x%08X", address, address & ~0xFFFFL));
        }
        if (address > BOOT_ADDRESS_MAX) {
            throw new InvalidOptionValueException(f.name(), String.format("0x%08X is above 0x%08X, the highest boot "
                    + "address", address, BOOT_ADDRESS_MAX));
        }
        return (int) (address >>> 16);
    }

    private static OptionField bit(Register reg, String name, Polarity polarity, String explanation, String text0,
            String text1) {
        return new OptionField(name, reg.name(), reg.field(name), polarity, explanation,
                v -> v == 0 ? "0 = " + text0 : "1 = " + text1);
    }
}
