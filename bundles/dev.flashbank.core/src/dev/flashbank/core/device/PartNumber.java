package dev.flashbank.core.device;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An STM32 order code such as "STM32L476ZG" or "STM32L476ZGT6", split by the STM32 ordering-information scheme of
 * the datasheets: series ("STM32L476"), pin-count letter ('Z' = 144 pins), flash-size code ('G' = 1 MiB), then an
 * optional package/temperature suffix.
 */
public record PartNumber(String series, char pinCode, char flashCode, int flashSizeKiB, String suffix) {

    /** Flash-size code letters of the STM32 ordering scheme. */
    public static final Map<Character, Integer> FLASH_CODES = Map.ofEntries(Map.entry('4', 16), Map.entry('6', 32),
            Map.entry('8', 64), Map.entry('B', 128), Map.entry('C', 256), Map.entry('D', 384), Map.entry('E', 512),
            Map.entry('F', 768), Map.entry('G', 1024), Map.entry('H', 1536), Map.entry('I', 2048));

    private static final Pattern CODE = Pattern.compile("(STM32[A-Z]\\d[0-9A-Z]{2})([A-Z])([0-9A-Z])(\\w*)");

    /** Parses an order code (case-insensitive); empty when it does not look like one. */
    public static Optional<PartNumber> parse(String text) {
        Matcher m = CODE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        Integer size = FLASH_CODES.get(m.group(3).charAt(0));
        if (size == null) {
            return Optional.empty();
        }
        return Optional.of(new PartNumber(m.group(1), m.group(2).charAt(0), m.group(3).charAt(0), size, m.group(4)));
    }

    @Override
    public String toString() {
        return series + pinCode + flashCode + suffix;
    }
}
