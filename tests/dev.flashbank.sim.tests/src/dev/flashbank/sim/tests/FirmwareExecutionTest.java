package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.sim.FirmwareRun;

/**
 * The simulated F767 executes the repository's sample images (they copy .data, clear .bss and count g_counter in a
 * loop): booted from bank 1 with the factory BOOT_ADD0 and from bank 2 with BOOT_ADD0 = 0x2040, the counter advances
 * as virtual time passes, read through the probe as any tool reads memory.
 */
class FirmwareExecutionTest {

    private static final Duration A_MILLISECOND = Duration.ofMillis(1);

    /** Programs every segment of {@code image} word by word (PSIZE x32), padding with erased bytes. */
    private static void program(Fx fx, FirmwareImage image) throws Exception {
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(Stm32F7Registers.PG) | fx.psize(dev.flashbank.core.device.Parallelism.X32));
        for (Segment s : image.segments()) {
            byte[] d = Arrays.copyOf(s.data(), (s.size() + 3) & ~3);
            Arrays.fill(d, s.size(), d.length, (byte) 0xFF);
            fx.mem.write(s.address(), d, 0, d.length, AccessWidth.WORD);
        }
        fx.waitIdle();
        fx.mem.write32(fx.cr, 0);
    }

    private static Map<String, Long> symbols(String sample) throws Exception {
        return ElfReader.symbols(sample + ".elf", SampleImages.bytes(sample + ".elf"));
    }

    private static long counter(Fx fx, Map<String, Long> symbols) throws Exception {
        return fx.mem.read32(symbols.get("g_counter")) & 0xFFFF_FFFFL;
    }

    @Test
    void bank1SampleBootsAndCounts() throws Exception {
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(SampleImages.BANK1));
        fx.probe.core().reset(ResetKind.SYSTEM);
        Map<String, Long> sym = symbols(SampleImages.BANK1);
        fx.elapse(A_MILLISECOND);
        long first = counter(fx, sym);
        fx.elapse(A_MILLISECOND);
        long second = counter(fx, sym);
        // .data initialised g_counter to 0x12345678 before the loop started counting from there
        assertThat(first).isGreaterThan(0x1234_5678L);
        assertThat(second).isGreaterThan(first);
        assertThat(fx.mem.read32(sym.get("g_version_seen"))).as("the reset handler ran past its copy loops")
                .isEqualTo(sym.get("fw_version").intValue());
        assertThat(fx.board.coreRegister(CortexM.REGSEL_PC) & 0xFFF0_0000).isEqualTo(0x0800_0000);
        assertThat(fx.probe.core().isHalted()).isFalse();
    }

    @Test
    void bank2SampleBootsWithBootAdd0AtBank2() throws Exception {
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(SampleImages.BANK2));
        fx.programOptions(fx.board.storedOptions().withBootAddress0(0x0810_0000L, fx.board.flashSizeKiB()));
        fx.probe.core().reset(ResetKind.SYSTEM);
        Map<String, Long> sym = symbols(SampleImages.BANK2);
        fx.elapse(A_MILLISECOND);
        long first = counter(fx, sym);
        fx.elapse(A_MILLISECOND);
        assertThat(counter(fx, sym)).isGreaterThan(first).isGreaterThan(0x1234_5678L);
        assertThat(fx.board.coreRegister(CortexM.REGSEL_PC) & 0xFFF0_0000).as("running in bank 2")
                .isEqualTo(0x0810_0000);
    }

    @Test
    void aRunStopsWhereAskedAndHaltsThere() throws Exception {
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(SampleImages.BANK1));
        fx.probe.core().reset(ResetKind.SYSTEM);
        long handler = symbols(SampleImages.BANK1).get("Reset_Handler");
        // from a fresh reset the core is at the reset handler's first instruction: stop at it after a reset
        fx.board.reset(ResetKind.SYSTEM);
        FirmwareRun r = fx.board.runFirmware(Duration.ofMillis(10), OptionalLong.of(handler));
        assertThat(r.stop()).isEqualTo(FirmwareRun.Stop.REACHED);
        assertThat(r.pc() & 0xFFFF_FFFFL).isEqualTo(handler & ~1L);
        assertThat(fx.board.coreHalted()).as("halted at the stop address, as at a breakpoint").isTrue();

        FirmwareRun none = fx.board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(none.stop()).as("a halted core does not run").isEqualTo(FirmwareRun.Stop.HALTED);
        assertThat(none.elapsed()).isZero();
    }

    @Test
    void virtualTimeFollowsTheCoreClock() throws Exception {
        // HSI 16 MHz after reset: 1 ms of virtual time is 16000 cycles of the sample's loop
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(SampleImages.BANK1));
        fx.probe.core().reset(ResetKind.SYSTEM);
        long start = fx.board.cpu().cycles();
        FirmwareRun r = fx.board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(r.stop()).isEqualTo(FirmwareRun.Stop.TIME_ELAPSED);
        long cycles = fx.board.cpu().cycles() - start;
        assertThat(cycles).isBetween(16_000L - 64, 16_000L + 64);
    }

    /** The start-up sample: CubeMX's 216 MHz clock tree, SysTick, USART3 console, SWP_FB when bank 2 has a copy. */
    private static final String CONSOLE = "console-app";

    @Test
    void startUpCodeReachesMainConfiguresTheClockAndPrintsOnTheConsole() throws Exception {
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(CONSOLE));
        fx.board.reset(ResetKind.SYSTEM);
        Map<String, Long> sym = symbols(CONSOLE);
        FirmwareRun toMain = fx.board.runFirmware(Duration.ofMillis(5), OptionalLong.of(sym.get("main")));
        assertThat(toMain.stop()).isEqualTo(FirmwareRun.Stop.REACHED);
        fx.probe.core().run();

        FirmwareRun r = fx.board.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        assertThat(r.stop()).isEqualTo(FirmwareRun.Stop.TIME_ELAPSED);
        assertThat(r.console()).isEqualTo("console sample: bank 1, 216 MHz, 10 ms\r\n");
        assertThat(fx.board.consoleOutput()).isEqualTo(r.console());
        assertThat(fx.mem.read32(sym.get("g_sysclk_switched"))).isEqualTo(1);
        // SysTick at 1 kHz from the 216 MHz PLL: about 20 ticks in the 20 ms (the first ms ran at HSI 16 MHz)
        assertThat(fx.mem.read32(sym.get("g_ticks"))).isBetween(18, 21);
        long before = fx.board.cpu().cycles();
        fx.board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(fx.board.cpu().cycles() - before).as("1 ms at HCLK = 216 MHz").isBetween(215_000L, 217_000L);
    }

    /**
     * console.c's image header: the vector table's reserved words 7 and 8 hold the magic ("FLBK") and the build's
     * version (1 as built).
     */
    private static final int HEADER_MAGIC_OFFSET = 7 * 4;
    private static final int HEADER_VERSION_OFFSET = 8 * 4;
    private static final int IMAGE_MAGIC = 0x4B424C46;

    /**
     * The console sample for bank 2: its own code at the same addresses (the REMAP scheme) with {@code bank_id} and
     * the header's version word patched, and the reset vector moved by {@code resetShift}.
     */
    private static FirmwareImage bank2Copy(int bankId, int version, int resetShift) throws Exception {
        FirmwareImage image = SampleImages.image(CONSOLE);
        long bankIdAt = symbols(CONSOLE).get("bank_id");
        long vectors = symbols(CONSOLE).get("g_vectors");
        java.util.List<Segment> copy = new java.util.ArrayList<>();
        for (Segment s : image.segments()) {
            java.nio.ByteBuffer d = java.nio.ByteBuffer.wrap(s.data().clone()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (s.address() <= bankIdAt && bankIdAt + 4 <= s.end()) {
                d.putInt((int) (bankIdAt - s.address()), bankId);
            }
            if (s.address() <= vectors && vectors + 0x40 <= s.end()) {
                int at = (int) (vectors - s.address());
                assertThat(d.getInt(at + HEADER_MAGIC_OFFSET)).as("the sample's header magic").isEqualTo(IMAGE_MAGIC);
                assertThat(d.getInt(at + HEADER_VERSION_OFFSET)).as("the sample's version as built").isEqualTo(1);
                d.putInt(at + HEADER_VERSION_OFFSET, version);
                d.putInt(at + 4, d.getInt(at + 4) + resetShift);
            }
            copy.add(new Segment(s.address() + 0x10_0000, d.array(), "bank 2 copy"));
        }
        return FirmwareImage.of("bank 2 copy", image.format(), copy, OptionalLong.empty());
    }

    @Test
    void firmwareThatSetsSwpFbAtStartUpRunsFromBank2AfterEveryReset() throws Exception {
        Fx fx = Fx.dualBank();
        program(fx, SampleImages.image(CONSOLE));
        // a newer build in bank 2: version 2, bank_id = 2 (the REMAP scheme: the same code at the same addresses)
        program(fx, bank2Copy(2, 2, 0));
        long bankId = symbols(CONSOLE).get("bank_id");
        for (int boot = 0; boot < 2; boot++) {
            fx.board.reset(ResetKind.SYSTEM);
            assertThat(fx.board.swpFb()).as("SWP_FB is 0 after every reset").isFalse();
            FirmwareRun r = fx.board.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
            assertThat(r.console()).isEqualTo("console sample: bank 2, 216 MHz, 10 ms\r\n");
            assertThat(fx.board.swpFb()).isTrue();
            assertThat(fx.mem.read32(bankId)).as("the debugger sees bank 2 at 0x08000000 too").isEqualTo(2);
        }
    }

    /**
     * The start-up sample switches only to a newer build of itself: not to the 2.0.0 sample (no header, linked for
     * 0x08100000: the README's quick-start board), not to the same version, not to a newer one whose reset vector
     * lies outside the 0x08000000 slot it would start in.
     */
    @Test
    void firmwareStaysInBank1UnlessBank2HoldsANewerBuildWithValidVectors() throws Exception {
        Map<String, FirmwareImage> bank2 = new java.util.LinkedHashMap<>();
        bank2.put("the 2.0.0 sample", SampleImages.image(SampleImages.BANK2));
        bank2.put("the same version", bank2Copy(2, 1, 0));
        bank2.put("an older version", bank2Copy(2, 0, 0));
        bank2.put("a newer build linked for 0x08100000", bank2Copy(2, 2, 0x10_0000));
        for (Map.Entry<String, FirmwareImage> e : bank2.entrySet()) {
            Fx fx = Fx.dualBank();
            program(fx, SampleImages.image(CONSOLE));
            program(fx, e.getValue());
            fx.board.reset(ResetKind.SYSTEM);
            FirmwareRun r = fx.board.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
            assertThat(r.console()).as(e.getKey()).isEqualTo("console sample: bank 1, 216 MHz, 10 ms\r\n");
            assertThat(fx.board.swpFb()).as(e.getKey()).isFalse();
        }
    }
}
