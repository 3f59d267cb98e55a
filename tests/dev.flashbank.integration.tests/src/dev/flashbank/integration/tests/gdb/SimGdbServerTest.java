package dev.flashbank.integration.tests.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.gdb.GdbServer;

/**
 * Issue 19 acceptance, GDB RSP transport: stock gdb-multiarch in batch mode against the simulated STM32F767ZI's GDB
 * server (the one {@code flashbank sim serve --gdb-port} starts) with the repository's sample image app-bank1.elf:
 * {@code load} programs it through the F7 flash driver and {@code compare-sections} verifies it, {@code monitor reset
 * halt} stops at the reset handler, {@code stepi} executes one instruction, a watchpoint on {@code g_counter} (DWT)
 * catches the firmware's .data copy and then its count, a breakpoint (FPB) at the counting loop is hit again, and
 * {@code info registers} / {@code x} read the core and RAM; a second probe on the board (the bench) checks the
 * flash and the counter.
 */
class SimGdbServerTest {

    @TempDir
    Path tmp;

    SimulatedBoard board;
    GdbServer server;
    final List<String> serverLog = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        board = SimulatedBoards.create("STM32F767ZI");
        server = GdbServer.start(board, InstalledFamilies.families(), 0, serverLog::add);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void gdbMultiarchLoadsStepsWatchesAndBreaks() throws Exception {
        SampleImages.extractTo(tmp);
        String out = gdb(tmp.resolve(SampleImages.BANK1 + ".elf"),
                "load",
                "compare-sections",
                "monitor reset halt",
                "printf \"PC0=%#x\\n\", $pc",
                "stepi",
                "printf \"PC1=%#x\\n\", $pc",
                "watch *(volatile unsigned int *)&g_counter",
                "continue",
                "continue",
                "delete",
                "break *$pc",
                "continue",
                "info registers",
                "x/1wx &g_counter",
                "detach");
        int resetHandler = 0x0800_0042; // app-bank1.elf: Reset_Handler (its vector is 0x0800_0043)
        assertThat(out).as(out)
                // load through vFlashErase/vFlashWrite/vFlashDone (the memory map says where the flash is)
                .contains("Loading section .isr_vector").contains("Transfer rate")
                .contains("Section .text, range 0x8000040 -- 0x80000a0: matched")
                .contains(String.format("PC0=%#x", resetHandler))
                .contains(String.format("PC1=%#x", resetHandler + 2))
                .contains("Hardware watchpoint 1: *(volatile unsigned int *)&g_counter")
                // the .data copy writes the initial value, then the loop counts
                .contains("New value = 305419896").contains("New value = 305419897")
                .containsPattern("Breakpoint 2, 0x0800006[0-9a-f] in Reset_Handler")
                .containsPattern("(?m)^pc\\s+0x800006[0-9a-f]\\s")
                .containsPattern("(?m)^xpsr\\s+0x[0-9a-f]+")
                .containsPattern("(?m)^msp\\s+0x20080000\\s") // _estack, the initial SP in the vector table
                .containsPattern("<g_counter>:\\s+0x1234567[0-9a-f]")
                .doesNotContain("Remote failure").doesNotContain("Cannot insert");
        // the bench: the image is in flash, and the counter ran on after the detach
        SimulatedProbe bench = SimulatedProbe.connect(board);
        assertThat(bench.memory().read(0x0800_0000L, 8, AccessWidth.WORD))
                .isEqualTo(java.util.Arrays.copyOf(SampleImages.bytes(SampleImages.BANK1 + ".bin"), 8));
        int counted = bench.memory().read32(0x2000_0000L);
        bench.elapse(Duration.ofMillis(1));
        assertThat(bench.memory().read32(0x2000_0000L)).isNotEqualTo(counted);
        assertThat(serverLog).anyMatch(l -> l.contains("load programmed and verified"));
    }

    /**
     * CubeMX-style start-up firmware (console-app.elf: PLL at 216 MHz, SysTick every 1 ms, USART3): GDB stops at
     * {@code main}, then in the SysTick interrupt handler (xPSR's IPSR = 15, the exception number), and the counter
     * advances between two stops.
     */
    @Test
    void gdbMultiarchBreaksAtMainAndInTheSysTickHandler() throws Exception {
        Path elf = tmp.resolve("console-app.elf");
        java.nio.file.Files.write(elf, SampleImages.bytes("console-app.elf"));
        String out = gdb(elf,
                "load",
                "monitor reset halt",
                "break main",
                "continue",
                "printf \"AT=%#x\\n\", $pc",
                "break SysTick_Handler",
                "continue",
                "printf \"IPSR=%d\\n\", $xpsr & 0x1ff",
                "delete",
                "printf \"N0=%u\\n\", *(unsigned int *)&g_ticks",
                "break SysTick_Handler",
                "continue",
                "printf \"N1=%u\\n\", *(unsigned int *)&g_ticks",
                "detach");
        assertThat(out).as(out)
                .containsPattern("Breakpoint 1, 0x080000[0-9a-f]{2} in main \\(\\)")
                .containsPattern("Breakpoint 2, 0x080000[0-9a-f]{2} in SysTick_Handler \\(\\)")
                .contains("IPSR=15")
                .doesNotContain("Remote failure").doesNotContain("Cannot insert");
        java.util.regex.Matcher n0 = java.util.regex.Pattern.compile("N0=(\\d+)").matcher(out);
        java.util.regex.Matcher n1 = java.util.regex.Pattern.compile("N1=(\\d+)").matcher(out);
        assertThat(n0.find() && n1.find()).as(out).isTrue();
        // one SysTick interrupt between the two stops in its handler: one more tick counted
        assertThat(Long.parseLong(n1.group(1))).isEqualTo(Long.parseLong(n0.group(1)) + 1);
    }

    /** Runs gdb-multiarch in batch mode on {@code elf} connected to the server, one -ex per command; its output. */
    private String gdb(Path elf, String... commands) throws Exception {
        return GdbMultiarch.batch(server.port(), elf, commands);
    }
}
