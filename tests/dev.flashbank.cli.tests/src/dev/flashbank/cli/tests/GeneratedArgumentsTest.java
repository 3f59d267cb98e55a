package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;

/**
 * Issue 14 acceptance: thousands of generated command lines - valid commands with random and boundary values, wrong
 * types, addresses past 0xFFFFFFFF, missing, bad and odd files, with and without {@code --json} - run IN-PROCESS on
 * simulated boards. Every one must exit with a documented code (0-6), never show a Java stack trace or an internal
 * error, print exactly one JSON object with {@code --json} (whose {@code error.fix} entries name a Flashbank command or
 * an IDE action), and leave every board file byte-identical when it exits non-zero. The seed is printed (and can be
 * set with {@code -Dflashbank.test.seed=N}) so a failure can be replayed.
 */
class GeneratedArgumentsTest {

    static final int COMMANDS = 2000;
    /** Boards are put back to their first state this often, so protections set by one command do not end coverage. */
    static final int RESET_EVERY = 60;

    static final String SMALL = "STM32F730Z8";
    static final String DUAL = "STM32F767ZI";

    @TempDir
    static Path tmp;

    static String previousHome;
    static Path home;
    static Path boards;
    static Path pristine;
    static final Map<String, Path> files = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        previousHome = System.getProperty("flashbank.home");
        home = tmp.resolve("home");
        boards = tmp.resolve("boards");
        pristine = tmp.resolve("pristine");
        Files.createDirectories(home);
        Files.createDirectories(boards);
        Files.createDirectories(pristine);
        System.setProperty("flashbank.home", home.toString());
        mustRun("board", "create", "--part", SMALL, "--file", pristine.resolve("small.fbboard").toString());
        mustRun("board", "create", "--part", DUAL, "--dual-bank", "--file", pristine.resolve("dual.fbboard").toString());
        mustRun("board", "create", "--part", "STM32F722ZE", "--file", pristine.resolve("f722.fbboard").toString());
        String header = Files.readString(pristine.resolve("small.fbboard"), StandardCharsets.ISO_8859_1);
        Files.writeString(pristine.resolve("negative-voltage.fbboard"),
                header.replaceFirst("voltage-mv: \\d+", "voltage-mv: -3300"), StandardCharsets.ISO_8859_1);
        Files.writeString(pristine.resolve("huge-voltage.fbboard"),
                header.replaceFirst("voltage-mv: \\d+", "voltage-mv: 99999999999"), StandardCharsets.ISO_8859_1);
        Files.writeString(pristine.resolve("bad-part.fbboard"),
                header.replaceFirst("part: \\S+", "part: STM32F999XX"), StandardCharsets.ISO_8859_1);
        Files.writeString(pristine.resolve("bad-options.fbboard"),
                header.replaceFirst("option-words: [^\\n]+", "option-words: 5500AAFF zz"), StandardCharsets.ISO_8859_1);
        Files.write(pristine.resolve("truncated.fbboard"),
                Files.readAllBytes(pristine.resolve("small.fbboard")), java.nio.file.StandardOpenOption.CREATE);
        byte[] all = Files.readAllBytes(pristine.resolve("small.fbboard"));
        Files.write(pristine.resolve("truncated.fbboard"), java.util.Arrays.copyOf(all, all.length / 2));
        Files.writeString(pristine.resolve("garbage.fbboard"), "not a board\n\u0000\u0001");
        Files.write(pristine.resolve("empty.fbboard"), new byte[0]);

        Path img = Files.createDirectories(tmp.resolve("images"));
        byte[] app = vectorTable(0x2002_0000L, 0x0800_0101L, 3000);
        byte[] app2 = vectorTable(0x2002_0000L, 0x0810_0101L, 3000);
        writeImage(img.resolve("app.hex"), FirmwareImage.ofBytes("app", 0x0800_0000L, app), ImageFormat.INTEL_HEX);
        writeImage(img.resolve("app.srec"), FirmwareImage.ofBytes("app", 0x0800_0000L, app), ImageFormat.SREC);
        writeImage(img.resolve("bank2.hex"), FirmwareImage.ofBytes("b2", 0x0810_0000L, app2), ImageFormat.INTEL_HEX);
        writeImage(img.resolve("ram.hex"), FirmwareImage.ofBytes("ram", 0x2000_0000L, app), ImageFormat.INTEL_HEX);
        writeImage(img.resolve("top.hex"), FirmwareImage.ofBytes("top", 0xFFFF_FF00L, new byte[256]),
                ImageFormat.INTEL_HEX);
        Files.write(img.resolve("app.bin"), app);
        Files.write(img.resolve("empty.bin"), new byte[0]);
        Files.write(img.resolve("empty.hex"), new byte[0]);
        String hex = Files.readString(img.resolve("app.hex"));
        Files.writeString(img.resolve("bad-checksum.hex"), hex.replaceFirst(":10000000", ":10000001"));
        Files.writeString(img.resolve("truncated.hex"), hex.substring(0, hex.length() / 2));
        Files.writeString(img.resolve("garbage.elf"), "\u007fELF this is not an ELF file");
        Files.writeString(img.resolve("text.srec"), "S1 hello\n");
        Files.createDirectories(img.resolve("a-directory.hex"));
        Files.writeString(img.resolve("bad.fbopt"), "this is not a profile\n");
        Files.writeString(img.resolve("empty.fbopt"), "");
        Files.writeString(img.resolve("bad.launch"), "<?xml version=\"1.0\"?><launchConfiguration type=\"x\">");
        Files.writeString(img.resolve("empty.launch"), "");
        for (String n : List.of("app.hex", "app.srec", "bank2.hex", "ram.hex", "top.hex", "app.bin", "empty.bin",
                "empty.hex", "bad-checksum.hex", "truncated.hex", "garbage.elf", "text.srec", "a-directory.hex",
                "bad.fbopt", "empty.fbopt", "bad.launch", "empty.launch")) {
            files.put(n, img.resolve(n));
        }
        files.put("missing.hex", img.resolve("missing.hex"));
        Path profile = tmp.resolve("profile.fbopt");
        resetBoards();
        mustRun("ob", "backup", "--target", "sim:" + SMALL + "@" + boards.resolve("small.fbboard"), profile.toString());
        files.put("profile.fbopt", profile);
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", previousHome);
        }
    }

    static CliBasicsTest.Run run(List<String> args) {
        return CliBasicsTest.run(args.toArray(String[]::new));
    }

    static void mustRun(String... args) {
        CliBasicsTest.Run r = run(List.of(args));
        assertThat(r.rc()).as("%s%n%s%s", String.join(" ", args), r.out(), r.err()).isZero();
    }

    static byte[] vectorTable(long sp, long reset, int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (sp >>> (8 * i));
            b[4 + i] = (byte) (reset >>> (8 * i));
        }
        return b;
    }

    static void writeImage(Path file, FirmwareImage image, ImageFormat format) throws IOException {
        Files.write(file, ImageWriter.toBytes(image, format, file.getFileName().toString()));
    }

    static void resetBoards() throws IOException {
        try (Stream<Path> s = Files.list(pristine)) {
            for (Path p : s.toList()) {
                Files.copy(p, boards.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path defaults = home.resolve("boards");
        if (Files.isDirectory(defaults)) {
            try (Stream<Path> s = Files.list(defaults)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void generatedCommandLinesEndWithADocumentedExitCodeAndNoTrace() throws IOException {
        long seed = Long.getLong("flashbank.test.seed", 20261206L);
        System.out.println("GeneratedArgumentsTest seed " + seed + " (replay with -Dflashbank.test.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Generator g = new Generator(rnd);
        Map<Integer, Integer> byExit = new java.util.TreeMap<>();
        int json = 0;
        List<String> problems = new ArrayList<>();
        for (int n = 0; n < COMMANDS && problems.size() < 25; n++) {
            if (n % RESET_EVERY == 0) {
                resetBoards();
            }
            List<String> args = g.commandLine();
            Map<Path, byte[]> before = snapshot();
            CliBasicsTest.Run r = run(args);
            byExit.merge(r.rc(), 1, Integer::sum);
            json += args.contains("--json") ? 1 : 0;
            String problem = problem(args, r, before);
            if (problem != null) {
                problems.add("command #" + n + " (seed " + seed + "): flashbank " + String.join(" ", args) + "\n  "
                        + problem + "\n--- exit " + r.rc() + ", stdout:\n" + r.out() + "--- stderr:\n" + r.err());
            }
        }
        assertThat(problems).as("%d problem(s):%n%s", problems.size(), String.join("\n\n", problems)).isEmpty();
        System.out.println("GeneratedArgumentsTest: " + COMMANDS + " command lines, " + json + " with --json, by exit "
                + "code " + byExit);
        // the generator must reach real work, refusals and usage errors alike, or the test proves little
        assertThat(byExit.keySet()).contains(0, 2, 3, 5, 6);
        assertThat(byExit.get(0)).isGreaterThan(COMMANDS / 10);
    }

    /** What is wrong with the outcome of one command line, or null. */
    static String problem(List<String> args, CliBasicsTest.Run r, Map<Path, byte[]> before) throws IOException {
        if (r.rc() < 0 || r.rc() > 6) {
            return "exit code " + r.rc() + " is not one of the documented 0-6";
        }
        for (String trace : List.of("\tat ", "Exception in", "java.lang.", "internal error")) {
            if ((r.out() + r.err()).contains(trace)) {
                return "the output shows '" + trace.strip() + "'";
            }
        }
        boolean help = args.stream().anyMatch(a -> Set.of("--help", "-h", "--version", "-V", "help").contains(a));
        if (args.contains("--json") && !help && !args.contains("--")) {
            Map<String, Object> o;
            try {
                o = JsonParser.object(r.out());
            } catch (IllegalArgumentException e) {
                return "--json output is not one JSON object: " + e.getMessage();
            }
            if (r.rc() != 0) {
                if (!Boolean.FALSE.equals(o.get("ok")) || !(o.get("error") instanceof Map<?, ?> e)) {
                    return "a failure without ok=false and an error object";
                }
                if (!e.keySet().containsAll(List.of("code", "message", "fix", "findings"))
                        || !Long.valueOf(r.rc()).equals(e.get("exitCode"))) {
                    return "the error object lacks code/message/fix/findings or its exitCode is not " + r.rc();
                }
                for (Object fix : (List<?>) e.get("fix")) {
                    if (!fix.toString().matches(FIX_NAMES_A_COMMAND)) {
                        return "the fix '" + fix + "' names no Flashbank command or IDE action";
                    }
                }
            }
        }
        if (r.rc() != 0) {
            for (var e : before.entrySet()) {
                if (!Files.isRegularFile(e.getKey()) || !Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey()))) {
                    return e.getKey() + " changed although the command failed";
                }
            }
        }
        return null;
    }

    /** A fix starts with the Flashbank command that applies it, or names the IDE action. */
    static final String FIX_NAMES_A_COMMAND = "(?s)(flashbank |.*\\bIDE\\b|.*flashbank [a-z-]+|run the same command).*";

    /** The bytes of every board file (compared only after a failed command; page-cache reads are cheap). */
    static Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> m = new LinkedHashMap<>();
        for (Path dir : List.of(boards, home.resolve("boards"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (Files.isRegularFile(p) && p.toString().endsWith(".fbboard")) {
                        m.put(p, Files.readAllBytes(p));
                    }
                }
            }
        }
        return m;
    }

    /** Random command lines over every command that needs no USB hardware and starts no server. */
    static final class Generator {
        private final Random rnd;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        static final String[] NUMBERS = { "0", "1", "-1", "4", "16K", "1M", "2M", "0x08000000", "0x08100000",
                "0x080FFFFF", "0x081FFFFF", "0x08200000", "0x00200000", "0x20000000", "0x7FFFFFFF", "0xFFFFFFFF",
                "0x100000000", "0xFFFFFFFFFFFFFFFF", "99999999999999999999", "0x", "abc", "", " ", "0x0800_0000",
                "-0x10", "1.5", "0x08000001", "4096", "0x2040", "0x10000", "3M", "9223372036854775807" };

        static final String[] OPTIONS = { "RDP", "BOR_LEV", "BOOT_ADD0", "BOOT_ADD1", "nWRP0", "nWRP5", "nWRP11",
                "nDBANK", "nDBOOT", "IWDG_SW", "WWDG_SW", "nRST_STOP", "nRST_STDBY", "IWDG_STDBY", "IWDG_STOP",
                "PCROP", "PCROP_RDP", "NO_SUCH", "" };

        static final String[] OPTION_VALUES = { "0", "1", "2", "0xAA", "0xCC", "0x55", "0x12", "level0", "level1",
                "level2", "LEVEL_1", "LEVEL_3", "OFF", "0x08100000", "0x08000000", "0x2040", "0x20000000", "0xFFFF",
                "0x10000", "-1", "x", "", "0xFFFFFFFF", "0x100000000" };

        <T> T pick(T[] a) {
            return a[rnd.nextInt(a.length)];
        }

        String number() {
            return rnd.nextInt(4) == 0 ? String.format("0x%08X", rnd.nextLong() & 0x1_FFFF_FFFFL) : pick(NUMBERS);
        }

        String range() {
            return switch (rnd.nextInt(6)) {
                case 0 -> number() + "+" + number();
                case 1 -> number() + "-" + number();
                case 2 -> "0x08000000+" + pick(new String[] { "16K", "32K", "1", "0x100", "2M", "4M", "0" });
                case 3 -> "0xFFFFFFFF+0x10";
                case 4 -> pick(new String[] { "0x08100000-0x0810FFFF", "0x08000000+1K", "0x00200000+4K",
                        "0x20000000+256", "0x1FF0F420+12" });
                default -> number();
            };
        }

        String file() {
            List<String> names = new ArrayList<>(files.keySet());
            return rnd.nextInt(12) == 0 ? pick(new String[] { "", "-", "/", "/dev/null", tmp.toString() })
                    : files.get(names.get(rnd.nextInt(names.size()))).toString();
        }

        /** An output file: always under the temporary folder (a relative name would land in the checkout). */
        String outFile() {
            String ext = pick(new String[] { ".bin", ".hex", ".srec", ".s19", ".elf", ".txt", "" });
            return switch (rnd.nextInt(8)) {
                case 0 -> tmp.toString();
                case 1 -> tmp.resolve("no/such/dir/out" + ext).toString();
                default -> tmp.resolve("out" + rnd.nextInt(5) + ext).toString();
            };
        }

        List<String> target() {
            return switch (rnd.nextInt(16)) {
                case 0, 1, 2, 3, 4, 5, 12, 13 -> List.of("--target", "sim:" + SMALL + "@" + boards.resolve("small.fbboard"));
                case 6, 7 -> List.of("--target", "sim:" + DUAL + "@" + boards.resolve("dual.fbboard"));
                case 8 -> List.of("--target", "sim:@" + boards.resolve("f722.fbboard"));
                case 9 -> List.of("--target", "sim:@" + boards.resolve(pick(new String[] { "negative-voltage.fbboard",
                        "huge-voltage.fbboard", "bad-part.fbboard", "bad-options.fbboard", "truncated.fbboard",
                        "garbage.fbboard", "empty.fbboard" })));
                case 10 -> List.of("--target", pick(new String[] { "sim:", "sim:NOPE", "sim:@", "gdb:", "gdb:x",
                        "gdb:127.0.0.1:0", "gdb:127.0.0.1:99999", "usb:1", "", "sim:STM32F722ZE@"
                                + boards.resolve("dual.fbboard"), "sim:@" + tmp, "sim:STM32F767ZI@/dev/null" }));
                case 11 -> List.of("--target", "sim:" + SMALL + "@" + boards.resolve("small.fbboard"),
                        "--connect-under-reset");
                default -> List.of();
            };
        }

        List<String> commandLine() {
            List<String> a = new ArrayList<>();
            switch (rnd.nextInt(17)) {
                case 0 -> a.add("info");
                case 1 -> {
                    a.add("doctor");
                    for (int i = rnd.nextInt(3); i > 0; i--) {
                        a.addAll(List.of("--erase-range", range()));
                    }
                }
                case 2 -> a.addAll(List.of("ob", "show"));
                case 3 -> {
                    a.addAll(List.of("ob", "set"));
                    for (int i = rnd.nextInt(3) + (rnd.nextInt(10) == 0 ? 0 : 1); i > 0; i--) {
                        a.add(rnd.nextInt(15) == 0 ? pick(OPTIONS) : pick(OPTIONS) + "=" + pick(OPTION_VALUES));
                    }
                    if (rnd.nextBoolean()) {
                        a.add("--dry-run");
                    }
                    if (rnd.nextInt(4) == 0) {
                        a.addAll(List.of("--confirm", pick(new String[] { SMALL, DUAL, "STM32F7", "", "yes" })));
                    }
                    if (rnd.nextInt(5) == 0) {
                        a.addAll(List.of("--backup-dir", rnd.nextBoolean() ? files.get("app.hex").toString()
                                : tmp.resolve("backups").toString()));
                    }
                }
                case 4 -> {
                    a.addAll(List.of("ob", "backup", outFile()));
                    if (rnd.nextBoolean()) {
                        a.add("--force");
                    }
                }
                case 5 -> a.addAll(List.of("ob", "restore", file()));
                case 6 -> {
                    a.addAll(List.of("read", "--range", range(), "-o", rnd.nextInt(8) == 0 ? "-" : outFile()));
                    if (rnd.nextInt(3) == 0) {
                        a.addAll(List.of("--format", pick(new String[] { "bin", "hex", "srec", "elf", "xyz", "" })));
                    }
                }
                case 7 -> {
                    a.add("erase");
                    switch (rnd.nextInt(5)) {
                        case 0 -> a.add("--mass");
                        case 1 -> a.addAll(List.of("--bank", pick(new String[] { "1", "2", "0", "3", "-1", "x",
                                "99999999999" })));
                        case 2 -> a.addAll(List.of("--sectors", pick(new String[] { "0", "1,2", "11", "12", "23",
                                "24", "-1", "0,0", "x", "", "2147483647", "1,,2" })));
                        case 3 -> a.addAll(List.of("--range", range()));
                        default -> a.addAll(List.of("--mass", "--bank", "1"));
                    }
                    if (rnd.nextInt(3) == 0) {
                        a.add("--widen");
                    }
                }
                case 8, 9 -> {
                    a.addAll(List.of("program", file()));
                    if (rnd.nextInt(3) == 0) {
                        a.addAll(List.of("--base", number()));
                    }
                    if (rnd.nextInt(4) == 0) {
                        a.addAll(List.of("--format", pick(new String[] { "bin", "hex", "srec", "elf", "zip" })));
                    }
                    if (rnd.nextInt(4) == 0) {
                        a.addAll(List.of("--erase-range", range()));
                    }
                    if (rnd.nextInt(4) == 0) {
                        a.add("--no-verify");
                    }
                }
                case 10 -> {
                    a.addAll(List.of("verify", file()));
                    if (rnd.nextInt(3) == 0) {
                        a.addAll(List.of("--base", number()));
                    }
                }
                case 11 -> {
                    a.addAll(List.of("bank-update", file()));
                    if (rnd.nextInt(6) != 0) {
                        a.addAll(List.of("--scheme", pick(new String[] { "boot-add", "remap", "x", "" })));
                    }
                    if (rnd.nextBoolean()) {
                        a.add("--reset");
                    }
                    if (rnd.nextInt(4) == 0) {
                        a.add("--no-switch");
                    }
                }
                case 12 -> {
                    a.add(rnd.nextBoolean() ? "swap" : "rollback");
                    if (rnd.nextInt(6) != 0) {
                        a.addAll(List.of("--scheme", pick(new String[] { "boot-add", "remap", "BOOT_ADD", "zz" })));
                    }
                    if (rnd.nextBoolean()) {
                        a.add("--reset");
                    }
                }
                case 13 -> {
                    a.add(rnd.nextBoolean() ? "rdp-regress" : "recover");
                    if (rnd.nextBoolean()) {
                        a.add("--erase-all-flash");
                    }
                    if (a.get(0).equals("recover") && rnd.nextBoolean()) {
                        a.add("--dry-run");
                    }
                }
                case 14 -> {
                    if (rnd.nextBoolean()) {
                        a.addAll(List.of("board", "show"));
                    } else {
                        a.addAll(List.of("board", "create", "--file", rnd.nextBoolean() ? outFile()
                                : boards.resolve("new" + rnd.nextInt(3) + ".fbboard").toString()));
                        if (rnd.nextBoolean()) {
                            a.addAll(List.of("--part", pick(new String[] { SMALL, DUAL, "STM32F722ZE", "STM32F746NG",
                                    "stm32f767zi", "STM32F999", "", "PIC16" })));
                        }
                        if (rnd.nextInt(3) == 0) {
                            a.add("--dual-bank");
                        }
                        if (rnd.nextInt(3) == 0) {
                            a.addAll(List.of("--voltage", pick(new String[] { "3300", "1800", "1700", "0", "-5",
                                    "99999", "2147483648", "x" })));
                        }
                        if (rnd.nextInt(3) == 0) {
                            a.add("--force");
                        }
                        return a;
                    }
                }
                case 15 -> {
                    a.addAll(List.of("launch", file()));
                    if (rnd.nextInt(4) == 0) {
                        a.addAll(List.of("--workspace", file()));
                    }
                    if (rnd.nextBoolean()) {
                        a.add("--json");
                    }
                    return a;
                }
                default -> {
                    // junk: unknown commands and options, options without values, help
                    a.addAll(List.of(pick(new String[] { "frobnicate", "--nope", "program", "read", "erase", "ob",
                            "board", "help", "--version", "-x", "ob", "--json" })));
                    for (int i = rnd.nextInt(3); i > 0; i--) {
                        a.add(pick(new String[] { "--range", "--target", "--json", "--base", "-o", "--scheme", "=",
                                "--", "set", "show", "info", "--help", "--sectors", number() }));
                    }
                    return a;
                }
            }
            a.addAll(target());
            if (rnd.nextInt(2) == 0) {
                a.add(rnd.nextInt(a.size() + 1), "--json");
                if (a.get(0).equals("--json")) {
                    a.add(1, a.remove(0)); // --json belongs to the command, not to flashbank itself
                }
            }
            if (rnd.nextInt(25) == 0) {
                a.add(pick(new String[] { "--unknown", "extra", "--target", "--json" }));
            }
            return a;
        }
    }
}
