package dev.flashbank.cli;

import java.util.Map;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Descriptor;
import dev.flashbank.core.session.TargetIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flashbank ob ...}: option bytes, every field with its meaning. */
@Command(name = "ob", mixinStandardHelpOptions = true, description = "Show and change option bytes.",
        subcommands = { ObCommand.Show.class })
public final class ObCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flashbank ob show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = { "Every option-byte field of the connected part with its value and meaning",
                    "(polarity spelled out: nWRP is active low, PCROP active high)." })
    public static final class Show extends TargetCommand {
        @Override
        protected int run(TargetConnection c) throws CliException {
            TargetIdentity id = c.identity();
            OptionBytes ob = id.options();
            Stm32F7Descriptor d = (Stm32F7Descriptor) id.descriptor();
            var fields = ob.fields(id.flashSizeKiB(), d.stm32F7Parameters());
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("device", id.device().name());
                o.put("optcr", String.format("0x%08X", ob.optcr()));
                o.put("optcr1", String.format("0x%08X", ob.optcr1()));
                o.put("optcr2", String.format("0x%08X", ob.optcr2()));
                o.put("fields", fields.stream().map(f -> {
                    Map<String, Object> m = Json.object();
                    m.put("name", f.name());
                    m.put("register", f.register());
                    m.put("value", ob.get(f));
                    m.put("meaning", f.describe(ob.get(f)));
                    return m;
                }).toList());
                out().println(Json.render(o));
            } else {
                out().printf("Option bytes of %s: OPTCR=0x%08X OPTCR1=0x%08X%s%n", id.device().name(), ob.optcr(),
                        ob.optcr1(), d.stm32F7Line().hasPcrop() ? String.format(" OPTCR2=0x%08X", ob.optcr2()) : "");
                for (OptionField f : fields) {
                    int v = ob.get(f);
                    out().printf("  %-12s %-8s %s%n", f.name(), "0x" + Integer.toHexString(v).toUpperCase(), f.describe(v));
                }
            }
            return ExitCodes.OK;
        }
    }
}
