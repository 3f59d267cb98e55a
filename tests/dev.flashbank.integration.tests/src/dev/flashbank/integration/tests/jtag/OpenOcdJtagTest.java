package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * Issue 10 acceptance, first half: Debian's OpenOCD 0.12 with the stock {@code target/stm32f7x.cfg} drives the
 * simulated STM32F767ZI over remote_bitbang JTAG, and after every step Flashbank's core - reading the same board
 * through its own probe - agrees byte for byte.
 */
public class OpenOcdJtagTest {

    SimulatedBoard board;
    OpenOcdOnBoard served;
    OpenOcd ocd;
    SimulatedProbe probe;
    Stm32F7FlashDriver flashbank;

    @BeforeEach
    void start() throws Exception {
        board = SimulatedBoards.create("STM32F767ZI");
        served = OpenOcdOnBoard.start(board, false, OpenOcd.Target.STM32F7);
        ocd = served.ocd;
        probe = SimulatedProbe.connect(board);
        flashbank = driver();
    }

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private Stm32F7FlashDriver driver() throws TargetException {
        return new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(), new SimulatorPollClock(probe),
                FlashDriverSettings.defaults());
    }

    @Test
    void connectsHaltsAndReadsBothIdcodes() throws Exception {
        String log = ocd.log();
        assertThat(log).contains("stm32f7x.cpu tap/device found: 0x5ba00477")
                .contains("stm32f7x.bs tap/device found: " + String.format("0x%08x", board.line().boundaryScanIdcode()))
                .contains("Cortex-M7");
        ocd.ok("halt");
        assertThat(board.coreHalted()).isTrue();
        String idcode = ocd.ok("mdw 0xE0042000");
        int flashbankIdcode = probe.memory().read32(0xE004_2000L);
        assertThat(idcode).contains(String.format("%08x", flashbankIdcode));
        assertThat(flashbankIdcode & 0xFFF).isEqualTo(0x451); // DEV_ID of the F76x/F77x (OpenOCD src/flash/nor/stm32f2x.c)
        ocd.ok("resume");
        assertThat(board.coreHalted()).isFalse();
    }

    @Test
    void flashInfoSingleBankThenDualBankAfterOptionsWrite() throws Exception {
        ocd.ok("halt");
        ocd.ok("flash probe 0"); // the first "flash info" would probe, and then its table is not captured
        String singleInfo = ocd.ok("flash info 0");
        List<long[]> single = sectors(singleInfo);
        FlashGeometry g = flashbank.geometry();
        assertThat(g.mode()).isEqualTo(BankMode.SINGLE);
        // single bank: OpenOCD's table is the reference manual's, sector for sector
        assertThat(single).as(singleInfo).extracting(s -> s[0] + ":" + s[1])
                .containsExactlyElementsOf(g.sectors().stream().map(s -> s.offset() + ":" + s.size()).toList());
        assertOptionsMatch();

        // nDBANK = 0 through OpenOCD (user_options bit 9 = OPTCR bit 29, see assertOptionsMatch), then a reset
        int user = userOptions(flashbank.readOptions()) & ~(1 << 9);
        OptionBytes before = flashbank.readOptions();
        ocd.ok(String.format("stm32f2x options_write 0 0x%03X 0x%04X 0x%04X", user, before.bootAdd0(),
                before.bootAdd1()));
        assertThat(flashbank.readOptions().nDBank()).as("stored by OPTSTRT").isFalse();
        ocd.ok("reset halt");
        ocd.ok("flash probe 0");
        String info = ocd.ok("flash info 0");
        assertThat(ocd.log()).contains("Dual Bank 2048 kiB");
        FlashGeometry dual = flashbank.reprobe();
        assertThat(dual.mode()).isEqualTo(BankMode.DUAL);
        List<long[]> d = sectors(info);
        // OpenOCD 0.12 knows the bank split (its second half starts at Flashbank's bank-2 offset, and the halves
        // have equal sector counts) but not the F76x dual-bank sector sizes: it lists 32/32/192/256/256/256 KiB
        // per bank where RM0410 has 4x16, 64, 7x128 KiB. That is OpenOCD's table, independent of the target (it
        // does not read sector sizes), so the test pins what matters for erasing: bank boundaries and total size.
        assertThat(d.stream().mapToLong(s -> s[1]).sum()).isEqualTo(dual.totalSize());
        assertThat(d.get(d.size() / 2)[0]).as("first sector of bank 2").isEqualTo(dual.bank(1).size());
        assertThat(d).hasSizeGreaterThan(2).hasSize(d.size() / 2 * 2);
        assertOptionsMatch();
    }

    @Test
    void eraseWriteVerifyAgreeWithFlashbank(@TempDir Path tmp) throws Exception {
        ocd.ok("halt");
        FlashGeometry g = flashbank.geometry();
        Sector s0 = g.sector(0), s1 = g.sector(1), s2 = g.sector(2);
        long base = Stm32F7Window.AXIM.base();
        byte[] seed = new byte[512];
        Arrays.fill(seed, (byte) 0x5A);
        for (Sector s : List.of(s0, s1, s2)) {
            flashbank.program(base + s.offset(), seed, FlashProgress.NONE);
        }

        // erase_sector 1..1: only sector 1 goes back to 0xFF, for OpenOCD and for Flashbank
        ocd.ok("flash erase_sector 0 1 1");
        assertThat(flashbank.readFlash(base + s1.offset(), seed.length)).containsOnly((byte) 0xFF);
        assertThat(flashbank.readFlash(base + s0.offset(), seed.length)).isEqualTo(seed);
        assertSameBytes(tmp, base + s0.offset(), 1024);

        // write_image of a small image into the erased sector, then verify_image (both must succeed)
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 7 + 3);
        }
        Path bin = tmp.resolve("small.bin");
        Files.write(bin, image);
        long at = base + s1.offset();
        ocd.ok(String.format("flash write_image %s 0x%08X bin", bin, at));
        assertThat(flashbank.readFlash(at, image.length)).isEqualTo(image);
        ocd.ok(String.format("verify_image %s 0x%08X bin", bin, at));
        assertThat(flashbank.verify(at, image).ok()).isTrue();
        assertSameBytes(tmp, at - 16, image.length + 32);

        // mass erase: everything blank, OpenOCD's verify of the same image must now fail
        ocd.ok("stm32f2x mass_erase 0");
        assertThat(flashbank.readFlash(base, (int) g.totalSize())).containsOnly((byte) 0xFF);
        assertThat(ocd.exec(String.format("verify_image %s 0x%08X bin", bin, at)).ok()).isFalse();
        assertSameBytes(tmp, at, image.length);
    }

    @Test
    void writeProtectedSectorMakesOpenOcdEraseFail() throws Exception {
        ocd.ok("halt");
        FlashGeometry g = flashbank.geometry();
        Sector s3 = g.sector(3);
        long at = Stm32F7Window.AXIM.base() + s3.offset();
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0x11);
        flashbank.program(at, data, FlashProgress.NONE);
        flashbank.writeOptions(flashbank.readOptions().withWriteProtection(3, true), FlashProgress.NONE);

        ocd.ok("flash probe 0");
        assertThat(ocd.ok("flash info 0")).containsPattern("#\\s+3: 0x0+18000 \\(0x8000 32kB\\) protected");
        OpenOcd.Result erase = ocd.exec("flash erase_sector 0 3 3");
        assertThat(erase.ok()).as("erase of a write-protected sector").isFalse();
        assertThat(ocd.log()).contains("device protected"); // OpenOCD saw FLASH_SR.WRPERR, as on silicon
        assertThat(flashbank.readFlash(at, data.length)).isEqualTo(data);
        // the neighbour is not protected: its erase succeeds
        ocd.ok("flash erase_sector 0 2 2");
    }

    /** OpenOCD's {@code options_read} line against Flashbank's decoding of the same option bytes. */
    private void assertOptionsMatch() throws Exception {
        String out = ocd.ok("stm32f2x options_read 0");
        Matcher m = Pattern.compile("user_options 0x([0-9A-Fa-f]+), boot_add0 0x([0-9A-Fa-f]+), boot_add1 0x([0-9A-Fa-f]+)")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        OptionBytes ob = flashbank.readOptions();
        assertThat(Integer.parseInt(m.group(1), 16)).as("user_options").isEqualTo(userOptions(ob));
        assertThat(Integer.parseInt(m.group(2), 16)).as("boot_add0").isEqualTo(ob.bootAdd0());
        assertThat(Integer.parseInt(m.group(3), 16)).as("boot_add1").isEqualTo(ob.bootAdd1());
    }

    /**
     * OpenOCD's stm32f2x {@code user_options} word for an F76x, built from Flashbank's decoded fields: OpenOCD packs
     * OPTCR[7:2] (nRST_STDBY, nRST_STOP, IWDG_SW, WWDG_SW, BOR_LEV) in bits 7:2 and OPTCR[31:28] (IWDG_STOP,
     * IWDG_STDBY, nDBANK, nDBOOT) in bits 11:8 - OpenOCD's own layout, not the reference manual's.
     */
    public static int userOptions(OptionBytes ob) {
        int v = ob.borLevel().code() << 2;
        v |= (ob.wwdgSw() ? 1 : 0) << 4 | (ob.iwdgSw() ? 1 : 0) << 5 | (ob.nRstStop() ? 1 : 0) << 6
                | (ob.nRstStdby() ? 1 : 0) << 7;
        v |= (ob.nDBoot() ? 1 : 0) << 8 | (ob.nDBank() ? 1 : 0) << 9 | (ob.iwdgStdby() ? 1 : 0) << 10
                | (ob.iwdgStop() ? 1 : 0) << 11;
        return v;
    }

    /** OpenOCD's dump of {@code length} bytes at {@code address} equals Flashbank's read of the same range. */
    private void assertSameBytes(Path tmp, long address, int length) throws Exception {
        Path dump = tmp.resolve("dump-" + Long.toHexString(address) + ".bin");
        ocd.ok(String.format("dump_image %s 0x%08X %d", dump, address, length));
        assertThat(Files.readAllBytes(dump)).isEqualTo(flashbank.readFlash(address, length));
    }

    /** (offset, size) of every sector line of {@code flash info}. */
    public static List<long[]> sectors(String flashInfo) {
        Matcher m = Pattern.compile("#\\s*\\d+: 0x([0-9a-f]+) \\(0x([0-9a-f]+) \\d+kB\\)").matcher(flashInfo);
        List<long[]> r = new ArrayList<>();
        while (m.find()) {
            r.add(new long[] { Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16) });
        }
        return r;
    }
}
