package dev.flashbank.family.stm32f7;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.OptionImage;

/**
 * Immutable STM32F7 user option bytes as the raw FLASH_OPTCR / OPTCR1 / OPTCR2 words (OPTCR2 only on F72x/F73x,
 * 0 elsewhere), with typed accessors and withers. The control bits OPTLOCK/OPTSTRT are not options: they are
 * dropped (stored as 0) so that two values with the same options are equal. Bit positions come from
 * {@link Stm32F7Registers}.
 */
public record OptionBytes(Stm32F7Line line, int optcr, int optcr1, int optcr2) implements OptionImage {

    public OptionBytes {
        Stm32F7Registers r = Stm32F7Registers.of(line);
        Register oc = r.optcr();
        optcr &= oc.definedBits() & ~oc.field(OPTLOCK).mask() & ~oc.field(OPTSTRT).mask();
        optcr1 &= r.optcr1().definedBits();
        optcr2 = r.optcr2().map(o2 -> o2.definedBits()).orElse(0) & optcr2;
    }

    /**
     * The erased RDP byte and BOOT_ADDx option an option write cut by a power loss leaves: OPTSTRT first erases the
     * user configuration sector and then programs it (RM0410, FLASH chapter, option bytes programming), so a loss in between
     * leaves RDP = 0xFF (level 1) and both boot addresses 0xFFFF - confirmed by ST for F7. Whether the other option
     * bits also read erased is not documented; the signature therefore looks only at these three. Nobody sets this
     * combination on purpose: 0xFFFF is no boot address of the part.
     */
    public static final int ERASED_RDP = 0xFF;
    /** An erased BOOT_ADDx option (16 bits), see {@link #ERASED_RDP}. */
    public static final int ERASED_BOOT_ADDRESS = 0xFFFF;

    /** Options as read from the option registers (OPTLOCK/OPTSTRT ignored). */
    public static OptionBytes of(Stm32F7Line line, int optcr, int optcr1, int optcr2) {
        return new OptionBytes(line, optcr, optcr1, optcr2);
    }

    /**
     * Factory options: F76x OPTCR 0xFFFF_AAFD, F72x/F74x 0xC0FF_AAFD, OPTCR1 0x0040_0080 (ST's SVD reset values; the
     * F76x OPTCR is derived from the bit layout, its SVD value being the F4 one).
     */
    public static OptionBytes factory(Stm32F7Line line, Stm32F7Parameters p) {
        Stm32F7Registers r = Stm32F7Registers.of(line, p);
        return new OptionBytes(line, r.optcr().resetValue(), r.optcr1().resetValue(),
                r.optcr2().map(Register::resetValue).orElse(0));
    }

    public static OptionBytes factory(Stm32F7Line line) {
        return factory(line, Stm32F7Parameters.defaults());
    }

    private static Stm32F7Registers regs(Stm32F7Line line) {
        return Stm32F7Registers.of(line);
    }

    private Field oc(String name) {
        return regs(line).optcr().field(name);
    }

    private Field oc1(String name) {
        return regs(line).optcr1().field(name);
    }

    private Field oc2(String name) {
        return regs(line).optcr2().orElseThrow(() -> new InvalidOptionValueException(name,
                line.displayName() + " has no OPTCR2 (PCROP exists on F72x/F73x only)")).field(name);
    }

    private void requireDualBank(String name) {
        if (!line.dualBankCapable()) {
            throw new InvalidOptionValueException(name, line.displayName() + " has no " + name + " (F76x/F77x only)");
        }
    }

    // ---------------- generic access by option field ----------------

    /** The {@link Stm32F7Line} constant's name. */
    @Override
    public String lineId() {
        return line.name();
    }

    @Override
    public String lineName() {
        return line.displayName();
    }

    /** {@link #fields(int, Stm32F7Parameters)} with the default parameters. */
    @Override
    public List<OptionField> fields(int flashSizeKiB) {
        return fields(flashSizeKiB, Stm32F7Parameters.defaults());
    }

    /** OPTCR, OPTCR1 and (F72x/F73x) OPTCR2. */
    @Override
    public List<String> registerNames() {
        return line.hasPcrop() ? List.of(OPTCR, OPTCR1, OPTCR2) : List.of(OPTCR, OPTCR1);
    }

    /** Value of an option field (from {@link Stm32F7OptionFields}) in these option bytes. */
    @Override
    public int get(OptionField f) {
        return f.extract(word(f.register()));
    }

    /** Copy with one option field set to a raw value. */
    @Override
    public OptionBytes with(OptionField f, int value) {
        return withWord(f.register(), f.insert(word(f.register()), value));
    }

    /** Copy with the raw word of OPTCR / OPTCR1 / OPTCR2 replaced. */
    @Override
    public OptionBytes withWord(String register, int w) {
        return switch (register) {
            case OPTCR -> new OptionBytes(line, w, optcr1, optcr2);
            case OPTCR1 -> new OptionBytes(line, optcr, w, optcr2);
            case OPTCR2 -> new OptionBytes(line, optcr, optcr1, w);
            default -> throw new InvalidOptionValueException(register, "not an option register");
        };
    }

    /** OPTLOCK and OPTSTRT of OPTCR: a raw register dump has OPTLOCK = 1. */
    @Override
    public int controlBits(String register) {
        return register.equals(OPTCR) ? oc(OPTLOCK).mask() | oc(OPTSTRT).mask() : 0;
    }

    /** RDP 0xFF with both BOOT_ADDx 0xFFFF ({@link #ERASED_RDP}). */
    @Override
    public Optional<String> interruptedWriteSignature() {
        return rdpLevel() == RdpLevel.LEVEL_1 && rdp() == ERASED_RDP && bootAdd0() == ERASED_BOOT_ADDRESS
                && bootAdd1() == ERASED_BOOT_ADDRESS
                        ? Optional.of(String.format("RDP level 1, BOOT_ADD0 = BOOT_ADD1 = 0x%04X", ERASED_BOOT_ADDRESS))
                        : Optional.empty();
    }

    /** The raw word of OPTCR / OPTCR1 / OPTCR2. */
    @Override
    public int word(String register) {
        return switch (register) {
            case OPTCR -> optcr;
            case OPTCR1 -> optcr1;
            case OPTCR2 -> optcr2;
            default -> throw new InvalidOptionValueException(register, "not an option register");
        };
    }

    // ---------------- typed accessors ----------------

    public int rdp() {
        return oc(RDP).extract(optcr);
    }

    public RdpLevel rdpLevel() {
        return RdpLevel.of(rdp());
    }

    public BorLevel borLevel() {
        return BorLevel.of(oc(BOR_LEV).extract(optcr));
    }

    public boolean wwdgSw() {
        return oc(WWDG_SW).isSet(optcr);
    }

    public boolean iwdgSw() {
        return oc(IWDG_SW).isSet(optcr);
    }

    public boolean nRstStop() {
        return oc(nRST_STOP).isSet(optcr);
    }

    public boolean nRstStdby() {
        return oc(nRST_STDBY).isSet(optcr);
    }

    public boolean iwdgStdby() {
        return oc(IWDG_STDBY).isSet(optcr);
    }

    public boolean iwdgStop() {
        return oc(IWDG_STOP).isSet(optcr);
    }

    /** Raw nWRP field (bit = 0: protected). */
    public int nWrp() {
        return oc(nWRP).extract(optcr);
    }

    /** nDBOOT (F76x; true on other lines, which always boot at BOOT_ADDx). */
    public boolean nDBoot() {
        return !line.dualBankCapable() || oc(nDBOOT).isSet(optcr);
    }

    /** nDBANK (F76x; true = single bank; other lines are always single bank). */
    public boolean nDBank() {
        return !line.dualBankCapable() || oc(nDBANK).isSet(optcr);
    }

    public BankMode bankMode() {
        return nDBank() ? BankMode.SINGLE : BankMode.DUAL;
    }

    public int bootAdd0() {
        return oc1(BOOT_ADD0).extract(optcr1);
    }

    public int bootAdd1() {
        return oc1(BOOT_ADD1).extract(optcr1);
    }

    public long bootAddress0() {
        return BootAddress.toAddress(bootAdd0());
    }

    public long bootAddress1() {
        return BootAddress.toAddress(bootAdd1());
    }

    /** Raw PCROP field (F72x; 0 elsewhere). */
    public int pcrop() {
        return line.hasPcrop() ? oc2(PCROP).extract(optcr2) : 0;
    }

    /** PCROP_RDP bit (F72x; false elsewhere). Its meaning depends on {@link Stm32F7Parameters#pcropRdpSetMeansErase()}. */
    public boolean pcropRdp() {
        return line.hasPcrop() && oc2(PCROP_RDP).isSet(optcr2);
    }

    /** True when the nWRP bit covering {@code sector} (logical number) is 0 in bank mode {@link #bankMode()}. */
    public boolean isWriteProtected(int sector) {
        return ((nWrp() >>> nWrpBitChecked(sector)) & 1) == 0;
    }

    /** True when {@code sector} is PCROP protected (F72x). */
    public boolean isPcropProtected(int sector) {
        return line.hasPcrop() && sector >= 0 && sector < oc2(PCROP).width() && ((pcrop() >>> sector) & 1) == 1;
    }

    private int nWrpBitChecked(int sector) {
        int bit = Stm32F7Geometry.nWrpBit(sector, bankMode());
        if (sector < 0 || bit >= oc(nWRP).width()) {
            throw new InvalidOptionValueException(nWRP, "sector " + sector + " has no nWRP bit on " + line.displayName()
                    + " in " + bankMode() + " bank mode");
        }
        return bit;
    }

    // ---------------- withers ----------------

    private OptionBytes withOptcr(String field, int value) {
        return new OptionBytes(line, oc(field).insert(optcr, value), optcr1, optcr2);
    }

    public OptionBytes withRdp(int rdpByte) {
        return withOptcr(RDP, rdpByte);
    }

    /** RDP for a level: 0xAA, 0x55 (HAL's level-1 value) or 0xCC. */
    public OptionBytes withRdpLevel(RdpLevel level) {
        return withRdp(switch (level) {
            case LEVEL_0 -> Stm32F7OptionFields.RDP_LEVEL0;
            case LEVEL_1 -> Stm32F7OptionFields.RDP_LEVEL1_HAL;
            case LEVEL_2 -> Stm32F7OptionFields.RDP_LEVEL2;
        });
    }

    public OptionBytes withBorLevel(BorLevel level) {
        return withOptcr(BOR_LEV, level.code());
    }

    public OptionBytes withWwdgSw(boolean v) {
        return withOptcr(WWDG_SW, v ? 1 : 0);
    }

    public OptionBytes withIwdgSw(boolean v) {
        return withOptcr(IWDG_SW, v ? 1 : 0);
    }

    public OptionBytes withNRstStop(boolean v) {
        return withOptcr(nRST_STOP, v ? 1 : 0);
    }

    public OptionBytes withNRstStdby(boolean v) {
        return withOptcr(nRST_STDBY, v ? 1 : 0);
    }

    public OptionBytes withIwdgStdby(boolean v) {
        return withOptcr(IWDG_STDBY, v ? 1 : 0);
    }

    public OptionBytes withIwdgStop(boolean v) {
        return withOptcr(IWDG_STOP, v ? 1 : 0);
    }

    public OptionBytes withNWrp(int raw) {
        return withOptcr(nWRP, raw);
    }

    /**
     * Protect or unprotect {@code sector}; in F76x dual-bank mode this also affects its pair sector (HAL
     * OB_WRP_DB_SECTOR_x).
     */
    public OptionBytes withWriteProtection(int sector, boolean protect) {
        int bit = nWrpBitChecked(sector);
        int raw = protect ? nWrp() & ~(1 << bit) : nWrp() | (1 << bit);
        return withNWrp(raw);
    }

    public OptionBytes withNDBoot(boolean v) {
        requireDualBank(nDBOOT);
        return withOptcr(nDBOOT, v ? 1 : 0);
    }

    @Override
    public OptionBytes withBankMode(BankMode mode) {
        if (mode == BankMode.SINGLE && !line.dualBankCapable()) {
            return this;
        }
        requireDualBank(nDBANK);
        return withOptcr(nDBANK, mode == BankMode.SINGLE ? 1 : 0);
    }

    public OptionBytes withBootAdd0(int raw) {
        return new OptionBytes(line, optcr, oc1(BOOT_ADD0).insert(optcr1, raw), optcr2);
    }

    public OptionBytes withBootAdd1(int raw) {
        return new OptionBytes(line, optcr, oc1(BOOT_ADD1).insert(optcr1, raw), optcr2);
    }

    /**
     * BOOT_ADD0 from an ADDRESS, validated for a part with {@code flashSizeKiB} in this value's bank mode
     * ({@link InvalidOptionValueException} for unaligned or non-boot-capable addresses).
     */
    public OptionBytes withBootAddress0(long address, int flashSizeKiB) {
        return withBootAdd0(BootAddress.encode(BOOT_ADD0, address, line, flashSizeKiB, Optional.of(bankMode())));
    }

    public OptionBytes withBootAddress1(long address, int flashSizeKiB) {
        return withBootAdd1(BootAddress.encode(BOOT_ADD1, address, line, flashSizeKiB, Optional.of(bankMode())));
    }

    public OptionBytes withPcrop(int raw) {
        return new OptionBytes(line, optcr, optcr1, oc2(PCROP).insert(optcr2, raw));
    }

    public OptionBytes withPcropProtection(int sector, boolean protect) {
        Field f = oc2(PCROP);
        if (sector < 0 || sector >= f.width()) {
            throw new InvalidOptionValueException(PCROP, "sector " + sector + " has no PCROP bit");
        }
        return withPcrop(protect ? pcrop() | (1 << sector) : pcrop() & ~(1 << sector));
    }

    public OptionBytes withPcropRdp(boolean v) {
        return new OptionBytes(line, optcr, optcr1, oc2(PCROP_RDP).insert(optcr2, v ? 1 : 0));
    }

    // ---------------- register values and the option image ----------------

    /**
     * The value to write to FLASH_OPTCR before OPTSTRT: the option bits with OPTLOCK = 0 and OPTSTRT = 0 (the driver
     * writes OPTCR1/OPTCR2 first, then this, then sets OPTSTRT, HAL stm32f7xx_hal_flash_ex.c, OpenOCD
     * src/flash/nor/stm32f2x.c).
     */
    public int optcrWriteValue() {
        return optcr;
    }

    /** Address of the i-th word of the option-byte image (0x1FFF_0000 + 8*i, STM32CubeProgrammer device database). */
    public static long imageWordAddress(int index) {
        return Stm32F7Descriptor.OPTION_IMAGE_BASE + 8L * index;
    }

    /**
     * The four 32-bit words of the read-only option image at 0x1FFF_0000/08/10/18 (CONFIRMED, STM32CubeProgrammer
     * device database): low half = OPTCR[15:0] (bits 1:0 read as 1, not options), OPTCR[31:16], BOOT_ADD0, BOOT_ADD1;
     * high half = one's complement. Bits of OPTCR[31:16] that do not exist on the line read as 1 (erased). OPTCR2's
     * image location on F72x is UNCONFIRMED and not included.
     */
    public int[] imageWords() {
        Register oc = regs(line).optcr();
        int unusedHigh = ~oc.definedBits() & 0xFFFF_0000;
        int lo = (optcr & 0xFFFF) | oc.field(OPTLOCK).mask() | oc.field(OPTSTRT).mask();
        int hi = ((optcr | unusedHigh) >>> 16) & 0xFFFF;
        return new int[] { complemented(lo), complemented(hi), complemented(bootAdd0()), complemented(bootAdd1()) };
    }

    /**
     * F72x only: the two image words holding OPTCR2[15:0] and OPTCR2[31:16] (with complements) at the UNCONFIRMED
     * addresses {@link Stm32F7Parameters#f72xOptcr2ImageLow()} / {@link Stm32F7Parameters#f72xOptcr2ImageHigh()}.
     */
    public int[] optcr2ImageWords() {
        if (!line.hasPcrop()) {
            throw new InvalidOptionValueException(OPTCR2, line.displayName() + " has no OPTCR2");
        }
        return new int[] { complemented(optcr2 & 0xFFFF), complemented(optcr2 >>> 16) };
    }

    private static int complemented(int half) {
        return (half & 0xFFFF) | ((~half & 0xFFFF) << 16);
    }

    /** Options from the four image words; {@link InvalidOptionValueException} when a complement does not match. */
    public static OptionBytes fromImage(Stm32F7Line line, int[] words, int optcr2) {
        if (words.length != 4) {
            throw new InvalidOptionValueException("image", "4 words expected");
        }
        for (int i = 0; i < 4; i++) {
            if (((words[i] >>> 16) ^ (words[i] & 0xFFFF)) != 0xFFFF) {
                throw new InvalidOptionValueException("image", String.format(
                        "word at 0x%08X = 0x%08X: high half is not the complement of the low half",
                        imageWordAddress(i), words[i]));
            }
        }
        int optcr = (words[0] & 0xFFFF) | (words[1] & 0xFFFF) << 16;
        int optcr1 = (words[2] & 0xFFFF) | (words[3] & 0xFFFF) << 16;
        return new OptionBytes(line, optcr, optcr1, optcr2);
    }

    // ---------------- text and diff ----------------

    /** The option fields of this line for a variant, in this value's bank mode. */
    public List<OptionField> fields(int flashSizeKiB, Stm32F7Parameters p) {
        return Stm32F7OptionFields.of(line, flashSizeKiB, bankMode(), p);
    }

    /** Changes from this value to {@code target}, with risk and consequence (largest variant, default parameters). */
    public List<dev.flashbank.core.device.OptionChange> diff(OptionBytes target) {
        return Stm32F7OptionDiff.diff(this, target, line.maxFlashSizeKiB(), Stm32F7Parameters.defaults());
    }

    public List<dev.flashbank.core.device.OptionChange> diff(OptionBytes target, int flashSizeKiB, Stm32F7Parameters p) {
        return Stm32F7OptionDiff.diff(this, target, flashSizeKiB, p);
    }

    @Override
    public String toString() {
        return String.format("OptionBytes[%s OPTCR=0x%08X OPTCR1=0x%08X%s]", line.displayName(), optcr, optcr1,
                line.hasPcrop() ? String.format(" OPTCR2=0x%08X", optcr2) : "");
    }
}
