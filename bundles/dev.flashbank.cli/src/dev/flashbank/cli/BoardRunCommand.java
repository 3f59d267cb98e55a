package dev.flashbank.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.FirmwareRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flashbank board run}: the simulated board executes its firmware in virtual time from a reset (an NRST pulse,
 * as the board's reset button gives: opening the board already let time pass), and the console output, where the core
 * stopped and why are printed. Flash the firmware wrote is saved with the board, and so is the console: the next
 * command finds what this run printed after what the board's console held before ({@code board show}).
 */
@Command(name = "run", header = "Run the simulated board's firmware in virtual time.", mixinStandardHelpOptions = true,
        description = { "Reset a simulated board (NRST) and run its firmware in virtual time (no wall-clock waiting) "
                + "from what the boot configuration selects, until --until is reached or --for has passed. Prints what "
                + "the firmware wrote to the board's console (the USART of the board's virtual COM port), where "
                + "the core stopped and why. Flash the firmware programmed is saved with the board, and so is "
                + "the console ('flashbank board show' prints its last lines); this command prints only what "
                + "this run added.",
                "",
                "Examples:",
                "  flashbank board run --elf app.elf --until main",
                "  flashbank board run --until 0x08000400 --for 10ms",
                "  flashbank board run --for 1s" })
public final class BoardRunCommand extends TargetCommand {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s)");
    private static final Duration DEFAULT_FOR = Duration.ofSeconds(1);

    @Option(names = "--until", paramLabel = "SYMBOL|0xADDR|timeout", description = { "Stop when the core is about to "
            + "execute this instruction: a symbol of --elf (e.g. main) or an address; 'timeout' (the default) runs "
            + "for the whole --for duration." })
    String until;

    @Option(names = "--for", paramLabel = "DURATION", description = "Longest virtual time to run, e.g. 500us, 20ms, "
            + "2s (default: 1s). With --until, not reaching the stop in time is a failure (exit code 1).")
    String forDuration;

    @Option(names = "--elf", paramLabel = "FILE", description = "ELF file of the firmware, for --until SYMBOL and to "
            + "name the function the core stopped in.")
    Path elf;

    private Duration duration;
    private Map<String, Long> symbols = Map.of();

    @Override
    protected void validate() throws CliException {
        duration = forDuration == null ? DEFAULT_FOR : parseDuration(forDuration);
        if (elf != null) {
            try {
                symbols = ElfReader.symbols(elf.toString(), Files.readAllBytes(elf));
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + elf + ": " + e.getMessage(), e);
            } catch (ImageFormatException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }
        stopAddress(); // reports a bad --until before the board is opened
    }

    /** "20ms" etc. as a positive duration; anything else is a usage error naming the option. */
    static Duration parseDuration(String text) throws CliException {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, "--for '" + text + "': give a number and a unit (ns, us, ms, s), "
                    + "e.g. 20ms; a whole number: 1500ms, not 1.5s");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
            case "ms" -> Duration.ofMillis(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new CliException(ExitCodes.USAGE, "--for must be longer than 0");
        }
        return d;
    }

    /** The address --until names, empty for 'timeout' or no --until. */
    private OptionalLong stopAddress() throws CliException {
        if (until == null || until.equalsIgnoreCase("timeout")) {
            return OptionalLong.empty();
        }
        String u = until.strip();
        if (u.toLowerCase(Locale.ROOT).startsWith("0x")) {
            try {
                long a = Long.parseLong(u.substring(2), 16);
                if (a > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                return OptionalLong.of(a);
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE, "--until " + u + " is not a 32-bit address");
            }
        }
        if (elf == null) {
            throw new CliException(ExitCodes.USAGE, "--until " + u + " names a symbol: give the firmware's ELF with "
                    + "--elf (or an address such as 0x08000400)");
        }
        Long a = symbols.get(u);
        if (a == null) {
            List<String> names = List.copyOf(symbols.keySet());
            String known = names.isEmpty() ? "it has no symbol table"
                    : "its symbols: " + String.join(", ", names.subList(0, Math.min(12, names.size())))
                            + (names.size() > 12 ? ", ... (" + names.size() + " in all)" : "");
            throw new CliException(ExitCodes.USAGE, elf + " has no symbol '" + u + "' (" + known
                    + "; or give an address such as 0x08000400)");
        }
        return OptionalLong.of(a);
    }

    @Override
    protected int run(TargetConnection c) throws CliException {
        BenchBoard b = c.board();
        if (b == null) {
            throw new CliException(ExitCodes.USAGE, "'board run' runs a simulated board's firmware; a real board runs "
                    + "by itself (use 'reset')");
        }
        OptionalLong stop = stopAddress();
        b.reset(dev.flashbank.core.target.ResetKind.HARDWARE);
        FirmwareRun r = b.runFirmware(duration, stop);
        c.keepConsole(); // what this run printed follows the console the board's file held
        Optional<String> in = symbolAt(r.pc());
        boolean ok = stop.isPresent() ? r.stop() == FirmwareRun.Stop.REACHED
                : r.stop() == FirmwareRun.Stop.TIME_ELAPSED || r.stop() == FirmwareRun.Stop.REACHED;
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("stop", r.stop().name());
            o.put("pc", String.format("0x%08X", r.pc()));
            in.ifPresent(s -> o.put("function", s));
            o.put("elapsedNs", r.elapsed().toNanos());
            o.put("console", r.console());
            out().println(Json.render(o));
        } else {
            if (!r.console().isEmpty()) {
                out().print(r.console());
                if (!r.console().endsWith("\n")) {
                    out().println();
                }
            }
            out().println("Stopped: " + r.summary() + in.map(s -> " (" + s + ")").orElse(""));
            if (!ok && stop.isPresent()) {
                out().println("The core did not reach " + until + " within " + FirmwareRun.format(duration) + ".");
            }
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The symbol at or nearest below {@code pc} that is a function start, within 64 KiB; empty without --elf. */
    private Optional<String> symbolAt(int pc) {
        long a = pc & 0xFFFF_FFFFL;
        String best = null;
        long bestAddress = -1;
        for (Map.Entry<String, Long> e : symbols.entrySet()) {
            long s = e.getValue();
            if (s <= a && s > bestAddress && a - s < 0x1_0000) {
                best = e.getKey();
                bestAddress = s;
            }
        }
        return best == null ? Optional.empty() : Optional.of(a == bestAddress ? best : best + String.format("+0x%X",
                a - bestAddress));
    }
}
