package dev.flashbank.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.flashbank.stlink.usb.DiscoveredProbe;
import dev.flashbank.stlink.usb.DiscoveryReport;
import dev.flashbank.stlink.usb.ProbeDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashbank probes}: every ST-Link on USB and whether it can be used (and if not, what to do). */
@Command(name = "probes", header = "List ST-Link probes on USB and whether each can be used.", mixinStandardHelpOptions = true,
        description = { "List ST-Link probes on USB with their state: ready, no permission (udev rules), in use by "
                + "another program, in firmware-upgrade mode. With none attached it says what to check." })
public final class ProbesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Machine-readable JSON on standard output.")
    boolean json;

    @Override
    public Integer call() {
        DiscoveryReport report;
        try (ProbeDiscovery d = ProbeDiscovery.system()) {
            report = d.discover();
        }
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = Json.object();
            o.put("probes", report.probes().stream().map(p -> {
                Map<String, Object> m = Json.object();
                m.put("product", p.product().displayName());
                m.put("serial", p.serial());
                m.put("location", p.location());
                m.put("state", p.state());
                m.put("advice", p.advice());
                return m;
            }).toList());
            o.put("usbProblem", report.usbProblem());
            o.put("message", report.userMessage());
            out.println(Json.render(o));
        } else {
            for (DiscoveredProbe p : report.probes()) {
                out.println(p.describe() + "  [" + p.state() + "]");
                if (!p.advice().isEmpty()) {
                    out.println("    " + p.advice());
                }
            }
            if (report.probes().isEmpty() || report.usbProblem() != null) {
                out.println(report.userMessage());
            }
        }
        return report.ready().isEmpty() ? ExitCodes.NO_TARGET : ExitCodes.OK;
    }
}
