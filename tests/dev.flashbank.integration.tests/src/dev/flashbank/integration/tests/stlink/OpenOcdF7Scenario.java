package dev.flashbank.integration.tests.stlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.integration.tests.jtag.OpenOcdJtagTest;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * The issue-18 acceptance steps stock OpenOCD runs with its stock {@code target/stm32f7x.cfg} against a simulated F7
 * behind the emulated ST-Link, whichever of its ST-Link drivers (hla or DAP-direct) carries them; Flashbank's core,
 * reading the same board, checks every step. Shared by {@link OpenOcdStlinkDapTest} and
 * {@link OpenOcdStlinkHlaMatrixTest} so that both modes run the same matrix.
 */
final class OpenOcdF7Scenario {

    static final int PAYLOAD_BYTES = 200 * 1024;

    private OpenOcdF7Scenario() {
    }

    /**
     * The two peers a test starts - the stlink-server and the OpenOCD connected to it - closed when the test ends,
     * however it ends (a JUnit {@code @AutoClose} field): OpenOCD first (it closes the APs it opened and leaves debug
     * mode through the server), then the server.
     */
    static final class Peers implements AutoCloseable {
        private StlinkServer server;
        private OpenOcd ocd;

        /** {@code s}, to be closed after OpenOCD. */
        StlinkServer serve(StlinkServer s) {
            server = s;
            return s;
        }

        /** {@code o}, to be closed first. */
        OpenOcd connect(OpenOcd o) {
            ocd = o;
            return o;
        }

        /** Closes OpenOCD now (a test's checks of the whole session come after it quit) and returns its log. */
        String closeOpenOcd() throws Exception {
            String log = ocd.log();
            OpenOcd o = ocd;
            ocd = null;
            o.close();
            return log;
        }

        @Override
        public void close() throws Exception {
            try {
                if (ocd != null) {
                    ocd.close();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    /**
     * One served board: {@code c}'s simulated F7 behind its emulated probe, counted on the wire and served by a
     * {@link StlinkServer} on a free port, and Flashbank's core on the same board.
     */
    record Served(SimulatedBoard board, ServedStlinkBoard served, OpenOcdStlinkDapTest.CountingTransport wire,
            StlinkServer server, SimulatedProbe probe, Stm32F7FlashDriver flashbank, boolean blank) {

        static Served serve(OpenOcdStlinkDapTest.Case c, double timeScale, Peers peers) throws Exception {
            SimulatedBoard board = c.board().get();
            ServedStlinkBoard served = ServedStlinkBoard.of(board, c.probe(), timeScale);
            OpenOcdStlinkDapTest.CountingTransport wire = new OpenOcdStlinkDapTest.CountingTransport(served.emulator());
            StlinkServer.ServedProbe p = served.served();
            StlinkServer server = peers.serve(StlinkServer.start(
                    List.of(new StlinkServer.ServedProbe(p.serial(), p.vendorId(), p.productId(), wire, p.lock())),
                    StlinkServer.DEFAULT_VERSION, 0, line -> {
                    }));
            SimulatedProbe probe = SimulatedProbe.connect(board);
            Stm32F7FlashDriver flashbank = new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(),
                    new SimulatorPollClock(probe), FlashDriverSettings.defaults());
            // a blank part locks up at reset (vector table 0xFFFFFFFF); OpenOCD reports that for real silicon too
            boolean blank = OpenOcdStlinkDapTest.isBlank(flashbank.readFlash(Stm32F7Window.AXIM.base(), 8));
            return new Served(board, served, wire, server, probe, flashbank, blank);
        }

        /** Neither the emulator nor the server saw a protocol violation. */
        void assertNoViolations() {
            assertThat(served.emulator().violations()).as("emulator: protocol violations").isEmpty();
            assertThat(server.violations()).as("stlink-server: protocol violations").isEmpty();
        }
    }

    /**
     * halt, a DBGMCU_IDCODE read, flash probe / info (single bank: the RM0410 table sector for sector; dual: the
     * bank-2 offset), options_read = Flashbank's OPTCR decoding.
     */
    static void probeInfoAndOptions(OpenOcd ocd, SimulatedBoard board, SimulatedProbe probe,
            Stm32F7FlashDriver flashbank) throws Exception {
        ocd.ok("halt");
        assertThat(board.coreHalted()).isTrue();
        assertThat(ocd.ok("mdw 0xE0042000")).contains(String.format("%08x", probe.memory().read32(0xE004_2000L)));

        // flash probe / info: DEV_ID, size and bank mode read through the probe
        ocd.ok("flash probe 0");
        String info = ocd.ok("flash info 0");
        FlashGeometry g = flashbank.geometry();
        List<long[]> sectors = OpenOcdJtagTest.sectors(info);
        assertThat(sectors.stream().mapToLong(s -> s[1]).sum()).as(info).isEqualTo(g.totalSize());
        if (g.mode() == BankMode.DUAL) {
            // OpenOCD lists its own F76x dual-bank table (nWRP blocks); the bank split is what matters
            assertThat(sectors.get(sectors.size() / 2)[0]).as("first sector of bank 2").isEqualTo(g.bank(1).size());
        } else {
            assertThat(sectors).as(info).extracting(s -> s[0] + ":" + s[1])
                    .containsExactlyElementsOf(g.sectors().stream().map(s -> s.offset() + ":" + s.size()).toList());
        }

        // options_read: the same OPTCR/OPTCR1 Flashbank decodes
        String options = ocd.ok("stm32f2x options_read 0");
        Matcher m = Pattern.compile(
                "user_options 0x([0-9A-Fa-f]+), boot_add0 0x([0-9A-Fa-f]+), boot_add1 0x([0-9A-Fa-f]+)")
                .matcher(options);
        assertThat(m.find()).as(options).isTrue();
        OptionBytes ob = flashbank.readOptions();
        // nDBOOT/nDBANK (user_options bits 9:8) exist on dual-bank-capable parts only; on the F72x OpenOCD prints the
        // reserved OPTCR bits there
        int compared = board.descriptor().dualBankCapable() ? 0xFFF : 0xCFF;
        assertThat(Integer.parseInt(m.group(1), 16) & compared).as("user_options")
                .isEqualTo(OpenOcdJtagTest.userOptions(ob) & compared);
        assertThat(Integer.parseInt(m.group(2), 16)).as("boot_add0").isEqualTo(ob.bootAdd0());
        assertThat(Integer.parseInt(m.group(3), 16)).as("boot_add1").isEqualTo(ob.bootAdd1());
    }

    /**
     * mass_erase (all of flash blank for Flashbank), write_image of the {@link #PAYLOAD_BYTES} payload in
     * {@code format} (Intel HEX or S-record), verify_image, and OpenOCD's dump equals Flashbank's read.
     */
    static void massEraseWriteVerifyDump(OpenOcd ocd, Stm32F7FlashDriver flashbank, ImageFormat format, Path tmp)
            throws Exception {
        long base = Stm32F7Window.AXIM.base();
        FlashGeometry g = flashbank.geometry();
        ocd.ok("stm32f2x mass_erase 0");
        assertThat(flashbank.readFlash(base, (int) g.totalSize())).containsOnly((byte) 0xFF);

        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(18).nextBytes(payload);
        boolean hex = format == ImageFormat.INTEL_HEX;
        Path image = tmp.resolve(hex ? "payload.hex" : "payload.s19");
        ImageWriter.write(FirmwareImage.ofBytes("payload", base, payload), format, image);
        String type = hex ? "ihex" : "s19";
        ocd.ok("flash write_image " + image + " 0 " + type);
        assertThat(flashbank.readFlash(base, payload.length)).isEqualTo(payload);
        ocd.ok("verify_image " + image + " 0 " + type);
        Path dump = tmp.resolve("openocd-dump-" + type + ".bin");
        int dumpLength = payload.length + 4096;
        ocd.ok(String.format("dump_image %s 0x%08X %d", dump, base, dumpLength));
        assertThat(Files.readAllBytes(dump)).isEqualTo(flashbank.readFlash(base, dumpLength));
    }

    /**
     * The option-byte side (OpenOCD halted and probed): {@code options_write} seen by Flashbank, {@code flash protect}
     * setting nWRP so that OpenOCD's erase of that sector fails with WRPERR as on silicon (the sector keeps its bytes,
     * its neighbour erases), {@code lock} to RDP level 1 and {@code unlock} back to level 0, which mass-erases the
     * flash. OpenOCD logs "device protected" and "failed erasing sectors" for the refused erase.
     */
    static void optionsProtectionAndReadoutProtection(OpenOcd ocd, Stm32F7FlashDriver flashbank) throws Exception {
        // options_write: WWDG_SW (OPTCR and OpenOCD user_options bit 4, RM0410) and BOOT_ADD1 changed, the rest kept
        OptionBytes before = flashbank.readOptions();
        int user = OpenOcdJtagTest.userOptions(before) ^ (1 << 4);
        int bootAdd1 = before.bootAdd1() ^ 0x0001;
        ocd.ok(String.format("stm32f2x options_write 0 0x%03X 0x%04X 0x%04X", user, before.bootAdd0(), bootAdd1));
        OptionBytes after = flashbank.readOptions();
        assertThat(after.wwdgSw()).isNotEqualTo(before.wwdgSw());
        assertThat(after.bootAdd1()).isEqualTo(bootAdd1);
        assertThat(after.bootAdd0()).isEqualTo(before.bootAdd0());
        assertThat(OpenOcdJtagTest.userOptions(after)).isEqualTo(user);

        // flash protect on OpenOCD's protection block 3 = nWRP bit 3 (Stm32F7Geometry.nWrpBit: in dual-bank mode one
        // bit covers sectors 2i and 2i+1): that sector write-protected for Flashbank; OpenOCD's erase of it fails (its
        // erase_sector counts real sectors), its unprotected neighbour's succeeds
        FlashGeometry g = flashbank.geometry();
        long base = Stm32F7Window.AXIM.base();
        int block = 3;
        int protectedSector = g.mode() == BankMode.DUAL ? 2 * block : block;
        int neighbour = protectedSector - 1;
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0x11);
        for (int sector : new int[] { neighbour, protectedSector }) {
            flashbank.eraseSector(g.sector(sector)); // the payload may be there
            flashbank.program(base + g.sector(sector).offset(), data, FlashProgress.NONE);
        }
        ocd.ok(String.format("flash protect 0 %d %d on", block, block));
        assertThat(flashbank.readOptions().isWriteProtected(protectedSector)).isTrue();
        assertThat(flashbank.readOptions().isWriteProtected(neighbour)).isFalse();
        OpenOcd.Result refused = ocd.exec(
                String.format("flash erase_sector 0 %d %d", protectedSector, protectedSector));
        assertThat(refused.ok()).as("erase of a write-protected sector").isFalse();
        // FLASH_SR.WRPERR, as on silicon (the command's own output: the log file may not have it yet)
        assertThat(refused.output()).contains("device protected");
        assertThat(flashbank.readFlash(base + g.sector(protectedSector).offset(), data.length)).isEqualTo(data);
        ocd.ok(String.format("flash erase_sector 0 %d %d", neighbour, neighbour));
        assertThat(flashbank.readFlash(base + g.sector(neighbour).offset(), data.length)).containsOnly((byte) 0xFF);
        ocd.ok(String.format("flash protect 0 %d %d off", block, block));
        assertThat(flashbank.readOptions().isWriteProtected(protectedSector)).isFalse();

        // lock: RDP level 1; unlock: back to level 0, which erases the flash
        ocd.ok("stm32f2x lock 0");
        assertThat(flashbank.readOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);
        ocd.ok("stm32f2x unlock 0");
        assertThat(flashbank.readOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(flashbank.readFlash(base + g.sector(protectedSector).offset(), data.length))
                .containsOnly((byte) 0xFF);
    }

    /** The errors OpenOCD logs for the refused erase of {@link #optionsProtectionAndReadoutProtection}. */
    static final String[] REFUSED_ERASE_ERRORS = { "device protected", "failed erasing sectors" };
}
