package dev.flashbank.core.family;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;

/**
 * What stops a debugger from erasing or programming a part of the flash of one part, decided from its option bytes
 * alone (F7: RDP, nWRP, PCROP; H7: RDP, WPSN, PRAR, SCAR; L4/G4: RDP, WRPxy, PCROPx). Each blocker says which
 * sectors it concerns, which status flag the refused operation raises, how to remove it, what that costs, and the
 * option writes that do it ({@link FixStep}s), so that operations refuse before the first write, the doctor can
 * predict and explain, and a tool (or a test) can follow the fix mechanically. Obtained from the part's driver
 * ({@link FlashDriver#protectionModel(OptionImage)}); the texts are the family's (they name its registers).
 */
public interface ProtectionModel {

    /** What an erase/program acts on. */
    record Scope(Kind kind, int bank, List<Sector> sectors, String label) {
        public enum Kind {
            MASS, BANK, SECTORS
        }

        public Scope {
            sectors = List.copyOf(sectors);
        }

        public static Scope mass(FlashGeometry g) {
            return new Scope(Kind.MASS, 0, g.sectors(), "mass erase");
        }

        public static Scope bank(FlashGeometry g, int physicalBank) {
            return new Scope(Kind.BANK, physicalBank, g.bank(physicalBank).sectors(),
                    "erase of physical bank " + physicalBank);
        }

        public static Scope sectors(List<Sector> sectors, String label) {
            return new Scope(Kind.SECTORS, 0, sectors, label);
        }

        /** The label after its indefinite article, for a sentence: "a mass erase", "an erase of physical bank 2". */
        public String withArticle() {
            return ("aeiou".indexOf(Character.toLowerCase(label.charAt(0))) >= 0 ? "an " : "a ") + label;
        }

        /** Mass and bank erases are refused as a whole when one sector is protected (on every STM32 family). */
        public boolean isBulk() {
            return kind != Kind.SECTORS;
        }
    }

    /** Kinds of protection that block flash access. */
    enum BlockerKind {
        /** RDP level 1: no debugger access to the flash. */
        READ_PROTECTION,
        /** RDP level 2: no debug access at all. */
        DEBUG_PORT_LOCKED,
        /** Per-sector write protection (F7 nWRP, H7 WPSN, L4 WRP areas). */
        WRITE_PROTECTION,
        /** Execute-only area (PCROP; H7 PRAR). */
        PCROP,
        /** Secure-only area (H7 SCAR): reachable only in the part's secure access mode. */
        SECURE_AREA
    }

    /** One option write of a fix; {@code resetAfter}: reset the target after it (the option acts at reset). */
    record FixStep(String description, OptionImage options, boolean resetAfter) {
    }

    /**
     * One reason the scope cannot be erased/programmed.
     *
     * @param expectedFlag the status-register flag the refused operation raises, named as in the reference manual
     *        (F7 FLASH_SR "WRPERR", H7 FLASH_SRx "WRPERR"); empty when it is not documented
     */
    record EraseBlocker(BlockerKind kind, List<Sector> sectors, Optional<String> expectedFlag, String explanation,
            String fix, String consequence, List<FixStep> fixSteps) {
        public EraseBlocker {
            sectors = List.copyOf(sectors);
            fixSteps = List.copyOf(fixSteps);
        }

        public FailureCause cause() {
            return switch (kind) {
                case READ_PROTECTION -> FailureCause.READ_PROTECTION;
                case DEBUG_PORT_LOCKED -> FailureCause.DEBUG_PORT_LOCKED;
                case WRITE_PROTECTION -> FailureCause.WRITE_PROTECTED_SECTOR;
                case PCROP -> FailureCause.PCROP_SECTOR;
                case SECURE_AREA -> FailureCause.SECURE_AREA;
            };
        }
    }

    /** The layout these options act on. */
    FlashGeometry geometry();

    /** The options decided from. */
    OptionImage options();

    /** Everything that blocks {@code scope}, most fundamental first (RDP, then write protection, then areas). */
    List<EraseBlocker> blockers(Scope scope);

    /** Every write-protected sector. */
    List<Sector> writeProtectedSectors();

    /** Every sector that holds (part of) an execute-only (PCROP) area. */
    List<Sector> pcropSectors();

    /** Every sector that holds (part of) a secure-only area; empty on families without one. */
    default List<Sector> secureSectors() {
        return List.of();
    }

    // ------------------------------------------------------------------ per-sector editing (the Option Bytes editor)

    /**
     * The same part's protection decided from other options of it (an editor's pending image), on the layout those
     * options select (F7: an nDBANK change re-lays the sectors) and under the bank mapping this model was made with.
     * Reads nothing from the target, so a view can call it for every edit.
     */
    ProtectionModel of(OptionImage options);

    /**
     * True for the option fields a per-sector view edits instead of showing them one by one (F7: nWRPi and PCROPi,
     * H7: WRPSNn_i); the area bounds of H7 PRAR/SCAR are not per sector and stay fields.
     */
    boolean isPerSectorField(OptionField field);

    /** How the family names its write-protection bits, active low on F7 and H7 ("nWRP", "WRPSN"): legends, notes. */
    String writeProtectionBits();

    /**
     * The sectors that one write-protection bit protects together with {@code s}, {@code s} included (F7 dual-bank
     * mode: sectors 2i and 2i+1; H7A/B: four sectors), so a view can say what a click changes.
     */
    default List<Sector> writeProtectionUnit(Sector s) {
        return List.of(s);
    }

    /**
     * {@link #options()} with the write protection of {@code s} (and of its {@link #writeProtectionUnit}) set or
     * cleared; every other option unchanged.
     */
    OptionImage withWriteProtection(Sector s, boolean protect);

    /** True when the part has execute-only protection at all (F72x PCROP, H7 PRAR), per sector or as an area. */
    default boolean hasExecuteOnly() {
        return true;
    }

    /**
     * True when execute-only protection is switched per sector (F72x PCROP bits), so a view can toggle it with
     * {@link #withExecuteOnly}; false where it is an address range edited through its bounds (H7 PRAR) or absent.
     */
    default boolean executeOnlyPerSector() {
        return false;
    }

    /**
     * {@link #options()} with {@code s} execute-only or not (only where {@link #executeOnlyPerSector()}).
     *
     * @throws dev.flashbank.core.device.InvalidOptionValueException when {@code s} has no such bit
     * @throws UnsupportedOperationException where execute-only is not per sector
     */
    default OptionImage withExecuteOnly(Sector s, boolean executeOnly) {
        throw new UnsupportedOperationException("execute-only protection is not set per sector on this part");
    }

    /**
     * "sector 3" / "sectors 2, 3 and 5" for a layout numbering sectors across the banks (F7: 12..23 in bank 2); on a
     * layout that numbers them per bank (H7: 0..7 in each) use {@link #names(List, FlashGeometry)}.
     */
    static String names(List<Sector> sectors) {
        return names(sectors, dev.flashbank.core.device.EraseUnit.SECTOR);
    }

    /** As {@link #names(List)} in the words of {@code unit}: "page 3" / "pages 2, 3 and 5". */
    static String names(List<Sector> sectors, dev.flashbank.core.device.EraseUnit unit) {
        List<String> n = sectors.stream().map(s -> String.valueOf(s.number())).toList();
        return unit.word(n.size()) + " " + join(n);
    }

    /**
     * As {@link #names(List)} in {@code g}'s word for its units ({@link FlashGeometry#eraseUnit()}), naming the bank
     * of each group of sectors where {@code g} numbers sectors per bank ("sector 3 of bank 2", "pages 0 and 1 of bank
     * 1 and page 0 of bank 2").
     */
    static String names(List<Sector> sectors, FlashGeometry g) {
        if (!numberedPerBank(g)) {
            return names(sectors, g.eraseUnit());
        }
        Map<Integer, List<Sector>> byBank = new LinkedHashMap<>();
        sectors.forEach(s -> byBank.computeIfAbsent(s.bank(), b -> new ArrayList<>()).add(s));
        List<String> parts = new ArrayList<>();
        byBank.forEach((bank, list) -> parts.add(names(list, g.eraseUnit()) + " of bank " + bank));
        return join(parts);
    }

    /** True when two banks of {@code g} use the same sector numbers (then a number alone does not name a sector). */
    static boolean numberedPerBank(FlashGeometry g) {
        List<Sector> all = g.sectors();
        return all.stream().map(Sector::number).distinct().count() < all.size();
    }

    private static String join(List<String> n) {
        if (n.isEmpty()) {
            return "none";
        }
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
    }
}
