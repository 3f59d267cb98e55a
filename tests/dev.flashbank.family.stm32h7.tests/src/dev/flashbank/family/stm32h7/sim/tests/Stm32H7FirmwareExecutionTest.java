package dev.flashbank.family.stm32h7.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.sim.Stm32H7SampleImages;
import dev.flashbank.family.stm32h7.tests.H7Bench;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.cpu.CoreProfile;

/**
 * The simulated STM32H743ZI executes the H7 start-up sample (samples/src/console.c, built for the Cortex-M7 with
 * FPv5-D16 hard float): it boots from physical bank 1, and with SWAP_BANK from physical bank 2 (the image linked for
 * 0x0800_0000 either way), configures the supply and PLL1 to 400 MHz through RCC/PWR as CubeIDE's SystemClock_Config
 * does, prints on USART3, resets itself once by SYSRESETREQ and counts; flash wait states (FLASH_ACR.LATENCY) slow its
 * loop in board time. About 2 s of wall time for all.
 */
class Stm32H7FirmwareExecutionTest {

    private static final String LINE1 = "h7 console sample: image 1, SWAP_BANK=0, 400 MHz, boot 1\r\n";
    private static final String LINE2 = "h7 console sample: image 1, SWAP_BANK=0, 400 MHz, boot 2\r\n";

    private static Map<String, Long> symbols(String sample) throws Exception {
        return ElfReader.symbols(sample + ".elf", Stm32H7SampleImages.bytes(sample + ".elf"));
    }

    /** Programs every loadable segment of {@code image} through the H7 driver, {@code offset} bytes from its address. */
    private static void program(H7Bench bench, FirmwareImage image, long offset) throws TargetException {
        for (Segment s : image.segments()) {
            if (s.size() > 0) {
                bench.driver().program(s.address() + offset, s.data(), FlashProgress.NONE);
            }
        }
    }

    /** A fresh H743ZI with {@code image} in physical bank 1, powered up anew (no debugger attached). */
    private static Stm32H7Board boardWith(FirmwareImage image) throws Exception {
        Stm32H7Board board = H7Bench.freshBoard();
        try (H7Bench bench = new H7Bench(board)) {
            program(bench, image, 0);
        }
        board.powerCycle();
        return board;
    }

    private static long word(Stm32H7Board board, long address) {
        return ((dev.flashbank.sim.bus.BusResult.Ok) board.debugBus().read(address, AccessWidth.WORD)).value();
    }

    @Test
    void bootsFromBank1ConfiguresThePllPrintsResetsItselfOnceAndCounts() throws Exception {
        Map<String, Long> sym = symbols(Stm32H7SampleImages.CONSOLE);
        Stm32H7Board board = boardWith(Stm32H7SampleImages.image(Stm32H7SampleImages.CONSOLE));
        assertThat(board.cpu().profile()).isEqualTo(CoreProfile.CORTEX_M7_DP);
        assertThat(word(board, CortexM.CPUID.address())).as("CPUID as the part reads it")
                .isEqualTo(board.descriptor().cpuid() & 0xFFFF_FFFFL);
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(1);

        FirmwareRun toMain = board.runFirmware(Duration.ofMillis(1), OptionalLong.of(sym.get("main")));
        assertThat(toMain.stop()).as("the reset handler reaches main").isEqualTo(FirmwareRun.Stop.REACHED);
        try (SimulatedProbe probe = SimulatedProbe.connect(board)) {
            probe.core().run();
        }
        FirmwareRun r = board.runFirmware(Duration.ofMillis(8), OptionalLong.empty());
        assertThat(r.stop()).isEqualTo(FirmwareRun.Stop.TIME_ELAPSED);
        assertThat(r.console()).as("one line per boot; the first boot ends in SYSRESETREQ").isEqualTo(LINE1 + LINE2);
        assertThat(board.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);
        assertThat(word(board, sym.get("g_sysclk_switched"))).isEqualTo(1);
        long lo = word(board, sym.get("g_fp_result"));
        long hi = word(board, sym.get("g_fp_result") + 4);
        assertThat(Double.longBitsToDouble(hi << 32 | lo)).as("VMUL.F64 on the FPv5-D16").isEqualTo(3.75e9);

        long first = word(board, sym.get("counter"));
        long cycles = board.cpu().cycles();
        board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(word(board, sym.get("counter"))).as("counter advances").isGreaterThan(first + 1000);
        // 400 MHz from PLL1: 1 ms holds 400 000 core cycles, some of them flash wait states (not instructions)
        assertThat(board.cpu().cycles() - cycles).isBetween(250_000L, 400_000L);

        // a debugger's SYSRESETREQ reboots the part too: the third boot prints and counts again
        try (SimulatedProbe probe = SimulatedProbe.connect(board)) {
            probe.core().reset(ResetKind.SYSTEM);
        }
        FirmwareRun again = board.runFirmware(Duration.ofMillis(4), OptionalLong.empty());
        assertThat(again.console()).isEqualTo(LINE2.replace("boot 2", "boot 3"));
    }

    @Test
    void withSwapBankTheImageInPhysicalBank2Boots() throws Exception {
        Stm32H7Board board = boardWith(Stm32H7SampleImages.image(Stm32H7SampleImages.CONSOLE));
        try (H7Bench bench = new H7Bench(board)) {
            // image 2 (linked for 0x0800_0000 too) into the inactive bank, SWAP_BANK_OPT = 1, reset
            new BankUpdateOperation(bench.ctx, Stm32H7SampleImages.image(Stm32H7SampleImages.CONSOLE_IMAGE2),
                    BankUpdateOperation.Options.of(Stm32H7Descriptor.SWAP_BANK).withReset(true))
                    .run(FlashProgress.NONE);
        }
        board.powerCycle();
        BootReport boot = board.lastBootReport();
        assertThat(boot.physicalBank()).isEqualTo(2);
        assertThat(board.swapBank()).isTrue();
        FirmwareRun r = board.runFirmware(Duration.ofMillis(8), OptionalLong.empty());
        assertThat(r.console()).startsWith("h7 console sample: image 2, SWAP_BANK=1, 400 MHz, boot 1\r\n")
                .endsWith("boot 2\r\n");
        assertThat(board.cpu().registers().pc() & 0xFFF0_0000).as("executing at 0x0800_0000 = physical bank 2")
                .isEqualTo(0x0800_0000);
    }

    @Test
    void flashWaitStatesCostBoardTime() throws Exception {
        Map<String, Long> sym = symbols(Stm32H7SampleImages.CONSOLE);
        Stm32H7Board board = boardWith(Stm32H7SampleImages.image(Stm32H7SampleImages.CONSOLE));
        FirmwareRun r = board.runFirmware(Duration.ofMillis(8), OptionalLong.of(sym.get("count_forever")));
        assertThat(r.stop()).isEqualTo(FirmwareRun.Stop.REACHED); // after the second boot, at 400 MHz
        long acr = board.descriptor().registers().acr().address();
        var latency = board.descriptor().registers().acr().field(Stm32H7Registers.LATENCY);
        long[] perMs = new long[8];
        try (SimulatedProbe probe = SimulatedProbe.connect(board)) {
            for (int ws : new int[] { 0, 7 }) {
                probe.core().halt();
                probe.memory().write32(acr, latency.insert(probe.memory().read32(acr), ws));
                probe.core().run();
                long before = word(board, sym.get("counter"));
                board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
                perMs[ws] = word(board, sym.get("counter")) - before;
            }
        }
        // the loop opens two flash words per pass; at 7 wait states each costs 7 AXI = 14 core cycles more
        assertThat(perMs[0]).isGreaterThan(10_000);
        assertThat(perMs[7] * 10).as("LATENCY 7 vs 0: %d vs %d passes per ms", perMs[7], perMs[0])
                .isLessThan(perMs[0] * 7);
    }

    /**
     * PCROP (PRAR) areas are execute-only (RM0433 §4.5.5): the core runs code from one, while a data read of its bytes
     * - the debugger's here - is refused with RDPERR.
     */
    @Test
    void codeInAnExecuteOnlyAreaRunsWhileItsBytesCannotBeRead() throws Exception {
        byte[] b = new byte[0x500];
        java.util.Arrays.fill(b, (byte) 0xFF);
        int[][] words = { { 0, 0x2002_0000 }, { 4, 0x0800_0401 } };
        for (int[] w : words) {
            for (int i = 0; i < 4; i++) {
                b[w[0] + i] = (byte) (w[1] >>> (8 * i));
            }
        }
        int[] code = { 0x2000, 0x3001, 0xE7FD }; // movs r0, #0; 1: adds r0, #1; b 1b - no literal pool
        for (int i = 0; i < code.length; i++) {
            b[0x400 + 2 * i] = (byte) code[i];
            b[0x401 + 2 * i] = (byte) (code[i] >>> 8);
        }
        Stm32H7Board board = H7Bench.freshBoard();
        try (H7Bench bench = new H7Bench(board)) {
            bench.driver().program(0x0800_0000L, b, FlashProgress.NONE);
            var image = bench.driver().readOptions();
            var fields = bench.driver().descriptor().optionFields(board.flashSizeKiB(), board.geometry().mode());
            for (String name : new String[] { "PROT_AREA_START1", "PROT_AREA_END1" }) {
                image = image.with(fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(), 4);
            }
            bench.driver().writeOptions(image, FlashProgress.NONE); // 256-byte block 4: 0x0800_0400..0x0800_04FF
        }
        board.powerCycle();
        FirmwareRun r = board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(r.stop()).as("the core fetches from the PCROP area").isEqualTo(FirmwareRun.Stop.TIME_ELAPSED);
        assertThat(board.cpu().registers().r(0)).isGreaterThan(1000);
        assertThat(board.debugBus().read(0x0800_0400L, AccessWidth.WORD))
                .isInstanceOf(dev.flashbank.sim.bus.BusResult.Fault.class);
    }
}
