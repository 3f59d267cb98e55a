package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;

/**
 * The user option bytes of one part as NAMED registers (F7: OPTCR, OPTCR1, OPTCR2; H7: OPTSR, PRAR, SCAR, WPSN, BOOT;
 * L4/G4/G0: OPTR, PCROPx, WRPxy), read or to be written. Fields are reached through the descriptor's
 * {@link OptionField}s (each names its register), so neutral code - option profiles, the option write, the journal,
 * the recover operation, the editor - never needs to know which family's registers it holds. Implementations are
 * immutable values with value equality (two images with the same options are equal), and carry what they need to
 * know their line: an image of one part is never written to another ({@link FlashDriver#writeOptions}).
 */
public interface OptionImage {

    /** The line this image belongs to, as option profiles record it (F7: "F76X_F77X"). */
    String lineId();

    /** The line as users read it ({@link dev.flashbank.core.device.DeviceDescriptor#line()}). */
    String lineName();

    /**
     * The option fields of this image's line for a variant with {@code flashSizeKiB}, in this image's bank mode (their
     * texts name that variant's sectors and banks), in register order.
     */
    List<OptionField> fields(int flashSizeKiB);

    /** The option registers of this image, in the order the family's reference manual lists them. */
    List<String> registerNames();

    /** The raw option bits of {@code register} (control bits such as lock/start dropped). */
    int word(String register);

    /** Value of an option field in this image. */
    default int get(OptionField field) {
        return field.extract(word(field.register()));
    }

    /**
     * The value of {@code field} in this image with its meaning, for editors and listings: the field's own
     * {@link OptionField#describe}, unless the family knows better from the other fields of the image (H7: an area
     * bound of a PCROP or secure area whose START is above its END says the area is disabled).
     */
    default String describe(OptionField field) {
        return field.describe(get(field));
    }

    /**
     * Bits of {@code register} that a register dump holds but that are controls or status, not options (F7 OPTCR:
     * OPTLOCK, OPTSTRT; H7 OPTSR: OPT_BUSY, OPTCHANGEERR): dropped by {@link #withWord}, tolerated in a profile file.
     */
    default int controlBits(String register) {
        return 0;
    }

    /**
     * What an option write cut by a power loss leaves on this family, in words, when these options show it (F7: "RDP
     * level 1, BOOT_ADD0 = BOOT_ADD1 = 0xFFFF": the option sector was erased and not programmed again). Empty when
     * they do not - and always on families whose cut option change leaves the options in force (H7: the _CUR
     * registers take the new values only when the change completes), where the options themselves cannot tell.
     */
    default java.util.Optional<String> interruptedWriteSignature() {
        return java.util.Optional.empty();
    }

    /**
     * What an option write cut by a power loss leaves, judged against the options that write asked for
     * ({@code requested}: the board journal's request): the request-free {@link #interruptedWriteSignature()}, or - on
     * families that program the option registers one after another and load each with a value/complement check
     * (L4/G4/G0) - these options equal to the request except registers that hold the values a mismatch loads
     * (RDP level 0 kept, pages write-protected). By default the request-free signature.
     */
    default java.util.Optional<String> interruptedWriteSignature(OptionImage requested) {
        return interruptedWriteSignature();
    }

    /** The raw RDP byte (read protection; the same encoding on every STM32 family, {@link RdpLevel}). */
    int rdp();

    /** The read protection level of {@link #rdp()}. */
    default RdpLevel rdpLevel() {
        return RdpLevel.of(rdp());
    }

    /** A copy with the RDP byte set (0xAA level 0, 0xCC level 2, any other level 1: {@link RdpLevel}). */
    OptionImage withRdp(int rdpByte);

    /** The bank mode these options select (it takes effect at the reset after a change; fixed on most lines). */
    BankMode bankMode();

    /**
     * A copy that selects {@code mode} from the next reset on, for lines with a bank-mode option (F76x/F77x nDBANK);
     * a line whose bank mode is fixed (H7: always two banks) returns itself for its own mode. What a board or a
     * command asks for when it wants a dual-bank part without naming the family's option.
     *
     * @throws InvalidOptionValueException when the line cannot run in {@code mode}
     */
    default OptionImage withBankMode(BankMode mode) {
        if (mode == bankMode()) {
            return this;
        }
        throw new InvalidOptionValueException("bank mode", lineName() + " has no bank-mode option: it always runs in "
                + bankMode().toString().toLowerCase(java.util.Locale.ROOT) + "-bank mode");
    }

    /** A copy with {@code field} set to a raw value. */
    OptionImage with(OptionField field, int value);

    /** A copy with {@code register} set to a raw word (a backup restored register by register). */
    OptionImage withWord(String register, int value);
}
