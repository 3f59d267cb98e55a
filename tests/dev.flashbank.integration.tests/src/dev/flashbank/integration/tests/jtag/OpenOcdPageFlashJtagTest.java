package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Issue 17 "real peer", first part: Debian's OpenOCD 0.12 with the stock {@code target/stm32g4x.cfg} and
 * {@code target/stm32l4x.cfg} (no work area: its stm32l4x driver writes double words through single memory accesses)
 * drives the simulated STM32G474RE and STM32L476RG over remote_bitbang JTAG - identification, probe,
 * {@code stm32l4x mass_erase / option_read / option_write / option_load / wrp_info}, {@code flash write_image} across
 * the bank boundary, {@code verify_image}, {@code flash protect} - and after each step Flashbank, reading the same
 * board through its simulated probe, sees the same bytes, and the board's option bytes (stored and in force) are the
 * values OpenOCD reads and writes.
 * <p>
 * OpenOCD's {@code option_read <bank> <offset>} takes the byte offset from FLASH_BASE (RM0440 §3.7: OPTR 0x20, WRP1AR
 * 0x2C); {@code option_write} programs with OPTSTRT (the value is stored, in force after {@code option_load}, which
 * sets OBL_LAUNCH and resets the part under the access).
 */
class OpenOcdPageFlashJtagTest {

    static final long FLASH = 0x0800_0000L;

    static OpenOcd.Target target(String script, String cpu) {
        return new OpenOcd.Target(script, List.of(), cpu);
    }

    static long word(String mdwOrOptionRead) {
        // "Option Register: <0x40022020> = 0xffeff8aa" (option_read; a re-probe may log other "= 0x.." lines before
        // it) or "0xe0042000: 20010469" (mdw)
        Matcher m = Pattern.compile(">\\s*= (0x[0-9a-fA-F]+)|: ([0-9a-fA-F]{8})").matcher(mdwOrOptionRead);
        assertThat(m.find()).as(mdwOrOptionRead).isTrue();
        return Long.decode(m.group(1) != null ? m.group(1) : "0x" + m.group(2));
    }

    static byte[] read(SimulatedProbe probe, long address, int length) throws Exception {
        return probe.memory().read(address, length, AccessWidth.WORD);
    }

    @ParameterizedTest
    @CsvSource({ "STM32G474RE, target/stm32g4x.cfg, stm32g4x.cpu, 0x469, 512, 0x40000",
            "STM32L476RG, target/stm32l4x.cfg, stm32l4x.cpu, 0x415, 1024, 0x80000" })
    void stockOpenOcdProgramsProtectsAndReloadsOptionsAsFlashbankSeesIt(String part, String script, String cpu,
            String devId, int kib, String bank2Offset, @TempDir Path tmp) throws Exception {
        BenchBoard board = InstalledFamilies.simulated().create(part, BoardOptions.defaults());
        long bank2 = FLASH + Long.decode(bank2Offset);
        try (OpenOcdOnBoard served = OpenOcdOnBoard.start(board, false, target(script, cpu))) {
            OpenOcd ocd = served.ocd;
            SimulatedProbe probe = SimulatedProbe.connect(board);
            assertThat(ocd.log()).contains("tap/device found: 0x4ba00477").contains("Cortex-M4 r0p1");
            ocd.ok("halt");
            assertThat(word(ocd.ok("mdw 0xE0042000")) & 0xFFF).isEqualTo(Long.decode(devId));
            assertThat(word(ocd.ok("mdw 0xE0042000"))).isEqualTo(probe.memory().read32(0xE004_2000L) & 0xFFFF_FFFFL);
            ocd.ok("flash probe 0");
            assertThat(ocd.log()).contains("flash size = " + kib + " KiB").contains("dual-bank");
            assertThat(word(ocd.ok("stm32l4x option_read 0 0x20")))
                    .isEqualTo(board.optionImageInForce().orElseThrow().word("OPTR") & 0xFFFF_FFFFL);
            assertThat(ocd.ok("stm32l4x wrp_info 0")).contains("no protected areas");

            // mass erase (MER1 | MER2), then an image across the bank boundary, written and verified by OpenOCD
            ocd.ok("stm32l4x mass_erase 0");
            assertThat(board.readCells(1, 0, 4096)).containsOnly((byte) 0xFF);
            byte[] image = new byte[12 * 1024];
            new Random(17).nextBytes(image);
            Path bin = tmp.resolve("image.bin");
            Files.write(bin, image);
            long at = bank2 - 6 * 1024;
            ocd.ok(String.format("flash write_image erase %s 0x%08X bin", bin, at));
            ocd.ok(String.format("verify_image %s 0x%08X bin", bin, at));
            assertThat(read(probe, at, image.length)).isEqualTo(image);
            assertThat(board.readCells(2, 0, 6 * 1024)).isEqualTo(Arrays.copyOfRange(image, 6 * 1024, image.length));
            Path back = tmp.resolve("back.bin");
            ocd.ok(String.format("dump_image %s 0x%08X %d", back, at, image.length));
            assertThat(Files.readAllBytes(back)).isEqualTo(read(probe, at, image.length));

            // flash protect = WRP1A pages 1..2 through OPTSTRT: stored now, in force after option_load
            ocd.ok("flash protect 0 1 2 on");
            long wrp = word(ocd.ok("stm32l4x option_read 0 0x2c"));
            assertThat(board.storedOptionImage().orElseThrow().word("WRP1AR") & 0xFFFF_FFFFL).isEqualTo(wrp);
            assertThat(wrp & 0x00FF_00FFL).isEqualTo(0x0002_0001L);
            ocd.ok("stm32l4x option_load 0");
            assertThat(board.optionImageInForce().orElseThrow().word("WRP1AR") & 0xFFFF_FFFFL).isEqualTo(wrp);
            ocd.ok("flash probe 0");
            assertThat(ocd.ok("stm32l4x wrp_info 0")).contains("[1,2]");
            int pageSize = board.geometry().bank(1).sectors().get(0).size();
            byte[] page1 = read(probe, FLASH + pageSize, pageSize);
            assertThat(ocd.exec("flash erase_sector 0 1 1").ok()).as("erase of a write-protected page").isFalse();
            assertThat(read(probe, FLASH + pageSize, pageSize)).isEqualTo(page1);
            ocd.ok("flash protect 0 1 2 off");
            ocd.ok("stm32l4x option_load 0");
            ocd.ok("flash probe 0");
            assertThat(ocd.ok("stm32l4x wrp_info 0")).contains("no protected areas");

            // option_write of OPTR (BFB2, bit 20) with a mask, then option_load: the part reboots with it in force
            ocd.ok("stm32l4x option_write 0 0x20 0x00100000 0x00100000");
            assertThat(board.storedOptionImage().orElseThrow().word("OPTR") & 0x0010_0000).isNotZero();
            assertThat(board.optionImageInForce().orElseThrow().word("OPTR") & 0x0010_0000).isZero();
            ocd.ok("stm32l4x option_load 0");
            assertThat(board.optionImageInForce().orElseThrow().word("OPTR") & 0x0010_0000).isNotZero();
            ocd.ok("flash probe 0"); // option_load left the bank un-probed; a probe inside option_read eats its answer
            assertThat(word(ocd.ok("stm32l4x option_read 0 0x20")))
                    .isEqualTo(board.optionImageInForce().orElseThrow().word("OPTR") & 0xFFFF_FFFFL);
        }
    }
}
