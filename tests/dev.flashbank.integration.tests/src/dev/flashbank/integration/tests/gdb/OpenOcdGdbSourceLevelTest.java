package dev.flashbank.integration.tests.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.integration.tests.jtag.ServedAdapter;
import dev.flashbank.integration.tests.ops.FirmwareRuns;

/**
 * Issue 19 acceptance, source-level debugging through OpenOCD's gdb server over each transport the simulator serves
 * (remote_bitbang JTAG, the emulated ST-Link on the stlink-server protocol in HLA and in DAP-direct mode): stock
 * gdb-multiarch in batch mode with {@code firmware/gdbdemo/gdbdemo.elf} (built with -g) against stock OpenOCD 0.12
 * (default {@code target/stm32f7x.cfg}) in front of a simulated STM32F767ZI. gdb {@code load}s the image (OpenOCD's
 * flash driver, its RAM loader run by the board's core), {@code compare-sections} agrees, {@code monitor reset halt}
 * stops at the reset handler, {@code break main} / {@code continue} reaches main's first line, {@code next} and
 * {@code step} advance by source line (into {@code scale()}), {@code watch counter} / {@code continue} stops with
 * the old and the new value twice, and {@code info registers} reads a sane core (pc in main, sp in SRAM1, Thumb
 * xPSR). The board's flash cells hold the image afterwards.
 */
class OpenOcdGdbSourceLevelTest {

    /**
     * Board time at the wall clock's pace: OpenOCD's RAM flash loader spins on its FIFO between OpenOCD's accesses,
     * and the board's core executes through every nanosecond served - at 100x gdb's 196-byte load over remote_bitbang
     * took 13 s instead of 2.
     */
    static final double TIME_SCALE = 1;
    static final String DIR = "gdbdemo";

    @ParameterizedTest
    @EnumSource(ServedAdapter.class)
    void gdbBreaksStepsWatchesAndReadsRegistersThroughOpenOcd(ServedAdapter adapter) throws Exception {
        Path elf = FirmwareRuns.file(DIR, "gdbdemo.elf");
        List<String> source = Files.readAllLines(FirmwareRuns.file(DIR, "gdbdemo.c"));
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI");
        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> peers = new ArrayList<>();
        String out;
        String log;
        long started = System.nanoTime();
        try {
            List<String> commands = adapter.serve(board, board.debugBus(), TIME_SCALE, serverLog::add, peers);
            OpenOcd ocd = OpenOcd.start(commands, List.of(), true, OpenOcd.Target.STM32F7);
            peers.add(0, ocd);
            out = GdbMultiarch.batch(ocd.gdbPort(), elf,
                    "directory " + elf.getParent(), // the ELF names its source relative to its build directory
                    "monitor reset halt",
                    "load",
                    "compare-sections",
                    "monitor reset halt",
                    "printf \"RESET_PC=%#x\\n\", $pc",
                    "break main",
                    "continue",
                    "next",
                    "next",
                    "step",
                    "watch counter",
                    "continue",
                    "printf \"COUNTER=%u\\n\", counter",
                    "continue",
                    "printf \"COUNTER=%u\\n\", counter",
                    "info registers",
                    "detach");
            log = ocd.log();
        } finally {
            for (AutoCloseable p : peers) {
                p.close();
            }
        }
        System.out.printf("OpenOcdGdbSourceLevelTest [%s]: %.1f s%n", adapter, (System.nanoTime() - started) / 1e9);

        byte[] content = Files.readAllBytes(elf);
        FirmwareImage image = ElfReader.read(elf.toString(), content);
        long resetHandler = ElfReader.symbols(elf.toString(), content).get("Reset_Handler");
        long main = ElfReader.symbols(elf.toString(), content).get("main");
        int mainFirstLine = line(source, "uint32_t local = 0;");
        int scaleFirstLine = line(source, "uint32_t doubled = value * 2u;");
        assertThat(out).as(out + "\nOpenOCD:\n" + log)
                .contains("Loading section .isr_vector").contains("Loading section .text")
                .contains("Transfer rate")
                .containsPattern("Section \\.text, range 0x[0-9a-f]+ -- 0x[0-9a-f]+: matched")
                .contains(String.format("RESET_PC=%#x", resetHandler & ~1L))
                .containsPattern("Breakpoint 1 at 0x[0-9a-f]+: file .*gdbdemo\\.c, line " + mainFirstLine)
                // continue reaches main; next, next and step advance by source line, step into scale()
                .containsPattern("Breakpoint 1, main \\(\\) at .*gdbdemo\\.c:" + mainFirstLine)
                .containsPattern(sourceLine(source, "counter = 0;"))
                .containsPattern(sourceLine(source, "local = scale(local) & 0xFFFFu;"))
                .containsPattern("scale \\(value=0\\) at .*gdbdemo\\.c:" + scaleFirstLine)
                .contains("Hardware watchpoint 2: counter")
                .contains("COUNTER=1\n").contains("COUNTER=2\n")
                .doesNotContain("Remote failure").doesNotContain("Cannot insert");
        if (adapter == ServedAdapter.STLINK_HLA) {
            // the DWT stopped the core after each write, but OpenOCD's hla target reports every halt it did not ask
            // for as a breakpoint (hla_target.c, adapter_examine_debug_reason): gdb gets no watchpoint address
            assertThat(out).as(out).containsPattern("Program received signal SIGTRAP[^\\n]*\\s+main \\(\\) at "
                    + ".*gdbdemo\\.c:\\d+");
        } else {
            assertThat(out).as(out).containsPattern("Old value = 0\\s+New value = 1")
                    .containsPattern("Old value = 1\\s+New value = 2");
        }
        Matcher pc = Pattern.compile("(?m)^pc\\s+0x([0-9a-f]+)").matcher(out);
        Matcher sp = Pattern.compile("(?m)^sp\\s+0x([0-9a-f]+)").matcher(out);
        Matcher xpsr = Pattern.compile("(?mi)^xpsr\\s+0x([0-9a-f]+)").matcher(out);
        assertThat(pc.find() && sp.find() && xpsr.find()).as(out).isTrue();
        long pcValue = Long.parseLong(pc.group(1), 16);
        assertThat(pcValue).as("pc in main").isBetween(main & ~1L, resetHandler & ~1L);
        assertThat(Long.parseLong(sp.group(1), 16)).as("sp in SRAM1, below _estack").isBetween(0x2002_0000L,
                0x2003_0000L);
        assertThat(Long.parseLong(xpsr.group(1), 16) & 0x0100_0000L).as("xPSR.T").isNotZero();
        assertThat(board.readCells(1, 0, image.segments().get(0).data().length))
                .isEqualTo(image.segments().get(0).data());
        assertThat(serverLog).noneMatch(l -> l.contains("violation") || l.contains("error"));
    }

    /** The line number of the first source line containing {@code text}. */
    static int line(List<String> source, String text) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("gdbdemo.c has no line " + text);
    }

    /** gdb's echo of that line when it stops there: its number, a tab, the text. */
    static String sourceLine(List<String> source, String text) {
        return "(?m)^" + line(source, text) + "\\t.*" + Pattern.quote(text);
    }
}
