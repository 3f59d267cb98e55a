package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Issue 14 item 9: {@code read -o} replaces only regular files atomically. Standard output ({@code -o -} and
 * {@code /dev/stdout}), a FIFO and a symbolic link keep what they are; a directory is a usage error naming it.
 */
class CliOutputPathsTest {

    @TempDir
    Path tmp;

    Path board;
    String target;

    @BeforeEach
    void board() throws IOException {
        board = tmp.resolve("b.fbboard");
        String home = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
        try {
            assertThat(run("board", "create", "--part", "STM32F730Z8", "--file", board.toString()).rc()).isZero();
            target = "sim:@" + board;
            // something that is not erased flash, so a wrong or empty copy shows
            Path img = tmp.resolve("img.bin");
            byte[] data = new byte[1024];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7 + 3);
            }
            Files.write(img, data);
            assertThat(run("program", img.toString(), "--base", "0x08000000", "--target", target).rc()).isZero();
        } finally {
            if (home == null) {
                System.clearProperty("flashbank.home");
            } else {
                System.setProperty("flashbank.home", home);
            }
        }
    }

    static CliBasicsTest.Run run(String... args) {
        return CliBasicsTest.run(args);
    }

    byte[] expectedDump() throws IOException {
        Path f = tmp.resolve("expected.bin");
        CliBasicsTest.Run r = run("read", "--range", "0x08000000+1K", "-o", f.toString(), "--target", target);
        assertThat(r.rc()).as(r.err()).isZero();
        return Files.readAllBytes(f);
    }

    @Test
    void aSymlinkToARegularFileStaysALinkAndItsFileGetsTheData() throws IOException {
        byte[] expected = expectedDump();
        Path file = Files.writeString(tmp.resolve("real.bin"), "old content");
        Path link = Files.createSymbolicLink(tmp.resolve("link.bin"), file.getFileName());
        CliBasicsTest.Run r = run("read", "--range", "0x08000000+1K", "-o", link.toString(), "--target", target);
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(file.getFileName());
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aDirectoryIsAUsageErrorNamingItAndNothingIsWritten() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dumps"));
        CliBasicsTest.Run r = run("read", "--range", "0x08000000+1K", "-o", dir.toString(), "--target", target);
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains(dir.toString()).contains("is a directory");
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
        CliBasicsTest.Run json = run("read", "--range", "0x08000000+1K", "-o", dir.toString(), "--target", target, "--json");
        assertThat(JsonParser.object(json.out()).get("error").toString()).contains("USAGE").contains(dir.toString());
    }

    @Test
    void aFifoIsWrittenDirectlyAndStaysAFifo() throws Exception {
        byte[] expected = expectedDump();
        Path fifo = tmp.resolve("pipe.bin");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CliBasicsTest.Run r = run("read", "--range", "0x08000000+1K", "-o", fifo.toString(), "--target", target);
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()).as("still a FIFO").isTrue();
    }

    @Test
    void dashAndDevStdoutWriteToStandardOutputAndDevStdoutStaysASymlink() throws Exception {
        byte[] expected = expectedDump();
        CliProcess cli = CliProcess.in(tmp);
        // -o -: the exact bytes on standard output, the summary on standard error
        Proc dash = start(cli, "read", "--range", "0x08000000+1K", "-o", "-", "--target", target);
        assertThat(dash.rc).as(dash.err).isZero();
        assertThat(dash.out).isEqualTo(expected);
        assertThat(dash.err).contains("read 1024 bytes");

        boolean devStdoutWasLink = Files.isSymbolicLink(Path.of("/dev/stdout"));
        Proc dev = start(cli, "read", "--range", "0x08000000+1K", "-o", "/dev/stdout", "--format", "hex", "--target",
                target);
        assertThat(dev.rc).as(dev.err).isZero();
        assertThat(new String(dev.out, StandardCharsets.US_ASCII)).startsWith(":020000040800").contains(":00000001FF");
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isEqualTo(devStdoutWasLink);
        assertThat(Files.isRegularFile(Path.of("/dev/stdout"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    record Proc(int rc, byte[] out, String err) {
    }

    /** The CLI as its own process with standard output on a pipe (binary-safe capture). */
    static Proc start(CliProcess cli, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(cli.command());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), out.toByteArray(), err.get(60, TimeUnit.SECONDS));
    }
}
