package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;

/**
 * The IDE and the command line on one board file, as a user runs them side by side: IDE jobs and real
 * {@code flashbank} processes write different sectors of the same simulated board. The IDE reloads the board after
 * the CLI wrote it (the Targets view is told), never writes back its stale copy, and a CLI command that comes while
 * an IDE job holds the board waits for it (or, with {@code --no-wait}, says who holds it and exits 5); in the end
 * every write is in the file.
 */
class BoardSharedWithCliTest {

    /** 256 KiB sectors 6-11 of the single-bank STM32F767ZI (RM0410 §3.3.1), all erased on a new board. */
    static final long S6 = 0x0808_0000L, S7 = 0x080C_0000L, S8 = 0x0810_0000L, S9 = 0x0814_0000L,
            S10 = 0x0818_0000L, S11 = 0x081C_0000L;

    @TempDir
    Path tmp;

    @Test
    void ideJobsAndCliProcessesShareOneBoardAndLoseNothing() throws Exception {
        Workbench w = Workbench.open();
        TargetManager manager = w.targets().manager();
        SimulatedTarget t = manager.createBoard(SimulatedBoards.DEFAULT_PART);
        Path file = t.stateFile();
        List<FlashbankTarget> changed = new CopyOnWriteArrayList<>();
        manager.addListener(changed::add);

        run(program(t, "IDE writes sector 8", S8, pattern(1), null, null));
        assertThat(cells(file, S8)).isEqualTo(pattern(1));

        Cli cli = new Cli(tmp);
        Path p2 = cli.image(2);
        Process c2 = cli.start("program", "--target", "sim:" + t.partName() + "@" + file, "--base", hex(S9), p2.toString());
        assertThat(cli.finish(c2)).as(cli.output).isZero();
        assertThat(cells(file, S9)).isEqualTo(pattern(2));

        changed.clear();
        run(program(t, "IDE writes sector 10", S10, pattern(3), null, null));
        assertThat(changed).as("views are told of the reload").contains(t);
        assertThat(FlashbankConsole.get().lines()).anyMatch(l -> l.contains("reloaded " + t.displayName()));
        assertThat(cells(file, S9)).as("the CLI's write survives the IDE's save").isEqualTo(pattern(2));
        assertThat(cells(file, S10)).isEqualTo(pattern(3));
        assertThat(cells(file, S8)).isEqualTo(pattern(1));

        // an IDE job holds the board: a CLI command with --no-wait is refused, one without waits for it
        CountDownLatch inJob = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TargetJob holding = program(t, "IDE holds the board", S11, pattern(4), inJob, release);
        holding.schedule();
        Ui.pumpUntil("the IDE job has the board", () -> inJob.getCount() == 0);
        Process refused = cli.start("program", "--no-wait", "--target", "sim:@" + file, "--base", hex(S6),
                cli.image(5).toString());
        assertThat(cli.finish(refused)).as(cli.output).isEqualTo(5);
        assertThat(cli.output).contains("is in use by pid " + ProcessHandle.current().pid())
                .contains("(Flashbank IDE: IDE holds the board");
        Process waiting = cli.start("program", "--target", "sim:@" + file, "--base", hex(S7), cli.image(6).toString());
        String told = cli.firstErrorLine(waiting);
        assertThat(told).contains("is in use by pid " + ProcessHandle.current().pid()).endsWith("\u2014 waiting");
        assertThat(waiting.isAlive()).isTrue();
        release.countDown();
        Ui.join(holding);
        assertThat(holding.failure()).isNull();
        assertThat(cli.finish(waiting)).as(cli.output).isZero();

        run(program(t, "IDE reads after the CLI", S8, pattern(1), null, null)); // same bytes: nothing changes
        assertThat(cells(file, S6)).as("the refused command wrote nothing").containsOnly((byte) 0xFF);
        assertThat(cells(file, S7)).isEqualTo(pattern(6));
        assertThat(cells(file, S8)).isEqualTo(pattern(1));
        assertThat(cells(file, S9)).isEqualTo(pattern(2));
        assertThat(cells(file, S10)).isEqualTo(pattern(3));
        assertThat(cells(file, S11)).isEqualTo(pattern(4));
        // read from a copy: the test does not touch the IDE's live board outside a job
        assertThat(cells(SimulatedBoards.restore(t.board().snapshot()), S7)).as("the IDE shows the CLI's write")
                .isEqualTo(pattern(6));
    }

    /**
     * An IDE job that waits for a board another program holds (here {@code flashbank sim serve}, which holds its
     * board for as long as it serves) can be canceled while it waits: it ends as canceled, wrote nothing, and the
     * next job works once the other program is gone.
     */
    @Test
    void aJobWaitingForABoardAnotherProgramHoldsCanBeCanceled() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        Path file = t.stateFile();
        Cli cli = new Cli(tmp);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = cli.start("sim", "serve", "--jtag-port", Integer.toString(port), "--board", file.toString());
        try {
            assertThat(cli.firstErrorLine(server)).as(cli.output).startsWith("serving simulated");
            TargetJob waiting = program(t, "IDE waits for the board", S8, pattern(7), null, null);
            waiting.schedule();
            Ui.pumpUntil("the IDE job says it waits", () -> FlashbankConsole.get().lines().stream()
                    .anyMatch(l -> l.contains(file.getFileName().toString()) && l.endsWith("\u2014 waiting")));
            assertThat(waiting.getState()).isEqualTo(org.eclipse.core.runtime.jobs.Job.RUNNING);
            waiting.cancel();
            Ui.join(waiting);
            assertThat(waiting.getResult().getSeverity()).isEqualTo(org.eclipse.core.runtime.IStatus.CANCEL);
            assertThat(waiting.outcome()).contains("canceled while waiting for the target");
            assertThat(server.isAlive()).as("the other program still holds the board").isTrue();
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(cells(file, S8)).as("the canceled job wrote nothing").containsOnly((byte) 0xFF);
        run(program(t, "IDE writes after the server is gone", S8, pattern(7), null, null));
        assertThat(cells(file, S8)).isEqualTo(pattern(7));
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (n * 37 + i);
        }
        return b;
    }

    static String hex(long a) {
        return String.format("0x%08X", a);
    }

    /** 64 bytes at {@code address} as the CPU reads them from the board the file holds. */
    static byte[] cells(Path board, long address) throws Exception {
        return cells(BoardStateFile.load(board, dev.flashbank.families.InstalledFamilies.simulated()), address);
    }

    static byte[] cells(BenchBoard board, long address) throws TargetException {
        return SimulatedProbe.connect(board).memory().read(address, 64, AccessWidth.WORD);
    }

    static void run(TargetJob j) {
        j.schedule();
        Ui.join(j);
        assertThat(j.failure()).as(j.getName() + ": " + j.outcome()).isNull();
    }

    /** An IDE job on {@code t} that programs {@code data} into an erased sector (optionally holding until released). */
    static TargetJob program(FlashbankTarget t, String name, long address, byte[] data, CountDownLatch started,
            CountDownLatch release) {
        return new TargetJob(name, t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                FlashbankTarget.Connection c = t.connect();
                if (started != null) {
                    started.countDown();
                    try {
                        release.await(Ui.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (!c.driver().matchesOnTarget(address, data, 0, data.length)) {
                    c.driver().program(address, data, FlashProgress.NONE);
                }
                return "programmed " + data.length + " bytes at " + hex(address);
            }
        };
    }

    /** {@code flashbank} as a separate process on the CLI's plain class path, taken from this runtime's bundles. */
    static final class Cli {
        static final List<String> BUNDLES = List.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
                "dev.flashbank.families", "dev.flashbank.cli", "picocli", "net.fornwall.jelf", "org.usb4java",
                "org.apache.commons.lang3");
        final Path dir;
        String output = "";

        Cli(Path dir) {
            this.dir = dir;
        }

        Path image(int n) throws IOException {
            return Files.write(dir.resolve("image" + n + ".bin"), pattern(n));
        }

        Process start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath(), "-Dflashbank.home=" + dir.resolve("home"), "dev.flashbank.cli.FlashbankCli"));
            cmd.addAll(List.of(args));
            return new ProcessBuilder(cmd).redirectErrorStream(true).start();
        }

        /** The first line the process prints (it merges stderr into stdout); blocks until it comes. */
        String firstErrorLine(Process p) throws IOException {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            output = line == null ? "" : line + "\n";
            return line == null ? "" : line;
        }

        int finish(Process p) throws Exception {
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            output = output + rest;
            return p.exitValue();
        }

        static String classpath() {
            List<String> names = new ArrayList<>(BUNDLES);
            // every installed family bundle is on the CLI's class path too (as in the CLI distribution)
            for (Bundle b : org.osgi.framework.FrameworkUtil.getBundle(Cli.class).getBundleContext().getBundles()) {
                String n = b.getSymbolicName();
                if (n != null && n.startsWith("dev.flashbank.family.") && !n.endsWith(".tests")) {
                    names.add(n);
                }
            }
            List<String> entries = new ArrayList<>();
            for (String name : names) {
                Bundle b = Platform.getBundle(name);
                assertThat(b).as("bundle " + name + " in the test runtime").isNotNull();
                File f = FileLocator.getBundleFileLocation(b).orElseThrow();
                File classes = new File(f, "target/classes");
                entries.add(f.isDirectory() && classes.isDirectory() ? classes.getPath() : f.getPath());
            }
            return String.join(File.pathSeparator, entries);
        }
    }
}
