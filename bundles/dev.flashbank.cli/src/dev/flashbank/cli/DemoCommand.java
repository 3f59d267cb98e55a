package dev.flashbank.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.SampleFirmware;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.state.BoardLock;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.LiveBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flashbank demo}: the main job - an A/B update of a dual-bank part - done once on a board of its own, with
 * every step explained. It runs the very commands a user would ({@code info}, {@code bank-update}, {@code board
 * show}), printed before each runs, so what it shows is what those commands do. The demo board and the sample files
 * live under {@code $FLASHBANK_HOME} (never in the current directory), so the demo leaves a checkout clean.
 */
@Command(name = "demo", header = "Do an A/B bank update on a demo board, explaining each step.", mixinStandardHelpOptions = true,
        description = { "Creates a demo board ($FLASHBANK_HOME/demo/demo.fbboard, replaced on every run): the "
                + "installed families' default simulated part, dual bank, running sample firmware 1.0.0 from "
                + "physical bank 1. Copies the sample firmware (and its C source) to $FLASHBANK_HOME/samples, "
                + "updates the board to 2.0.0 through the inactive bank with 'bank-update', and explains what is "
                + "in which bank, what is mapped where and what boots next and why. Ends with the commands to look "
                + "around and to roll back." })
public final class DemoCommand implements Callable<Integer> {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws CliException {
        out = spec.commandLine().getOut();
        Path home = TargetSpec.home().toAbsolutePath();
        Path board = home.resolve("demo").resolve("demo.fbboard");
        Path samples = home.resolve("samples");
        String target = "sim:@" + board;

        SimulatedFamilies families = InstalledFamilies.simulated();
        SampleFirmware firmware = families.samples().orElseThrow(() -> new CliException(ExitCodes.FAILED,
                "no installed simulated family ships sample firmware for its default board"));
        out.println("Flashbank demo: an A/B firmware update on a simulated " + families.defaultPart().orElseThrow()
                + ", step by step.");
        out.println("Everything happens under " + home + " (set FLASHBANK_HOME to choose another place).");
        out.println();

        FirmwareImage v1 = firmware.running();
        FirmwareImage v2 = firmware.update();
        try {
            firmware.extractTo(samples);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot copy the sample firmware to " + samples + ": " + e.getMessage(), e);
        }
        BenchBoard b;
        try {
            b = families.createDefault(BoardOptions.defaults().withFreshIdentity());
        } catch (BoardConfigurationException e) {
            throw new CliException(ExitCodes.FAILED, "cannot make the demo board: " + e.getMessage(), e);
        }
        boolean replaced = Files.exists(board);
        create(b, board);
        FlashGeometry g = b.geometry();

        heading("1. The board");
        out.printf("A new simulated %s (%d KiB of flash) is in %s%s.%n", b.partName(), b.flashSizeKiB(), board,
                replaced ? " (the previous demo board was replaced)" : "");
        out.printf("Its option bit nDBANK = 0 selects dual-bank mode: the flash is two PHYSICAL banks of %d KiB each,%n",
                g.bank(1).size() / 1024);
        out.printf("and with SWP_FB = 0 (no remap) physical bank 1 is mapped at %s and physical bank 2 at %s.%n",
                hex(g.windowAddress(1, 0, false, g.linkWindow())), hex(g.windowAddress(2, 0, false, g.linkWindow())));
        out.printf("Physical bank 1 holds %s, linked for %s. Physical bank 2 is erased.%n", describe(v1),
                hex(v1.span().orElseThrow().start()));
        explainBoot(b.predictBoot());
        out.printf("The sample files are in %s (their C source and build script in %s).%n", samples,
                samples.resolve("src"));
        firmware.startUpFile().ifPresent(f -> out.printf("%s there is the sample that writes to the simulated "
                + "console:%nprogram it on a fresh board and run it with 'board run' (see 'Next').%n", samples.resolve(f)));
        int rc = run("The command that looks at a target:", "info", "--target", target);
        if (rc != ExitCodes.OK) {
            return stopped(rc);
        }

        heading("2. The update");
        Path v2File = samples.resolve(firmware.updateHexFile());
        out.printf("The new firmware is %s in %s, linked for %s.%n", describe(v2), v2File,
                hex(v2.span().orElseThrow().start()));
        out.println("An A/B update never writes the bank the firmware runs from: 'bank-update' finds the running bank,");
        out.println("erases and programs only the OTHER physical bank, verifies it byte for byte, and only then switches");
        out.println("(one option-byte write). With no --scheme it picks the switching scheme from the image's link address.");
        rc = run("", "bank-update", "--target", target, "--reset", v2File.toString());
        if (rc != ExitCodes.OK) {
            return stopped(rc);
        }

        heading("3. After the update");
        BenchBoard after;
        try {
            after = BoardStateFile.load(board, families);
        } catch (BoardStateException e) {
            throw new CliException(ExitCodes.NO_TARGET, e.getMessage(), e);
        }
        BootReport boot = after.predictBoot();
        out.printf("The reset started physical bank %d: BOOT_ADD%d now holds 0x%04X, i.e. %s, which is where physical%n",
                boot.physicalBank(), boot.bootAddOption(), boot.bootAddValue(), hex(boot.bootAddress()));
        out.printf("bank %d is mapped (SWP_FB is still %d: nothing is remapped). Every later reset starts it too.%n",
                boot.physicalBank(), boot.swpFbAfterBoot() ? 1 : 0);
        out.printf("Physical bank 1 still holds %s, untouched: that is the way back.%n", describe(v1));
        rc = run("The board as the next reset sees it (nextBoot):", "board", "show", "--target", target);
        if (rc != ExitCodes.OK) {
            return stopped(rc);
        }

        heading("Next");
        out.println("Look around, roll back, or update again (the same commands work on the default board without");
        out.println("--target, and on a real part with --probe SERIAL):");
        tryLine("doctor --target " + quote(target), "everything in plain words, with fixes");
        tryLine("rollback --target " + quote(target) + " --scheme boot-add --reset",
                "back to 1.0.0 in physical bank 1");
        tryLine("bank-update --target " + quote(target) + " --reset " + quote(samples.resolve(firmware.updateHexFile()).toString()), "after a rollback: 2.0.0 again");
        firmware.startUpFile().ifPresent(f -> {
            Path console = home.resolve("demo").resolve("console.fbboard");
            String consoleTarget = quote("sim:@" + console);
            String elf = quote(samples.resolve(f).toString());
            out.println("Run the console sample on a fresh board of its own:");
            tryLine("board create --part " + families.defaultPart().orElseThrow() + " --force --file "
                    + quote(console.toString()), "a fresh board (--force replaces the one of a previous run)");
            tryLine("program --target " + consoleTarget + " " + elf, "the console sample onto it");
            tryLine("board run --target " + consoleTarget + " --for 20ms", "20 ms of board time: it writes one line");
            tryLine("board show --target " + consoleTarget, "... console: the line it wrote");
        });
        out.flush();
        return ExitCodes.OK;
    }

    /** Writes the fresh demo board as the one writer of its file (a command still using the old one is waited for). */
    private void create(BenchBoard b, Path file) throws CliException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Files.createDirectories(file.getParent());
            try (BoardLock lock = BoardLock.acquire(file, "flashbank demo", true, line -> {
                err.println("flashbank: " + line);
                err.flush();
            })) {
                LiveBoard.create(lock.boardFile(), b);
            }
        } catch (TargetOpenException e) {
            throw TargetConnection.failure(e);
        } catch (IOException | BoardStateException e) {
            throw new CliException(ExitCodes.FAILED, "could not write the demo board " + file + ": " + e.getMessage(), e);
        }
    }

    private void explainBoot(BootReport r) {
        out.printf("At reset the BOOT0 pin is %d, so the core starts at BOOT_ADD%d = 0x%04X, i.e. %s: ", r.boot0() ? 1 : 0,
                r.bootAddOption(), r.bootAddValue(), hex(r.bootAddress()));
        if (r.source() == BootReport.Source.FLASH) {
            out.printf("physical bank %d%s boots.%n", r.physicalBank(),
                    r.bootAddress() == r.imageAddress() ? "" : " (through its ITCM view, " + hex(r.imageAddress()) + ")");
        } else {
            out.println(r.summary());
        }
    }

    /** Prints the command as a user types it, then runs it in this process with the same output. */
    private int run(String intro, String... args) {
        out.println();
        if (!intro.isEmpty()) {
            out.println(intro);
        }
        List<String> shown = new ArrayList<>();
        for (String a : args) {
            shown.add(quote(a));
        }
        out.println("  $ flashbank " + String.join(" ", shown));
        out.flush();
        int rc = FlashbankCli.execute(out, spec.commandLine().getErr(), args);
        out.flush();
        return rc;
    }

    private int stopped(int rc) {
        out.println();
        out.println("The demo stopped here: the command above ended with exit code " + rc + " (see its message).");
        out.flush();
        return rc;
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
    }

    private void tryLine(String args, String what) {
        out.println("  flashbank " + args);
        out.println("      " + what);
    }

    private static String describe(FirmwareImage img) {
        return img.version().map(v -> "\"" + v.text() + "\"").orElse(img.source());
    }

    private static String hex(long address) {
        return String.format("0x%08X", address);
    }

    /** Shell quoting for commands shown to be copied (paths may hold blanks). */
    static String quote(String s) {
        return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
