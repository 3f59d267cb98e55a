package dev.flashbank.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.Severity;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flashbank doctor}: the part explained in plain words, every protection named, with fixes. */
@Command(name = "doctor", header = "Explain the part and every protection in plain words, with fixes.", mixinStandardHelpOptions = true,
        description = { "Explain the connected part in plain words: bank mode, which physical bank is mapped where, "
                + "what boots next and why, read protection, every write-protected/PCROP sector, and whether a mass "
                + "erase, a bank erase or an erase of a given range would succeed — if not, why and how to fix it. "
                + "Reads only; never writes to the target. "
                + "Exit code 0 when nothing blocks an erase, 3 when something does." })
public final class DoctorCommand extends TargetCommand {

    @Option(names = "--erase-range", paramLabel = "RANGE",
            description = "Also check an erase of this range (START-END or START+SIZE, e.g. 0x08100000+256K).")
    List<String> ranges = new ArrayList<>();

    private final List<AddressRange> parsed = new ArrayList<>();

    @Override
    protected void validate() throws CliException {
        for (String r : ranges) {
            parsed.add(Numbers.range(r));
        }
    }

    @Override
    protected int run(TargetConnection c) throws CliException {
        // the installed families' lines: a part of another family is named, not reported as an unknown device
        DoctorReport report = new Doctor(InstalledFamilies.families()).examine(c.target(), parsed,
                targetOptions.driverSettings());
        // 3 = an erase is blocked (the scripts' question: "can I program this part?"), or no examination possible
        boolean blocked = report.eraseChecks().stream().anyMatch(e -> !e.wouldSucceed())
                || report.identity().isEmpty();
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("ok", !blocked);
            o.put("target", report.target());
            o.put("identity", report.identity().map(i -> i.summary()));
            o.put("supplyMillivolts", supplyMillivolts(c)); // null: unknown (a gdbserver cannot measure it)
            o.put("findings", report.findings().stream().map(CliErrors::findingJson).toList());
            o.put("eraseChecks", report.eraseChecks().stream().map(e -> {
                Map<String, Object> m = Json.object();
                m.put("scope", e.scope().label());
                m.put("wouldSucceed", e.wouldSucceed());
                m.put("blockers", e.blockers().stream().map(Object::toString).toList());
                return m;
            }).toList());
            if (blocked) {
                // exit 3 carries the same error object as every other refusal (README: errors as data)
                o.put("error", CliErrors.errorJson(blockedError(report), null));
            }
            out().println(Json.render(o));
        } else {
            out().print(report.render());
        }
        return blocked ? ExitCodes.REFUSED : ExitCodes.OK;
    }

    /** Why the doctor exits 3: the erases that would fail (or no examination), their fixes and findings. */
    private static CliException blockedError(DoctorReport report) {
        List<Finding> problems = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        String failing = report.eraseChecks().stream().filter(e -> !e.wouldSucceed()).map(e -> e.scope().label())
                .collect(java.util.stream.Collectors.joining(", "));
        String message = report.identity().isEmpty() ? "the part could not be examined"
                : "would fail: " + failing + " (nothing was written; the doctor only reads)";
        return new CliException(ExitCodes.REFUSED, message)
                .withFixes(problems.stream().flatMap(f -> f.fix().stream()).distinct().toList())
                .withFindings(report.findings().stream().filter(f -> f.severity() != Severity.INFO).toList());
    }

    private static Integer supplyMillivolts(TargetConnection c) {
        try {
            int mv = c.target().targetVoltageMillivolts();
            return mv < 0 ? null : mv;
        } catch (dev.flashbank.core.target.TargetException e) {
            return null;
        }
    }
}
