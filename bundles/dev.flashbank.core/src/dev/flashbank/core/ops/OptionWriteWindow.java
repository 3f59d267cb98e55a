package dev.flashbank.core.ops;

import java.time.Duration;
import java.util.Map;

import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;

/**
 * How long one option-byte write keeps the part in the state where a power loss damages its options (F7: OPTSTRT
 * erases the option sector before programming it again, so a cut write leaves RDP level 1 and BOOT_ADDx = 0xFFFF;
 * H7: OPTSTART until OPT_BUSY clears). The time is the family's ({@link FlashDriver#optionWriteWindowMicros}): the
 * option programming plus a mass erase of the user flash when RDP regresses from level 1 to 0, at the MAXIMUM bound,
 * so the user is told the longest the window can last.
 *
 * @param duration the longest the window lasts
 * @param massErase true when the write regresses RDP 1 -> 0 (the user flash is erased inside the window)
 */
public record OptionWriteWindow(Duration duration, boolean massErase) {

    /** The command that repairs a board whose option write was cut (named once for every message). */
    public static final String RECOVER_COMMAND = "flashbank recover";

    /** The window of writing {@code after} over {@code before} on the part behind {@code driver}. */
    public static OptionWriteWindow of(FlashDriver driver, OptionImage before, OptionImage after) {
        boolean regression = before.rdpLevel() == RdpLevel.LEVEL_1 && after.rdpLevel() == RdpLevel.LEVEL_0;
        return new OptionWriteWindow(Duration.ofNanos(driver.optionWriteWindowMicros(before, after) * 1000L),
                regression);
    }

    /** Whole milliseconds, rounded up. */
    public long millis() {
        return (duration.toNanos() + 999_999L) / 1_000_000L;
    }

    /** The line said before every option write. */
    public String notice() {
        return String.format("writing option bytes: do not remove power for the next ~%s%s; if power is lost, `%s` "
                + "restores the board", millis() >= 10_000 ? (millis() + 999) / 1000 + " s" : millis() + " ms",
                massErase ? " (RDP 1->0: the user flash is mass-erased first)" : "", RECOVER_COMMAND);
    }

    public Map<String, Object> data() {
        return Data.of("optionWriteWindowMillis", millis(), "massErase", massErase, "notice", notice());
    }
}
