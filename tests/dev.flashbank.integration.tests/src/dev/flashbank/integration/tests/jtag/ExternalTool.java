package dev.flashbank.integration.tests.jtag;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A third-party tool run as a child process for the acceptance tests: found on the PATH (a missing tool FAILS the
 * test with the Debian package to install - CI installs them, a silent skip would hide a broken setup), its merged
 * output collected line by line so tests can wait for a line with a deadline, and destroyed on {@link #close()}.
 */
public final class ExternalTool implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();

    private ExternalTool(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::drain, name + " output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** The executable {@code command} on the PATH, or a test failure naming the Debian package that provides it. */
    public static Path require(String command, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, command);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail(command + " is not installed (not found on PATH): this acceptance test needs it; install the Debian"
                + " package '" + debianPackage + "' (the CI script installs it)");
    }

    public static ExternalTool start(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        return new ExternalTool(name, pb.start());
    }

    /** A port that was free a moment ago on 127.0.0.1 (the tools take ports as numbers, not as open sockets). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** Waits for an output line matching {@code p}; fails with the output so far when the deadline passes. */
    public String awaitLine(Predicate<String> p, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<String> hit = lines.stream().filter(p).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return fail(name + ": " + what + " did not appear within " + timeout + " (alive="
                            + process.isAlive() + "); output:\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to exit on its own, then destroys it. */
    public void stop(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        reader.join(2_000);
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
