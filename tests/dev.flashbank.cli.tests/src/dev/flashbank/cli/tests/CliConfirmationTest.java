package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;

/**
 * Issue 14 items 4 and 5 through the command line as a user runs it: every option change of class ERASES_FLASH or
 * IRREVERSIBLE is refused without its confirmation (exit 3) by {@code ob set}, {@code ob restore}, {@code rdp-regress}
 * and {@code flashbank launch}, and the board state file is byte-identical afterwards; with the confirmation it is
 * applied; a profile or a launch file that stores a confirmation is refused even with the flags. Ambiguous values are
 * usage errors (exit 2) naming the problem, with the board untouched.
 * <p>
 * The flows run {@code flashbank} as separate processes; the board is created and the strict-value table runs in this
 * JVM ({@link InProcessCli}: the same picocli command line, exit codes and output), where a process per row would
 * prove nothing more than {@code CliProcessTest} does.
 */
class CliConfirmationTest {

    static final String PART = "STM32F767ZI";

    @TempDir
    Path tmp;

    CliProcess cli;
    InProcessCli.Home home;
    Path images;
    Path boardFile;
    String target;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        home = new InProcessCli.Home(tmp.resolve("home"));
        images = CliProcess.sampleImages();
        boardFile = tmp.resolve("board.fbboard");
        InProcessCli.ok("board", "create", "--part", PART, "--file", boardFile.toString());
        target = "sim:" + PART + "@" + boardFile;
    }

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    CliProcess.Result ok(String... args) throws Exception {
        var r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** Runs {@code args}, expects {@code exit}, and that the board state file did not change by a single byte. */
    CliProcess.Result refusedUnchanged(int exit, String... args) throws Exception {
        byte[] before = Files.readAllBytes(boardFile);
        var r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isEqualTo(exit);
        assertThat(Files.readAllBytes(boardFile)).as("board state after a refused " + args[0] + " " + args[1])
                .isEqualTo(before);
        return r;
    }

    String rdp() throws Exception {
        String json = ok("ob", "show", "--target", target, "--json").out();
        int i = json.indexOf("\"name\": \"RDP\"");
        return json.substring(i, json.indexOf('}', i));
    }

    Path profile(String name, OptionBytes options, String extraLine) throws Exception {
        Path f = tmp.resolve(name + ".fbopt");
        OptionProfileFile.write(f, new OptionProfile(PART, 2048, options, Instant.now(), "test profile"));
        if (extraLine != null) {
            Files.writeString(f, Files.readString(f) + extraLine + "\n");
        }
        return f;
    }

    @Test
    void rdpRegressionThroughObSetNeedsEraseAllFlashAndThenErasesTheImage() throws Exception {
        ok("program", "--target", target, images.resolve("app-bank1.hex").toString());
        // raising the level erases nothing: no confirmation. Connected under reset, the core stays halted: the sample
        // it would otherwise run is not what this test is about, and executing it through the seconds of board time
        // the option write takes (the journal reads the whole flash first) cost more than the rest of the class
        ok("ob", "set", "--target", target, "--connect-under-reset", "RDP=level1");
        var refused = refusedUnchanged(3, "ob", "set", "--target", target, "RDP=level0");
        assertThat(refused.err()).contains("RDP level 1->0").contains("sectors 0-11").contains("--erase-all-flash")
                .contains("Nothing was written");
        assertThat(refused.out()).as("the review names the confirmation").contains("Needs --erase-all-flash");
        refusedUnchanged(3, "ob", "set", "--target", target, "--confirm", PART, "RDP=0xAA");
        refusedUnchanged(3, "rdp-regress", "--target", target);

        var done = ok("ob", "set", "--target", target, "--erase-all-flash", "RDP=level0");
        assertThat(done.out()).contains("mass-erased");
        assertThat(rdp()).contains("\"value\": 170");
        var v = cli.run("verify", "--target", target, images.resolve("app-bank1.hex").toString());
        assertThat(v.exitCode()).as("the regression erased the image").isEqualTo(4);
    }

    @Test
    void rdpRegressCommandFollowsTheSameRule() throws Exception {
        ok("ob", "set", "--target", target, "RDP=level1");
        var r = refusedUnchanged(3, "rdp-regress", "--target", target);
        assertThat(r.err()).contains("--erase-all-flash");
        ok("rdp-regress", "--target", target, "--erase-all-flash");
        assertThat(rdp()).contains("\"value\": 170");
    }

    @Test
    void bankModeChangeAndLevel2EachNeedTheirOwnConfirmation() throws Exception {
        var nd = refusedUnchanged(3, "ob", "set", "--target", target, "nDBANK=0");
        assertThat(nd.err()).contains("re-lays the whole flash").contains("--erase-all-flash");
        var l2 = refusedUnchanged(3, "ob", "set", "--target", target, "--erase-all-flash", "RDP=level2");
        assertThat(l2.err()).contains("IRREVERSIBLE").contains("--confirm " + PART);
        refusedUnchanged(3, "ob", "set", "--target", target, "--confirm", "stm32f767zi", "RDP=level2");
        // both classes in one write: both confirmations
        refusedUnchanged(3, "ob", "set", "--target", target, "--confirm", PART, "nDBANK=0", "RDP=level2");
        refusedUnchanged(3, "ob", "set", "--target", target, "--erase-all-flash", "nDBANK=0", "RDP=level2");

        ok("ob", "set", "--target", target, "--erase-all-flash", "nDBANK=0");
        String json = ok("ob", "show", "--target", target, "--json").out();
        assertThat(json).contains("dual bank");
    }

    @Test
    void restoreOfAnErasingProfileNeedsTheFlagAndAProfileWithAStoredConfirmationIsRefused() throws Exception {
        OptionBytes dual = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL);
        Path p = profile("dual", dual, null);
        var r = refusedUnchanged(3, "ob", "restore", "--target", target, p.toString());
        assertThat(r.err()).contains("nDBANK").contains("--erase-all-flash");

        Path stored = profile("stored", dual, "confirm: " + PART);
        var s = refusedUnchanged(3, "ob", "restore", "--target", target, "--erase-all-flash", "--confirm", PART,
                stored.toString());
        assertThat(s.err()).contains("stored.fbopt").contains("stores a confirmation").contains("Remove \"confirm\"");
        Path erase = profile("erase", dual, "erase-all-flash: yes");
        refusedUnchanged(3, "ob", "restore", "--target", target, "--erase-all-flash", erase.toString());

        ok("ob", "restore", "--target", target, "--erase-all-flash", p.toString());
        assertThat(ok("ob", "show", "--target", target, "--json").out()).contains("dual bank");
    }

    Path optionLaunch(String name, Path profile, String extraAttribute) throws Exception {
        Path f = tmp.resolve(name + ".launch");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <launchConfiguration type="%s">
                    <stringAttribute key="%s" value="%s"/>
                    <stringAttribute key="%s" value="board.fbboard"/>
                    <stringAttribute key="%s" value="%s"/>
                    <stringAttribute key="%s" value="SIMULATED"/>
                    <booleanAttribute key="%s" value="false"/>
                    <stringAttribute key="%s" value="backups"/>
                    %s
                </launchConfiguration>
                """.formatted(LaunchAttributes.TYPE_OPTION_BYTES, LaunchAttributes.OPTION_PROFILE, profile,
                LaunchAttributes.SIM_STATE_FILE, LaunchAttributes.SIM_PART, PART, LaunchAttributes.TARGET_KIND,
                LaunchAttributes.RESET_AND_RUN, LaunchAttributes.BACKUP_DIR, extraAttribute));
        return f;
    }

    @Test
    void anOptionBytesLaunchTakesItsConfirmationFromTheCommandLineNeverFromTheFile() throws Exception {
        OptionBytes factory = OptionBytes.factory(Stm32F7Line.F76X_F77X);
        Path dual = profile("dual", factory.withBankMode(BankMode.DUAL), null);
        Path l = optionLaunch("dual", dual, "");
        var r = refusedUnchanged(3, "launch", l.toString());
        assertThat(r.err()).contains("nDBANK").contains("--erase-all-flash");

        Path withStored = optionLaunch("stored", dual, "<stringAttribute key=\"" + LaunchAttributes.CONFIRM_PART
                + "\" value=\"" + PART + "\"/>");
        var s = refusedUnchanged(3, "launch", withStored.toString(), "--erase-all-flash", "--confirm", PART);
        assertThat(s.err()).contains("stores a confirmation").contains(LaunchAttributes.CONFIRM_PART);

        Path storedInProfile = optionLaunch("stored-profile", profile("p", factory.withBankMode(BankMode.DUAL),
                "confirm: " + PART), "");
        refusedUnchanged(3, "launch", storedInProfile.toString(), "--erase-all-flash");

        Path level2 = optionLaunch("level2", profile("l2", factory.withRdp(0xCC), null), "");
        refusedUnchanged(3, "launch", level2.toString(), "--erase-all-flash");
        refusedUnchanged(3, "launch", level2.toString(), "--confirm", "STM32F767Z");

        ok("launch", l.toString(), "--erase-all-flash");
        assertThat(ok("ob", "show", "--target", target, "--json").out()).contains("dual bank");
    }

    @Test
    void confirmationFlagsOnALaunchThatWritesNoOptionBytesAreAUsageError() throws Exception {
        Path f = tmp.resolve("swap.launch");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <launchConfiguration type="%s">
                    <stringAttribute key="%s" value="board.fbboard"/>
                    <stringAttribute key="%s" value="%s"/>
                    <stringAttribute key="%s" value="SIMULATED"/>
                </launchConfiguration>
                """.formatted(LaunchAttributes.TYPE_SWAP_BANKS, LaunchAttributes.SIM_STATE_FILE,
                LaunchAttributes.SIM_PART, PART, LaunchAttributes.TARGET_KIND));
        var r = refusedUnchanged(2, "launch", f.toString(), "--erase-all-flash");
        assertThat(r.err()).contains("apply only to an Option Bytes launch");
    }

    static Stream<Arguments> strictValues() {
        return Stream.of(
                Arguments.of(List.of("ob", "set", "RDP=0"), 2, "Did you mean 0xAA (level 0)?"),
                Arguments.of(List.of("ob", "set", "RDP=0x12"), 2, "every other byte (0x12 too) as level 1"),
                Arguments.of(List.of("ob", "set", "RDP=0x12"), 2, "--raw"),
                Arguments.of(List.of("ob", "set", "RDP=0x55"), 2, "level1"),
                Arguments.of(List.of("ob", "set", "RDP=0x1AA"), 2, "does not fit"),
                Arguments.of(List.of("ob", "set", "RDP=level1", "--dry-run"), 0, "0x55 = level 1"),
                Arguments.of(List.of("ob", "set", "RDP=0x12", "--raw", "--dry-run"), 0, "0x12 = level 1"),
                Arguments.of(List.of("ob", "set", "RDP=LEVEL0", "--dry-run"), 0, "No change"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=1"), 2, "would mean LEVEL_2"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=0x2"), 2, "ambiguous"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=LEVEL_1", "--dry-run"), 0, "BOR level 1"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=0b10", "--dry-run"), 0, "BOR level 1"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=0b1"), 2, "LEVEL_1 (0b10)"),
                Arguments.of(List.of("ob", "set", "BOR_LEV=LEVEL_1", "bor_lev=OFF"), 2, "given twice"),
                Arguments.of(List.of("ob", "set", "nWRP3=0", "nWRP3=0"), 2, "given twice"),
                Arguments.of(List.of("ob", "set", "nWRP3=2"), 2, "write 0 or 1"),
                Arguments.of(List.of("ob", "set", "nWRP3=true"), 2, "write 0 or 1"),
                Arguments.of(List.of("ob", "set", "BOOT_ADD1=0x2040"), 2, "takes the ADDRESS"),
                Arguments.of(List.of("ob", "set", "--base", "0x08000000", "BOR_LEV=OFF"), 2, "--base does not apply"),
                Arguments.of(List.of("ob", "set", "--format", "hex", "BOR_LEV=OFF"), 2, "--format does not apply"),
                Arguments.of(List.of("erase", "--mass", "--base", "0x08000000"), 2, "--base does not apply"),
                Arguments.of(List.of("read", "--range", "0x08000000+1K", "-o", "x.bin", "--base", "0x08000000"), 2,
                        "--base does not apply"),
                Arguments.of(List.of("program", "@bin", "--base", "0x08000001"), 2, "not aligned to 4 bytes"),
                Arguments.of(List.of("program", "@bin", "--base", "0x08000002"), 2, "e.g. 0x08000000"),
                Arguments.of(List.of("program", "@hex", "--base", "0x08000000"), 2, "applies only to raw BIN"),
                Arguments.of(List.of("verify", "@elf", "--base", "0x08100000"), 2, "carries its own addresses"),
                Arguments.of(List.of("program", "@bin", "--format", "hex", "--base", "0x08000000"), 2,
                        "applies only to raw BIN"));
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @MethodSource("strictValues")
    void ambiguousValuesAreUsageErrorsAndTheBoardIsUntouched(List<String> args, int exit, String says)
            throws Exception {
        List<String> a = new java.util.ArrayList<>(args.stream().map(s -> switch (s) {
            case "@bin" -> images.resolve("app-bank1.bin").toString();
            case "@hex" -> images.resolve("app-bank1.hex").toString();
            case "@elf" -> images.resolve("app-bank2.elf").toString();
            case "x.bin" -> tmp.resolve("x.bin").toString();
            default -> s;
        }).toList());
        a.add(a.get(0).equals("ob") ? 2 : 1, "--target");
        a.add(a.get(0).equals("ob") ? 3 : 2, target);
        byte[] before = Files.readAllBytes(boardFile);
        var r = InProcessCli.run(a.toArray(String[]::new));
        assertThat(r.rc()).as(String.join(" ", a) + "\n" + r.all()).isEqualTo(exit);
        assertThat(Files.readAllBytes(boardFile)).as("board state after " + String.join(" ", a)).isEqualTo(before);
        assertThat(exit == 0 ? r.out() : r.err()).contains(says);
    }
}
