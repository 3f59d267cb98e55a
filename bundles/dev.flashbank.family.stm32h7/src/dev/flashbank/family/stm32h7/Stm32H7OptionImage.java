package dev.flashbank.family.stm32h7;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.family.OptionImage;

/**
 * The option bytes of one STM32H7 part as named registers: one word per _PRG register of the line (OPTSR_PRG,
 * PRAR_PRGx, SCAR_PRGx, WPSN_PRGxR, BOOT_PRGR, and OPTSR2_PRG / OTPBL_PRG where the line has them). A value read
 * from the part comes from the matching _CUR registers (same layouts, RM0433 §4.9.9-4.9.19); the status bits only
 * OPTSR_CUR has (OPT_BUSY, OPTCHANGEERR) are dropped, every other bit is kept as read so that a read-modify-write
 * preserves bits the model does not name.
 */
public record Stm32H7OptionImage(Stm32H7Line line, BankMode bankMode, Map<String, Integer> words)
        implements OptionImage {

    public Stm32H7OptionImage {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(bankMode, "bankMode");
        List<String> names = names(line);
        if (!words.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException(line.displayName() + " option image needs exactly " + names + ", not "
                    + words.keySet());
        }
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (String n : names) {
            ordered.put(n, words.get(n) & ~curOnlyBits(line, n));
        }
        words = java.util.Collections.unmodifiableMap(ordered);
    }

    private static List<String> names(Stm32H7Line line) {
        return Stm32H7Registers.of(line).programRegisters().stream().map(Register::name).toList();
    }

    /** Bits of a _CUR register that are status, not options (OPT_BUSY, OPTCHANGEERR of OPTSR_CUR). */
    private static int curOnlyBits(Stm32H7Line line, String prgName) {
        if (!prgName.equals(Stm32H7Registers.OPTSR_PRG)) {
            return 0;
        }
        Register cur = Stm32H7Registers.of(line).optsrCur();
        return cur.field(Stm32H7Registers.OPT_BUSY).mask() | cur.field(Stm32H7Registers.OPTCHANGEERR).mask();
    }

    /** The {@link Stm32H7Line} constant's name. */
    @Override
    public String lineId() {
        return line.name();
    }

    @Override
    public String lineName() {
        return line.displayName();
    }

    /** The line's option fields for a variant (default parameters). */
    @Override
    public List<OptionField> fields(int flashSizeKiB) {
        return Stm32H7OptionFields.of(line, flashSizeKiB, Stm32H7Parameters.defaults());
    }

    /** The factory option bytes of a variant (parameters factoryOptsr, factoryPrar, factoryScar, factoryBoot). */
    public static Stm32H7OptionImage factory(Stm32H7Descriptor d, int flashSizeKiB) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Register r : d.registers().programRegisters()) {
            m.put(r.name(), r.resetValue());
        }
        return new Stm32H7OptionImage(d.stm32H7Line(), d.bankModes(flashSizeKiB).iterator().next(), m);
    }

    /**
     * The image read from the _CUR registers: {@code current} maps each _CUR register name (OPTSR_CUR, WPSN_CUR1R,
     * BOOT_CURR ...) to the word read.
     */
    public static Stm32H7OptionImage fromCurrent(Stm32H7Registers regs, BankMode mode, Map<String, Integer> current) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Register prg : regs.programRegisters()) {
            String cur = regs.currentOf(prg).name();
            Integer v = current.get(cur);
            if (v == null) {
                throw new IllegalArgumentException("no value read for " + cur);
            }
            m.put(prg.name(), v);
        }
        return new Stm32H7OptionImage(regs.line(), mode, m);
    }

    /** OPT_BUSY and OPTCHANGEERR of OPTSR: status a dump of OPTSR_CUR holds, never options. */
    @Override
    public int controlBits(String register) {
        return curOnlyBits(line, register);
    }

    @Override
    public List<String> registerNames() {
        return List.copyOf(words.keySet());
    }

    @Override
    public int word(String register) {
        Integer w = words.get(register);
        if (w == null) {
            throw new InvalidOptionValueException(register, "is not an option register of " + line.displayName()
                    + " (" + String.join(", ", words.keySet()) + ")");
        }
        return w;
    }

    /**
     * An area bound (PROT_AREA_STARTn/ENDn, SEC_AREA_STARTn/ENDn) of an area whose START is above its END says the
     * area is disabled (RM0433 §4.5.4 for the PCROP area; the secure-only area follows the same rule): the factory
     * value START 0x0FF > END 0x000 is no range at all.
     */
    @Override
    public String describe(OptionField field) {
        Register r = Stm32H7Registers.of(line).programRegisters().stream()
                .filter(x -> x.name().equals(field.register())).findFirst().orElse(null);
        for (String[] bounds : AREA_BOUNDS) {
            if (r != null && r.findField(bounds[0]).isPresent() && r.findField(bounds[1]).isPresent()
                    && (field.name().startsWith(bounds[0]) || field.name().startsWith(bounds[1]))) {
                int w = word(r.name());
                int start = r.field(bounds[0]).extract(w);
                int end = r.field(bounds[1]).extract(w);
                if (start > end) {
                    return String.format("0x%03X = area disabled (START 0x%03X > END 0x%03X)", get(field), start, end);
                }
            }
        }
        return OptionImage.super.describe(field);
    }

    private static final String[][] AREA_BOUNDS = { { Stm32H7Registers.PROT_AREA_START, Stm32H7Registers.PROT_AREA_END },
            { Stm32H7Registers.SEC_AREA_START, Stm32H7Registers.SEC_AREA_END } };

    @Override
    public int rdp() {
        return Stm32H7Registers.of(line).optsrPrg().field(Stm32H7Registers.RDP).extract(word(Stm32H7Registers.OPTSR_PRG));
    }

    /** OPTSR.RDP set to {@code rdpByte}. */
    @Override
    public Stm32H7OptionImage withRdp(int rdpByte) {
        Register optsr = Stm32H7Registers.of(line).optsrPrg();
        return withWord(optsr.name(), optsr.field(Stm32H7Registers.RDP).insert(word(optsr.name()), rdpByte));
    }

    /** The swap that the next reset puts in force (OPTSR.SWAP_BANK_OPT); false on single-bank lines. */
    public boolean swapBankAfterReset() {
        Register optsr = Stm32H7Registers.of(line).optsrPrg();
        return optsr.findField(Stm32H7Registers.SWAP_BANK_OPT).map(f -> f.isSet(word(optsr.name()))).orElse(false);
    }

    @Override
    public Stm32H7OptionImage with(OptionField field, int value) {
        return withWord(field.register(), field.insert(word(field.register()), value));
    }

    @Override
    public Stm32H7OptionImage withWord(String register, int value) {
        word(register);
        Map<String, Integer> m = new LinkedHashMap<>(words);
        m.put(register, value);
        return new Stm32H7OptionImage(line, bankMode, m);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(line.displayName()).append(" options");
        words.forEach((k, v) -> b.append(String.format(" %s=0x%08X", k, v)));
        return b.toString();
    }
}
