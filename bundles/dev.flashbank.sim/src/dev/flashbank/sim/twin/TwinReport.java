package dev.flashbank.sim.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.sim.BootReport;

/**
 * What the next reset of the real part will do after the option write, as observed on the simulated twin.
 *
 * @param orderCode the twin's part
 * @param contentsKnown the twin had the real flash contents (false: erased flash, see {@link #contentsNote})
 * @param contentsNote why contents are (not) known
 * @param before options before, {@code after} options the twin latched at the reset
 * @param bootBefore the boot decision with the current options; {@code bootAfter} the one after the write + reset
 * @param bootAfterOtherPin the decision after the write if the BOOT0 pin had the other level (BOOT_ADD0 vs BOOT_ADD1)
 * @param erasedSectors sectors (in the layout BEFORE the change) whose programmed content was erased
 * @param erasedBytes programmed bytes that became erased
 * @param massErased the write triggered the RDP 1 -> 0 mass erase (leaving level 1 erases the user flash first)
 * @param debuggerCanConnect the debug port answers after the reset (false at RDP level 2, forever)
 * @param debuggerCanReadFlash a debugger can read flash after the reset (false at RDP level 1 and 2)
 * @param geometryBefore sector layout now; {@code geometryAfter} after the reset (differs when nDBANK changed)
 * @param writeProblem the twin refused or failed the write (e.g. options frozen at RDP level 2): the real part would
 *        too
 */
public record TwinReport(String orderCode, boolean contentsKnown, String contentsNote, OptionImage before,
        OptionImage after, BootReport bootBefore, BootReport bootAfter, BootReport bootAfterOtherPin,
        List<Sector> erasedSectors, long erasedBytes,
        boolean massErased, boolean debuggerCanConnect, boolean debuggerCanReadFlash, FlashGeometry geometryBefore,
        FlashGeometry geometryAfter, Optional<String> writeProblem) {

    public TwinReport {
        erasedSectors = List.copyOf(erasedSectors);
    }

    public boolean bankLayoutChanged() {
        return geometryBefore.mode() != geometryAfter.mode();
    }

    public boolean bootChanged() {
        return bootBefore.source() != bootAfter.source() || bootBefore.imageAddress() != bootAfter.imageAddress()
                || bootBefore.physicalBank() != bootAfter.physicalBank();
    }

    /** The preview as lines for the review dialog and the console. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        if (writeProblem.isPresent()) {
            l.add("The twin could not apply the change: " + writeProblem.get());
            return l;
        }
        l.add("Next reset: " + bootAfter.summary() + (bootChanged() ? "  (now: " + bootBefore.summary() + ")" : "  (unchanged)"));
        for (String r : bootAfter.reasons()) {
            l.add("    " + r);
        }
        if (!bootAfter.imageValid() && bootAfter.source() != BootReport.Source.SYSTEM_MEMORY) {
            l.add("    WARNING: no valid image at the boot address" + (contentsKnown ? "" : " (the twin's flash is erased: "
                    + "contents unknown)"));
        }
        l.add("With BOOT0=" + (bootAfterOtherPin.boot0() ? 1 : 0) + " instead: " + bootAfterOtherPin.summary());
        if (massErased) {
            l.add("Erased: ALL user flash (RDP level 1 -> 0 regression mass erase)"
                    + (erasedBytes > 0 ? ", " + erasedBytes / 1024 + " KiB of programmed data lost" : ""));
        } else if (!erasedSectors.isEmpty()) {
            l.add("Erased: " + erasedSectors.stream().map(s -> String.valueOf(s.number())).collect(Collectors.joining(", ",
                    geometryBefore.eraseUnit().plural() + " ", "")) + " (" + erasedBytes / 1024 + " KiB of programmed data)");
        } else {
            l.add("Erased: nothing" + (contentsKnown ? "" : " (as far as the twin can tell)"));
        }
        RdpLevel rdp = after.rdpLevel();
        if (!debuggerCanConnect) {
            l.add("Debugger: can NOT connect after the reset (RDP level 2: debug port disabled FOREVER)");
        } else if (!debuggerCanReadFlash) {
            l.add("Debugger: connects, but cannot read, program or erase flash (RDP " + rdp.name().toLowerCase().replace('_', ' ')
                    + ")");
        } else {
            l.add("Debugger: connects and has full flash access");
        }
        l.add("Bank layout: " + layout(geometryAfter) + (bankLayoutChanged() ? "  (now: " + layout(geometryBefore)
                + ") — every " + geometryAfter.eraseUnit().singular() + " boundary moves: reprogram the whole flash"
                : "  (unchanged)"));
        l.add("Twin: " + orderCode + "; " + contentsNote);
        return l;
    }

    static String layout(FlashGeometry g) {
        String sizes = g.sectors().stream().map(s -> String.valueOf(s.sizeKiB())).distinct().collect(Collectors.joining("/"));
        return (g.mode() == BankMode.DUAL ? "dual bank, " : "single bank, ") + g.eraseUnit().count(g.sectors().size())
                + " of " + sizes + " KiB";
    }
}
