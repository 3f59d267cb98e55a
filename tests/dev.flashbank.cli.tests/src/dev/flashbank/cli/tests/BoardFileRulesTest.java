package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.sim.state.BoardStateFile;

/**
 * Board state files as the command line treats them: a named file must exist and hold the part named, every board has
 * its own UID and probe serial, and commands that only read never rewrite the file.
 */
class BoardFileRulesTest {

    @TempDir
    Path tmp;

    @Test
    void aMistypedBoardPathIsRefusedNotCreated() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path typo = tmp.resolve("baord.fbboard");
        Path image = Files.write(tmp.resolve("image.bin"), new byte[] { 1, 2, 3, 4 });
        var r = cli.run("program", "--target", "sim:STM32F767ZI@" + typo, "--base", "0x08100000", image.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("no board at " + typo + "; create it with `flashbank board create --file " + typo
                + "`");
        assertThat(typo).doesNotExist();
        assertThat(tmp.resolve("baord.fbboard.lock")).doesNotExist();
    }

    @Test
    void thePartNamedMustBeThePartInTheFile() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path f722 = tmp.resolve("f722.fbboard");
        assertThat(cli.run("board", "create", "--part", "STM32F722ZE", "--file", f722.toString()).exitCode()).isZero();
        byte[] before = Files.readAllBytes(f722);
        var r = cli.run("info", "--target", "sim:STM32F767ZI@" + f722);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("STM32F722ZE").contains("STM32F767ZI");
        assertThat(Files.readAllBytes(f722)).isEqualTo(before);
        var any = cli.run("info", "--target", "sim:@" + f722);
        assertThat(any.exitCode()).as("sim:@FILE takes the part the file holds: " + any.err()).isZero();
    }

    @Test
    void everyCreatedBoardHasItsOwnUniqueIdAndSerial() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path a = tmp.resolve("a.fbboard");
        Path b = tmp.resolve("b.fbboard");
        assertThat(cli.run("board", "create", "--file", a.toString()).exitCode()).isZero();
        assertThat(cli.run("board", "create", "--file", b.toString()).exitCode()).isZero();
        var sa = BoardStateFile.read(a);
        var sb = BoardStateFile.read(b);
        assertThat(sa.uniqueId()).isNotEqualTo(sb.uniqueId());
        assertThat(sa.serial()).isNotEqualTo(sb.serial()).isNotEqualTo("SIM000000001").startsWith("SIM");
    }

    @Test
    void readAndInfoLeaveTheBoardFileByteIdenticalWithItsModificationTime() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path f = tmp.resolve("board.fbboard");
        assertThat(cli.run("board", "create", "--dual-bank", "--file", f.toString()).exitCode()).isZero();
        FileTime old = FileTime.from(Instant.parse("2021-06-07T08:09:10Z"));
        Files.setLastModifiedTime(f, old);
        byte[] before = Files.readAllBytes(f);
        var read = cli.run("read", "--target", "sim:@" + f, "--range", "0x08000000+4K", "-o",
                tmp.resolve("dump.bin").toString());
        assertThat(read.exitCode()).as(read.err()).isZero();
        var info = cli.run("info", "--target", "sim:@" + f);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);
    }
}
