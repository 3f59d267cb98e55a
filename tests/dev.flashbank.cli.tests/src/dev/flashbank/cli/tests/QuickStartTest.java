package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.family.stm32f7.sim.SampleImages;

/**
 * What a newcomer does first, as processes on a fresh {@code FLASHBANK_HOME}: the default board is the dual-bank
 * STM32F767ZI with the sample image in bank 1; {@code bank-update} with no {@code --scheme} picks the scheme from the
 * link address and completes the A/B update; {@code flashbank demo} does and explains the same on its own board; the
 * README quick start runs exactly as written; and none of it leaves a file in the working directory.
 */
class QuickStartTest {

    @TempDir
    Path tmp;

    CliProcess cli;
    Path samples;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        samples = CliProcess.sampleImages();
    }

    @Test
    void onAFreshHomeInfoShowsTheDualBankF767WithTheSampleInBank1() throws Exception {
        var info = cli.run("info");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("F767").contains("dual bank")
                .containsPattern("physical bank 1: .*\\n    holds: valid image .*linked for 0x08000000")
                .containsPattern("physical bank 2: .*\\n    holds: erased");
        var show = cli.run("board", "show");
        assertThat(show.out()).contains("bankMode:      DUAL").contains("(physical bank 1)");
    }

    @Test
    void bankUpdateWithoutASchemeChoosesBootAddForAnImageLinkedForBank2AndBank2BootsAfterwards() throws Exception {
        var u = cli.run("bank-update", "--reset", samples.resolve("app-bank2.hex").toString());
        assertThat(u.exitCode()).as(u.out() + u.err()).isZero();
        assertThat(u.out()).contains("scheme: boot-add (chosen because the image is linked for 0x08100000, physical "
                + "bank 2's own address").contains("verify OK");
        var show = cli.run("board", "show");
        assertThat(show.out()).contains("nextBoot:").contains("flash image at 0x08100000 (physical bank 2)");
        var info = cli.run("info");
        assertThat(info.out()).containsPattern("physical bank 2: .*\\n    holds: valid image .*linked for 0x08100000");
    }

    @Test
    void anImageLinkedFor0x08000000GoingIntoBank2GetsTheRemapScheme() throws Exception {
        // REMAP needs the firmware to set SWP_FB, so Flashbank programs and verifies but does not switch
        var u = cli.run("bank-update", "--no-switch", samples.resolve("app-bank1.hex").toString());
        assertThat(u.exitCode()).as(u.out() + u.err()).isZero();
        assertThat(u.out()).contains("scheme: remap (chosen because the image is linked for 0x08000000 but goes into "
                + "physical bank 2");
        var json = cli.run("bank-update", "--no-switch", "--json", samples.resolve("app-bank1.hex").toString());
        assertThat(json.out().strip()).startsWith("{").contains("\"scheme\": \"REMAP\"");
        assertThat(json.err()).contains("scheme: remap");
    }

    @Test
    void demoExplainsTheUpdateAndWritesNothingIntoTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        var d = cli.runIn(cwd, "demo");
        assertThat(d.exitCode()).as(d.out() + d.err()).isZero();
        assertThat(d.out()).contains("== 1. The board").contains("nDBANK = 0")
                .contains("Physical bank 1 holds \"flashbank-sample 1.0.0 (bank 1)\", linked for 0x08000000")
                .contains("$ flashbank bank-update --target sim:@").contains("scheme: boot-add")
                .contains("The reset started physical bank 2: BOOT_ADD0 now holds 0x2040")
                .contains("flash image at 0x08100000 (physical bank 2)")
                .contains("rollback --target sim:@").contains("--scheme boot-add --reset");
        try (Stream<Path> s = Files.list(cwd)) {
            assertThat(s.toList()).as("files the demo left in the working directory").isEmpty();
        }
        Path home = tmp.resolve("home");
        assertThat(home.resolve("demo/demo.fbboard")).isRegularFile();
        assertThat(home.resolve("samples/app-bank2.hex")).isRegularFile();
        assertThat(home.resolve("samples/src/build.sh")).isRegularFile();
        assertThat(home.resolve("samples/console-app.elf")).isRegularFile();
        assertThat(home.resolve("samples/src/console.c")).isRegularFile();
        assertThat(d.out()).contains(home.resolve("samples/console-app.elf") + " there is the sample that writes to "
                + "the simulated console");

        // the console-sample commands the demo offers run as printed, and the board's console holds the line
        List<List<String>> console = offered(d.out(), "Run the console sample on a fresh board of its own:");
        assertThat(console).hasSize(4);
        String lastOut = null;
        for (List<String> c : console) {
            var r = cli.runIn(cwd, c.toArray(String[]::new));
            assertThat(r.exitCode()).as("flashbank " + c + "\n" + r.out() + r.err()).isZero();
            lastOut = r.out();
        }
        assertThat(lastOut).contains("console:       1 line(s)").contains("console sample: bank 1, 216 MHz");

        // the rollback the demo offers works on its board, and running the demo again starts over
        var back = cli.runIn(cwd, "rollback", "--target", "sim:@" + home.resolve("demo/demo.fbboard"), "--scheme",
                "boot-add", "--reset");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        var again = cli.runIn(cwd, "demo");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("the previous demo board was replaced");
    }

    @Test
    void theReadmeQuickStartRunsAsWrittenAndLeavesTheCheckoutClean() throws Exception {
        Path root = repositoryRoot();
        List<List<String>> commands = quickStart(Files.readString(root.resolve("README.md")));
        assertThat(commands).as("README quick start commands").hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(c -> assertThat(c).first().isEqualTo("bank-update"));
        Set<String> before = listing(root);
        String lastShow = null;
        for (List<String> c : commands) {
            var r = cli.runIn(root, c.toArray(String[]::new));
            assertThat(r.exitCode()).as("flashbank " + String.join(" ", c) + "\n" + r.out() + r.err()).isZero();
            if (c.equals(List.of("board", "show"))) {
                lastShow = r.out();
            }
        }
        assertThat(lastShow).as("the quick start shows the board after the update").isNotNull()
                .contains("(physical bank 2)");
        assertThat(listing(root)).as("files in the checkout's root and sample folder").isEqualTo(before);
    }

    /** The {@code flashbank} lines the demo prints after {@code intro}, split into words as a POSIX shell would. */
    static List<List<String>> offered(String out, String intro) {
        int at = out.indexOf(intro);
        assertThat(at).as("the demo prints: " + intro).isNotNegative();
        List<List<String>> commands = new ArrayList<>();
        for (String line : out.substring(at + intro.length()).split("\n")) {
            if (line.startsWith("  flashbank ")) {
                commands.add(words(line.substring("  flashbank ".length())));
            }
        }
        return commands;
    }

    /** Blank-separated words, with single quotes as a shell reads them. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (char ch : line.strip().toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
                w = w == null ? new StringBuilder() : w;
            } else if (ch == ' ' && !quoted) {
                if (w != null) {
                    words.add(w.toString());
                }
                w = null;
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(ch);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    /** The {@code ./flashbank} lines of the README's quick-start block, without their comments. */
    static List<List<String>> quickStart(String readme) {
        int at = readme.indexOf("Quick start");
        assertThat(at).as("README has a Quick start").isNotNegative();
        int open = readme.indexOf("```sh\n", at);
        int close = readme.indexOf("```", open + 6);
        List<List<String>> commands = new ArrayList<>();
        for (String line : readme.substring(open + 6, close).split("\n")) {
            String l = line.strip();
            int comment = l.indexOf(" #");
            if (comment >= 0) {
                l = l.substring(0, comment).strip();
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            assertThat(l).as("a quick-start line runs the CLI from the checkout").startsWith("./flashbank ");
            commands.add(List.of(l.substring("./flashbank ".length()).strip().split("\\s+")));
        }
        return commands;
    }

    static Path repositoryRoot() {
        Path samples = CliProcess.sampleImages();
        Path root = samples;
        for (int i = Path.of(SampleImages.REPOSITORY_FOLDER).getNameCount(); i > 0; i--) {
            root = root.getParent();
        }
        return root;
    }

    /** The root's entries and the sample folder's files: where a command run from the checkout could leave one. */
    static Set<String> listing(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path dir : List.of(root, root.resolve(SampleImages.REPOSITORY_FOLDER))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> names.add(root.relativize(p).toString()));
            }
        }
        return names;
    }
}
