package dev.flashbank.core.device;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Read protection level decoded from the RDP option byte. The encoding is the same on every STM32 family Flashbank
 * models (RM0410 §3.7.3 for F7, RM0433 §4.5 for H7): 0xAA = level 0, 0xCC = level 2, every other value level 1.
 */
public enum RdpLevel {
    LEVEL_0, LEVEL_1, LEVEL_2;

    /** RDP byte of level 0. */
    public static final int LEVEL0_BYTE = 0xAA;
    /** RDP byte of level 2 — irreversible. */
    public static final int LEVEL2_BYTE = 0xCC;
    /** RDP byte HAL writes for level 1 (OB_RDP_LEVEL_1); any value except 0xAA/0xCC is level 1. */
    public static final int LEVEL1_HAL_BYTE = 0x55;

    public static RdpLevel of(int rdp) {
        return rdp == LEVEL0_BYTE ? LEVEL_0 : rdp == LEVEL2_BYTE ? LEVEL_2 : LEVEL_1;
    }

    /** Human text of an RDP byte (every value 0..255). */
    public static String text(int rdp) {
        String hex = String.format("0x%02X = ", rdp);
        return switch (of(rdp)) {
            case LEVEL_0 -> hex + "level 0: no read protection";
            case LEVEL_2 -> hex + "level 2: chip protection, debug disabled forever (IRREVERSIBLE)";
            case LEVEL_1 -> hex + "level 1: debugger access to flash blocked"
                    + (rdp == 0xFF ? " (0xFF is the erased value, NOT level 0)" : "")
                    + (rdp == LEVEL1_HAL_BYTE ? " (value written by HAL)" : "");
        };
    }

    public int number() {
        return ordinal();
    }

    /**
     * The risk of an RDP change from this level to {@code to}, the same on every family: to level 2 IRREVERSIBLE, a
     * regression from level 1 to 0 ERASES_FLASH (the part erases its flash during the option change), from level 0 to
     * 1 NEEDS_RESET (the debugger loses the flash once the level is in force), the level kept SAFE ({@link
     * #keptText()}).
     */
    public RiskClass changeRisk(RdpLevel to) {
        if (to == LEVEL_2) {
            return RiskClass.IRREVERSIBLE;
        }
        if (this == LEVEL_1 && to == LEVEL_0) {
            return RiskClass.ERASES_FLASH;
        }
        if (this == LEVEL_0 && to == LEVEL_1) {
            return RiskClass.NEEDS_RESET;
        }
        return RiskClass.SAFE;
    }

    /** The consequence of an RDP byte change that keeps this level. */
    public String keptText() {
        return "RDP stays at " + name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (only the stored byte changes)";
    }

    /** Names of the levels as users write them ({@code ob set RDP=level1}), with the byte each one writes. */
    private static final Map<String, Integer> NAMES = Map.of("level0", LEVEL0_BYTE, "level1", LEVEL1_HAL_BYTE,
            "level2", LEVEL2_BYTE);

    /**
     * The RDP byte's {@link ValueSyntax}, the same on every family: level0 | level1 | level2 (level1 stores 0x55, HAL's
     * byte), or the exact bytes 0xAA / 0xCC. Every other byte also means level 1 on the part, which is exactly why it
     * is refused unless raw bytes were asked for: "RDP=0" or "RDP=0x12" is almost always a mistyped level 0 that would
     * lock the flash instead.
     */
    public static ValueSyntax syntax() {
        return SYNTAX;
    }

    private static final ValueSyntax SYNTAX = new ValueSyntax() {
        @Override
        public int parse(OptionField f, String text, boolean raw) {
            String t = text.strip();
            Integer named = NAMES.get(t.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", ""));
            if (named != null) {
                return named;
            }
            long v;
            try {
                v = ValueSyntax.number(f.name(), t);
            } catch (InvalidOptionValueException e) {
                throw new InvalidOptionValueException(f.name(), "'" + t + "' is not a level: write level0, level1 or "
                        + "level2, or the byte 0xAA (level 0) / 0xCC (level 2)");
            }
            if (v > f.bits().maxValue()) {
                throw new InvalidOptionValueException(f.name(), "is one byte: " + t + " does not fit; write level0, "
                        + "level1 or level2");
            }
            if (v == LEVEL0_BYTE || v == LEVEL2_BYTE || raw) {
                return (int) v;
            }
            throw new InvalidOptionValueException(f.name(), String.format("%s is not a level: 0xAA is level 0, 0xCC "
                    + "level 2, and the part reads every other byte (0x%02X too) as level 1. Did you mean 0xAA (level 0)?"
                    + " Write level0, level1 (stores 0x55, HAL's value) or level2; to store the byte 0x%02X itself, ask"
                    + " for raw values (--raw)", t, v, v));
        }

        @Override
        public Optional<String> format(OptionField field, int value) {
            return NAMES.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).findFirst();
        }
    };

    /** What a connected debugger can still do at this level (F4 RM wording; F7 UNCONFIRMED). */
    public boolean debuggerCanAccessFlash() {
        return this == LEVEL_0;
    }

    /** Whether the debug port answers at all (level 2 disables it permanently). */
    public boolean debugPortEnabled() {
        return this != LEVEL_2;
    }

    /** Effect of the level in one sentence. */
    public String effect() {
        return switch (this) {
            case LEVEL_0 -> "no read protection (factory default)";
            case LEVEL_1 -> "while a debugger is connected or the part boots from RAM/system memory, flash cannot be"
                    + " read, programmed or erased (reads give a bus error); SRAM and option bytes stay accessible;"
                    + " going back to level 0 mass-erases the flash";
            case LEVEL_2 -> "debug port permanently disabled, boot from RAM/system memory disabled, option bytes"
                    + " frozen — irreversible";
        };
    }
}
