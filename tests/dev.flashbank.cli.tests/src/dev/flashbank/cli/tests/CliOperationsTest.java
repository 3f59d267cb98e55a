package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.ops.OptionCliCommand;

/**
 * The flash commands run as a user runs them, on simulated boards kept in state files across commands: program,
 * A/B bank update and rollback with the sample firmware, protection refusals (seed problem B), irreversible-change
 * confirmation, bad input files, and {@code --json}.
 * <p>
 * Where a board holds the sample, the commands that take seconds of board time (a bank update or an option write: the
 * journal reads the whole flash first) connect under reset, so the core stays halted instead of executing the sample
 * through them - nothing here is about the firmware running; {@code QuickStartTest} updates the default board while
 * its sample runs.
 */
class CliOperationsTest {

    @TempDir
    Path tmp;

    CliProcess cli;
    Path images;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        images = CliProcess.sampleImages();
    }

    String board(String part, boolean dual) throws Exception {
        Path f = tmp.resolve(part + (dual ? "-dual" : "") + ".fbboard");
        var r = dual ? cli.run("board", "create", "--part", part, "--dual-bank", "--file", f.toString())
                : cli.run("board", "create", "--part", part, "--file", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return "sim:" + part + "@" + f;
    }

    @Test
    void abUpdateFromBank1ThenRollbackThroughTheCli() throws Exception {
        String t = board("STM32F767ZI", true);
        var p = cli.run("program", "--target", t, images.resolve("app-bank1.hex").toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.out()).contains("verify OK").containsPattern("\\(host [0-9.]+ s, modelled target time [0-9.]+ s\\)");

        var u = cli.run("bank-update", "--target", t, "--connect-under-reset", "--scheme", "boot-add", "--reset", "--json",
                images.resolve("app-bank2.elf").toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        assertThat(u.out()).contains("\"ok\": true").contains("\"modelledTargetSeconds\": ").contains("\"hostSeconds\": ");
        var s = cli.run("board", "show", "--target", t, "--json");
        assertThat(s.out()).contains("flash image at 0x08100000 (physical bank 2)");

        // programming again is a no-op on identical sectors
        var again = cli.run("program", "--target", t, "--json", images.resolve("app-bank1.hex").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("\"upToDate\": true").contains("\"identicalByTargetCrc\": ")
                .contains("\"verify\": {");
        var text = cli.run("program", "--target", t, images.resolve("app-bank1.hex").toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        // the sample covers part of one sector: no target CRC for it, the plan read the sector back
        assertThat(text.out()).contains("1 identical (skipped)").contains("; nothing needed writing: the flash already "
                + "holds the image (1 sector(s) read back and compared)").doesNotContain("verify OK: 0 bytes");

        var r = cli.run("rollback", "--target", t, "--connect-under-reset", "--scheme", "boot-add", "--reset");
        assertThat(r.exitCode()).as(r.err()).isZero();
        var s2 = cli.run("board", "show", "--target", t, "--json");
        assertThat(s2.out()).contains("flash image at 0x08000000 (physical bank 1)");
        var v = cli.run("verify", "--target", t, images.resolve("app-bank1.srec").toString());
        assertThat(v.exitCode()).as(v.err()).isZero();
    }

    @Test
    void bankUpdateOnASingleBankPartIsRefusedWithTheReason() throws Exception {
        String t = board("STM32F767ZI", false);
        var u = cli.run("bank-update", "--target", t, "--scheme", "boot-add", images.resolve("app-bank2.elf").toString());
        assertThat(u.exitCode()).isEqualTo(3);
        assertThat(u.err()).containsIgnoringCase("single");
    }

    @Test
    void massEraseOnAWriteProtectedF722IsRefusedBeforeTouchingThePartAndTheDoctorGivesTheFix() throws Exception {
        String t = board("STM32F722ZE", false);
        assertThat(cli.run("program", "--target", t, images.resolve("app-bank1.bin").toString(), "--base", "0x08000000")
                .exitCode()).isZero();
        var ob = cli.run("ob", "set", "--target", t, "--connect-under-reset", "nWRP3=0");
        assertThat(ob.exitCode()).as(ob.err()).isZero();
        assertThat(ob.out()).contains("previous values saved in");

        var e = cli.run("erase", "--target", t, "--mass");
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.err()).contains("sector 3").contains("write-protected").contains("fix:").contains("Nothing was written");
        // the image is still there: nothing was erased
        assertThat(cli.run("verify", "--target", t, images.resolve("app-bank1.hex").toString()).exitCode()).isZero();

        var d = cli.run("doctor", "--target", t);
        assertThat(d.exitCode()).isEqualTo(3);
        assertThat(d.out()).contains("nWRP").contains("fix:");

        assertThat(cli.run("ob", "set", "--target", t, "--connect-under-reset", "nWRP3=1").exitCode()).isZero();
        var e2 = cli.run("erase", "--target", t, "--mass", "--json");
        assertThat(e2.exitCode()).as(e2.err()).isZero();
        assertThat(cli.run("verify", "--target", t, images.resolve("app-bank1.hex").toString()).exitCode()).isEqualTo(4);
    }

    @Test
    void rdpLevel2NeedsThePartNameTypedExactly() throws Exception {
        String t = board("STM32F767ZI", false);
        var wrong = cli.run("ob", "set", "--target", t, "--confirm", "stm32f767zi", "RDP=0xCC");
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(wrong.err()).contains("IRREVERSIBLE").contains("Nothing was written");
        var show = cli.run("ob", "show", "--target", t, "--json");
        assertThat(show.out()).contains("\"value\": 170"); // RDP still 0xAA
        var dry = cli.run("ob", "set", "--target", t, "--dry-run", "RDP=0xCC");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("Dry run: nothing written").contains("IRREVERSIBLE");
    }

    @Test
    void bootAddressInTheWrongUnitIsExplained() throws Exception {
        String t = board("STM32F767ZI", true);
        var r = cli.run("ob", "set", "--target", t, "BOOT_ADD0=0x2040");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("takes the ADDRESS").contains("0x08100000");
        var ok = cli.run("ob", "set", "--target", t, "BOOT_ADD0=0x08100000", "--json");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"resetRequired\": true");
    }

    @Test
    void badImageIsOneClearErrorAndNothingIsWritten() throws Exception {
        String t = board("STM32F767ZI", false);
        Path bad = tmp.resolve("bad.hex");
        String good = Files.readString(images.resolve("app-bank1.hex"));
        // corrupt the checksum of the second line
        String[] lines = good.lines().toArray(String[]::new);
        lines[1] = lines[1].substring(0, lines[1].length() - 2) + (lines[1].endsWith("00") ? "01" : "00");
        Files.writeString(bad, String.join("\n", lines) + "\n");
        var r = cli.run("program", "--target", t, bad.toString());
        assertThat(r.exitCode()).isEqualTo(6);
        assertThat(r.err()).contains("bad.hex").contains("line 2").containsIgnoringCase("checksum");
        var dump = cli.run("read", "--target", t, "--range", "0x08000000+1K", "--out", tmp.resolve("d.bin").toString());
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("d.bin"))).containsOnly((byte) 0xFF);
    }

    @Test
    void theEditorsCopyAsCliCommandRunsAsIs() throws Exception {
        Path f = tmp.resolve("copy.fbboard");
        assertThat(cli.run("board", "create", "--file", f.toString()).exitCode()).isZero();
        var factory = OptionBytes.factory(Stm32F7Line.F76X_F77X);
        var wanted = factory.withBorLevel(BorLevel.LEVEL_2).withBootAddress1(0x0810_0000L, 2048);
        String command = OptionCliCommand.render(OptionCliCommand.boardArgument("STM32F767ZI", f), "STM32F767ZI",
                dev.flashbank.family.stm32f7.Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X), 2048, factory, wanted,
                factory.diff(wanted, 2048, dev.flashbank.family.stm32f7.Stm32F7Parameters.defaults()));
        String[] words = command.split(" ");
        assertThat(words[0]).isEqualTo("flashbank");
        var r = cli.run(java.util.Arrays.copyOfRange(words, 1, words.length));
        assertThat(r.exitCode()).as(command + "\n" + r.err()).isZero();
        var show = cli.run("ob", "show", "--target", "sim:STM32F767ZI@" + f, "--json");
        assertThat(show.out()).contains("BOR level 2").contains("0x08100000");
    }
}
