package dev.flashbank.cli;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.EraseUnit;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.ProgramSetting;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;

/** {@code flashbank info}: which part is connected and how its flash is laid out and mapped right now. */
@Command(name = "info", header = "Identify the part: device, flash size, bank mode, bank mapping, RDP.", mixinStandardHelpOptions = true,
        description = { "Identify the connected part: device, revision, flash size, bank mode, the sectors or pages "
                + "of each physical bank (the part's reference manual's word and numbers), where each bank is mapped "
                + "right now (the part's bank-swap bit) and what it holds, read protection level, and how programming "
                + "is configured (the supply and parallelism where the controller has a parallelism setting)." })
public final class InfoCommand extends TargetCommand {

    @Override
    protected int run(TargetConnection c) throws CliException {
        TargetIdentity id = c.identity();
        FlashGeometry g = id.geometry();
        Optional<BankSurvey> survey = survey(c);
        ProgramSetting programming = programming(c);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("target", c.target().describe());
            o.put("device", id.device().name());
            o.put("family", id.descriptor().family());
            o.put("line", id.descriptor().line());
            o.put("devId", String.format("0x%03X", id.deviceId().devId()));
            o.put("revision", id.revision());
            o.put("flashKiB", id.flashSizeKiB());
            o.put("bankMode", id.bankMode().name());
            o.put("swpFb", id.swpFb());
            o.put("banksSwapped", id.swpFb()); // the family-neutral name of the same fact
            o.put("rdp", String.format("0x%02X", id.options().rdp()));
            o.put("rdpLevel", id.options().rdpLevel().number());
            o.put("uniqueId", id.uniqueId().hex());
            // null when the transport cannot measure it (a gdbserver): unknown, never 0 V
            int millivolts = supplyMillivolts(c);
            o.put("supplyMillivolts", millivolts < 0 ? null : millivolts);
            o.put("eraseUnit", g.eraseUnit().singular()); // "sector" or "page": what "sectors" below lists
            o.put("parallelism", programming.parallelism().orElse(null));
            o.put("parallelismSource", programming.source());
            o.put("banks", g.banks().stream().map(b -> bankJson(g, b, id.swpFb(), holds(survey, b))).toList());
            out().println(Json.render(o));
        } else {
            out().println(id.summary());
            out().println("Target: " + c.target().describe());
            out().println("Family: " + id.descriptor().family() + ", line " + id.descriptor().line() + " ("
                    + id.descriptor().referenceManual() + ")");
            EraseUnit unit = g.eraseUnit(); // the family's word: sectors, pages
            out().printf("Flash: %d KiB, %s bank, %s%n", id.flashSizeKiB(),
                    id.bankMode().name().toLowerCase(java.util.Locale.ROOT), unit.count(g.sectors().size()));
            for (Bank b : g.banks()) {
                out().printf("  physical bank %d: %d KiB, %s %d-%d, mapped at %s%n", b.number(), b.size() / 1024,
                        unit.plural(),
                        b.sectors().get(0).number(), b.sectors().get(b.sectors().size() - 1).number(),
                        String.join(" / ", g.windows().stream().map(w -> String.format("0x%08X (%s)",
                                g.windowAddress(b.number(), 0, id.swpFb(), w), w.name())).toList()));
                holds(survey, b).ifPresent(h -> out().println("    holds: " + h));
            }
            out().println("Read protection: " + RdpLevel.text(id.options().rdp()));
            // "Supply:" where the supply decides a parallelism (PSIZE); else what programming writes at a time
            out().println((programming.parallelism().isPresent() ? "Supply: " : "Programming: ") + programming.text());
        }
        return ExitCodes.OK;
    }

    /**
     * What each physical bank holds (its vector table, {@link BankSurvey}); empty when the part cannot be surveyed (the
     * survey reads only - the summary above stands without it).
     */
    private static Optional<BankSurvey> survey(TargetConnection c) {
        try {
            return Optional.of(BankSurvey.examine(OperationContext.open(InstalledFamilies.families(), c.operationTarget(), c.target(), c.pollClock(),
                    FlashDriverSettings.defaults())));
        } catch (TargetException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * How the part's family configures programming now (F7: the supply and the PSIZE it allows, H7: the PSIZE of
     * its flash words), from its driver; an explicit --psize the part refuses (F7: too wide for the supply) is
     * refused (3).
     */
    private ProgramSetting programming(TargetConnection c) throws CliException {
        try {
            FlashDriver driver = InstalledFamilies.families().openDriver(c.target(), c.identity().device(),
                    c.pollClock(), targetOptions.driverSettings());
            return driver.programSetting();
        } catch (FlashRequestException e) {
            throw new CliException(ExitCodes.REFUSED, e.getMessage(), e).withFixes(java.util.List.of(e.fix()));
        } catch (TargetException e) {
            throw CliErrors.from(e);
        }
    }

    private static int supplyMillivolts(TargetConnection c) throws CliException {
        try {
            return c.target().targetVoltageMillivolts();
        } catch (TargetException e) {
            throw CliErrors.from(e);
        }
    }

    /** The survey's words for {@code b}; in single-bank mode the one bank the survey names. */
    private static Optional<String> holds(Optional<BankSurvey> survey, Bank b) {
        return survey.flatMap(s -> s.banks().stream().filter(i -> i.bank() == b.number()).findFirst())
                .map(BankSurvey.BankInfo::explanation);
    }

    private static Map<String, Object> bankJson(FlashGeometry g, Bank b, boolean swpFb, Optional<String> holds) {
        Map<String, Object> o = Json.object();
        o.put("physicalBank", b.number());
        o.put("sizeKiB", b.size() / 1024);
        for (FlashWindow w : g.windows()) { // F7: "axim", "itcm"; H7: the one AXI window
            o.put(w.name().toLowerCase(java.util.Locale.ROOT),
                    String.format("0x%08X", g.windowAddress(b.number(), 0, swpFb, w)));
        }
        o.put("sectors", b.sectors().stream().map(s -> s.number()).toList());
        o.put("holds", holds.orElse(null));
        return o;
    }
}
