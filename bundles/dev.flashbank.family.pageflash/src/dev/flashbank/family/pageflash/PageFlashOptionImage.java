package dev.flashbank.family.pageflash;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.family.OptionImage;

/**
 * The option bytes of one page-flash part as named registers: one word per option register of the line (OPTR,
 * PCROP1SR/ER or PCROP1ASR/AER/BSR/BER, WRP1AR/BR, the bank-2 ones on dual-bank-capable lines, SEC1R/SEC2R or SECR),
 * in address order ({@link PageFlashRegisters#optionRegisters()}). What the part reads back from these registers is
 * the set LOADED at the last option load; what an OPTSTRT programs takes effect at the next one (RM0440 §3.4.2).
 * Every bit is kept as read, so that a read-modify-write preserves bits the model does not name.
 * <p>
 * The flash size is part of the image: it decides which option bit (if any) selects the bank mode (L4 1 MiB parts are
 * always dual bank, L4+ uses DBANK at 2 MiB and DB1M at 1 MiB, G0B1 128 KiB parts are single bank).
 */
public record PageFlashOptionImage(PageFlashLine line, int flashSizeKiB, Map<String, Integer> words)
        implements OptionImage {

    public PageFlashOptionImage {
        Objects.requireNonNull(line, "line");
        if (!line.flashSizesKiB().contains(flashSizeKiB)) {
            throw new IllegalArgumentException(line.displayName() + " has no " + flashSizeKiB + " KiB variant");
        }
        List<String> names = names(line);
        if (!words.keySet().equals(new HashSet<>(names))) {
            throw new IllegalArgumentException(line.displayName() + " option image needs exactly " + names + ", not "
                    + words.keySet());
        }
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (String n : names) {
            ordered.put(n, words.get(n));
        }
        words = Collections.unmodifiableMap(ordered);
    }

    private static List<String> names(PageFlashLine line) {
        return PageFlashRegisters.of(line).optionRegisters().stream().map(Register::name).toList();
    }

    /** The option bytes of a factory-fresh variant (the registers' factory values, {@link PageFlashRegisters}). */
    public static PageFlashOptionImage factory(PageFlashLine line, int flashSizeKiB) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Register r : PageFlashRegisters.of(line).optionRegisters()) {
            m.put(r.name(), r.resetValue());
        }
        return new PageFlashOptionImage(line, flashSizeKiB, m);
    }

    /** The {@link PageFlashLine} constant's name. */
    @Override
    public String lineId() {
        return line.name();
    }

    @Override
    public String lineName() {
        return line.displayName();
    }

    /** The line's option fields for a variant, in this image's bank mode. */
    @Override
    public List<OptionField> fields(int flashSizeKiB) {
        return PageFlashOptionFields.of(line, flashSizeKiB,
                PageFlashGeometry.bankModes(line, flashSizeKiB).contains(bankMode()) ? bankMode()
                        : PageFlashGeometry.bankModes(line, flashSizeKiB).iterator().next());
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

    /** FLASH_OPTR. */
    public int optr() {
        return word(PageFlashRegisters.OPTR);
    }

    private Field optrField(String name) {
        return PageFlashRegisters.of(line).optr().field(name);
    }

    private Optional<Field> findOptrField(String name) {
        return PageFlashRegisters.of(line).optr().findField(name);
    }

    @Override
    public int rdp() {
        return optrField(PageFlashRegisters.RDP).extract(optr());
    }

    @Override
    public PageFlashOptionImage withRdp(int rdpByte) {
        return withWord(PageFlashRegisters.OPTR, optrField(PageFlashRegisters.RDP).insert(optr(), rdpByte));
    }

    /** The bank mode these options select on this image's flash size. */
    @Override
    public BankMode bankMode() {
        return PageFlashGeometry.bankMode(line, flashSizeKiB, optr());
    }

    /**
     * The bank-mode option (DBANK, DB1M, DUALBANK or DUAL_BANK, whichever this flash size uses) set for {@code mode};
     * refused where the bank mode is fixed.
     */
    @Override
    public PageFlashOptionImage withBankMode(BankMode mode) {
        if (mode == bankMode()) {
            return this;
        }
        Optional<String> option = PageFlashGeometry.bankModeOption(line, flashSizeKiB);
        if (option.isEmpty()) {
            throw new InvalidOptionValueException("bank mode", line.displayName() + " with " + flashSizeKiB
                    + " KiB has no bank-mode option: it always runs in "
                    + bankMode().toString().toLowerCase(Locale.ROOT) + "-bank mode");
        }
        return withWord(PageFlashRegisters.OPTR, optrField(option.get()).insert(optr(), mode == BankMode.DUAL ? 1 : 0));
    }

    /**
     * FLASH_OPTR = 0xFFFF_FFFF (RDP 0xFF, every bit set): what the option load takes when FLASH_OPTR's value and its
     * complement do not match - an option write cut by a reset or power loss inside OPTSTRT ("the mismatch values of
     * the option bytes are loaded after reset", RM0444 §3.4.2; RDP is level 1 "even if the complement is not
     * correct", RM0440 §3.5.1). No option write of Flashbank or ST's tools stores that word (its BOR_LEV code is
     * reserved). Which values real parts load for a mismatch is UNCONFIRMED; FLASH_SR.OPTVERR is the part's own
     * witness, which the doctor reports.
     */
    @Override
    public Optional<String> interruptedWriteSignature() {
        if (optr() != 0xFFFF_FFFF) {
            return Optional.empty();
        }
        long protectedAreas = PageFlashRegisters.of(line).optionRegisters().stream()
                .filter(r -> r.name().startsWith("WRP")).filter(r -> {
                    Field start = r.fields().get(0);
                    Field end = r.fields().get(1);
                    return start.extract(word(r.name())) == 0 && end.extract(word(r.name())) == end.maxValue();
                }).count();
        return Optional.of("RDP level 1 with FLASH_OPTR = 0xFFFFFFFF (RDP 0xFF, the erased word): the option load found"
                + " FLASH_OPTR's value and complement mismatched - an option write cut by a reset or power loss"
                + (protectedAreas > 0 ? "; " + protectedAreas + " WRP area(s) load as whole banks protected" : ""));
    }

    /**
     * A power loss LATE inside OPTSTRT, compared with the options that write asked for ({@code requested}, the board
     * journal's request): FLASH_OPTR was programmed (it loads as requested, so RDP stays level 0 and the new BFB2 /
     * nSWAP_BANK acts), but option registers programmed after it kept an erased complement and loaded their mismatch
     * values with FLASH_SR.OPTVERR ("Upon an option byte programming failure ... the mismatch values of the option
     * bytes are loaded after reset. Those mismatch values force a secure configuration", RM0444 §3.4.2; the option bytes
     * programming sequences of RM0440 §3.4.2 and RM0351 §3.4.2 are the same). Present when FLASH_OPTR equals the
     * request and every register that differs from it holds a value a mismatch loads ({@link #mismatchLoadValues});
     * the order in which OPTSTRT programs the registers is not needed. A cut before FLASH_OPTR was programmed is the
     * request-free {@link #interruptedWriteSignature()} (RDP level 1).
     */
    @Override
    public Optional<String> interruptedWriteSignature(OptionImage requested) {
        Optional<String> early = interruptedWriteSignature();
        if (early.isPresent() || !(requested instanceof PageFlashOptionImage r) || r.line != line
                || r.flashSizeKiB != flashSizeKiB) {
            return early;
        }
        List<Register> registers = PageFlashRegisters.of(line).optionRegisters();
        List<String> mismatched = new java.util.ArrayList<>();
        for (Register reg : registers) {
            int defined = reg.definedBits();
            int now = word(reg.name()) & defined;
            if (now == (r.word(reg.name()) & defined)) {
                continue;
            }
            if (reg.name().equals(PageFlashRegisters.OPTR)) {
                return Optional.empty(); // FLASH_OPTR is not the request's: not this write cut after OPTR
            }
            if (mismatchLoadValues(line, reg.name()).stream().noneMatch(v -> (v & defined) == now)) {
                return Optional.empty(); // a value no mismatch loads: changed deliberately, not a cut
            }
            mismatched.add(reg.name());
        }
        if (mismatched.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("FLASH_OPTR loaded as the journal's request (RDP level 0), but " + describeLoaded(mismatched)
                + " loaded the values an option-byte load takes for a value/complement mismatch instead of the"
                + " requested ones - an option write cut by a reset or power loss after it had programmed FLASH_OPTR"
                + " (the part sets FLASH_SR.OPTVERR at such a load)");
    }

    /**
     * The values option register {@code register} may load when its stored complement does not match (RM0444 §3.4.2
     * caution: "the mismatch values ... force a secure configuration"). Which values real parts load is UNCONFIRMED;
     * two readings are accepted: the erased word (every bit set) and the most restrictive value
     * ({@link #restrictiveMismatchValue}), which the simulator loads by default.
     */
    public static List<Integer> mismatchLoadValues(PageFlashLine line, String register) {
        return List.of(0xFFFF_FFFF, restrictiveMismatchValue(line, register));
    }

    /**
     * The "secure configuration" reading of a mismatch load: a WRP area that covers the whole bank (start page 0, end
     * the last page the field holds), PCROP_RDP = 1 with no PCROP area (end 0 below the erased start), everything else
     * the erased word (SECxR: BOOT_LOCK = 1 and the largest securable area; FLASH_OPTR: RDP 0xFF = level 1, "even if
     * the complement is not correct").
     */
    public static int restrictiveMismatchValue(PageFlashLine line, String register) {
        Register r = PageFlashRegisters.of(line).flash().register(register);
        if (register.startsWith("WRP")) {
            Field start = r.fields().get(0);
            Field end = r.fields().get(1);
            return start.encode(0) | end.encode((int) end.maxValue());
        }
        if (register.startsWith("PCROP") && register.endsWith("ER")) {
            return r.findField(PageFlashRegisters.PCROP_RDP).map(f -> f.encode(1)).orElse(0);
        }
        return 0xFFFF_FFFF;
    }

    /**
     * The option registers among WRP, PCROP and SEC whose defined bits hold a mismatch value that protects more than
     * the factory value (a WRP area over the whole bank, BOOT_LOCK and the largest securable area): what a FLASH_SR.OPTVERR
     * load may have left, for the doctor. A deliberate value can look the same; OPTVERR tells them apart.
     */
    public List<String> mismatchLookingRegisters() {
        List<String> l = new java.util.ArrayList<>();
        for (Register reg : PageFlashRegisters.of(line).optionRegisters()) {
            if (reg.name().equals(PageFlashRegisters.OPTR)) {
                continue;
            }
            int defined = reg.definedBits();
            int now = word(reg.name()) & defined;
            if (now != (reg.resetValue() & defined)
                    && mismatchLoadValues(line, reg.name()).stream().anyMatch(v -> (v & defined) == now)) {
                l.add(reg.name());
            }
        }
        return l;
    }

    /**
     * Registers of this image in words with what they block: "WRP1AR (area 1A = pages 0-127: write-protected)",
     * "SEC1R (BOOT_LOCK = 1: boot forced from the main flash; SEC_SIZE1 = 255 pages securable)".
     */
    public String describeLoaded(List<String> registers) {
        List<String> parts = new java.util.ArrayList<>();
        for (String name : registers) {
            Register reg = PageFlashRegisters.of(line).flash().register(name);
            int w = word(name);
            String what;
            if (name.startsWith("WRP")) {
                int first = reg.fields().get(0).extract(w);
                int last = reg.fields().get(1).extract(w);
                what = first <= last ? String.format("area %s = pages %d-%d: write-protected", name.substring(3, 5),
                        first, last) : "no area";
            } else {
                List<String> fields = new java.util.ArrayList<>();
                for (Field f : reg.fields()) {
                    int v = f.extract(w);
                    if (f.name().equals(PageFlashRegisters.BOOT_LOCK)) {
                        fields.add(0, "BOOT_LOCK = " + v + (v == 1 ? ": boot forced from the main flash" : ""));
                    } else if (f.name().startsWith("SEC_SIZE")) {
                        fields.add(f.name() + " = " + v + " pages securable");
                    } else {
                        fields.add(f.name() + " = " + v);
                    }
                }
                what = String.join("; ", fields);
            }
            parts.add(String.format("FLASH_%s = 0x%08X (%s)", name, w, what));
        }
        return String.join(", ", parts);
    }

    /** BFB2 (L4, L4+, G4 category 3): the bootloader starts bank 2 first after the next option load. */
    public boolean bfb2() {
        return findOptrField(PageFlashRegisters.BFB2).map(f -> f.isSet(optr())).orElse(false);
    }

    /** G0B1: nSWAP_BANK = 0, the banks are swapped (from the option load these options came with). */
    public boolean swapBank() {
        return findOptrField(PageFlashRegisters.NSWAP_BANK).map(f -> !f.isSet(optr())).orElse(false);
    }

    /**
     * A WRP or PCROP area bound of an area whose start is above its end says the area is disabled (RM0440 §3.5.2 and
     * §3.5.3: start above end = no area; the factory value).
     */
    @Override
    public String describe(OptionField field) {
        String n = field.name();
        if (n.endsWith("_STRT") || n.endsWith("_END")) {
            String base = n.substring(0, n.lastIndexOf('_'));
            Optional<Integer> start = area(base, "_STRT");
            Optional<Integer> end = area(base, "_END");
            if (start.isPresent() && end.isPresent() && start.get() > end.get()) {
                return String.format("%d = area disabled (start %d above end %d)", get(field), start.get(), end.get());
            }
        }
        return OptionImage.super.describe(field);
    }

    /** The start ({@code suffix} "_STRT") or end of area {@code base} ("WRP1A", "PCROP2B"), from whichever register. */
    private Optional<Integer> area(String base, String suffix) {
        for (Register r : PageFlashRegisters.of(line).optionRegisters()) {
            Optional<Field> f = r.findField(base + suffix);
            if (f.isPresent()) {
                return Optional.of(f.get().extract(word(r.name())));
            }
        }
        return Optional.empty();
    }

    @Override
    public PageFlashOptionImage with(OptionField field, int value) {
        return withWord(field.register(), field.insert(word(field.register()), value));
    }

    @Override
    public PageFlashOptionImage withWord(String register, int value) {
        word(register);
        Map<String, Integer> m = new LinkedHashMap<>(words);
        m.put(register, value);
        return new PageFlashOptionImage(line, flashSizeKiB, m);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(line.displayName()).append(" (").append(flashSizeKiB).append(" KiB) options");
        words.forEach((k, v) -> b.append(String.format(" %s=0x%08X", k, v)));
        return b.toString();
    }
}
