package dev.flashbank.integration.tests.stlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.integration.tests.jtag.OpenOcdJtagTest;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * Issue 18: the ST-Link emulator meets an implementation it did not write. {@code flashbank sim serve --stlink-port}'s
 * pieces ({@link ServedStlinkBoard} behind {@link StlinkServer}) serve the simulated dual-bank STM32F767ZI, and stock
 * OpenOCD 0.12 drives it with its own ST-Link driver in HLA mode over the stlink-server backend ({@code adapter driver
 * hla}, {@code hla_stlink_backend tcp}) and the stock {@code target/stm32f7x.cfg} with {@code set WORKAREASIZE 0} (on
 * purpose: the board runs OpenOCD's RAM loader as well, {@code OpenOcdFlashLoaderTest}; without a work area every
 * half-word goes through the emulated probe's memory commands, the path a target without free RAM takes): probe,
 * flash info, options_read, mass_erase, write_image of Intel HEX and S-record payloads,
 * verify_image, dump_image. Flashbank's core, reading the same board, agrees after every step; neither the emulator nor the
 * server sees a protocol violation. Then Flashbank's own client works on the same served probe over
 * {@code --probe tcp:127.0.0.1:<port>/<serial>}: {@code read} equals OpenOCD's dump, and {@code info},
 * {@code program}, {@code verify} and {@code bank-update} run against it.
 */
class OpenOcdStlinkTcpTest {

    /** Board time runs 100x faster than real time: OpenOCD's 1 ms erase polls cover a mass erase quickly. */
    static final double TIME_SCALE = 100;

    SimulatedBoard board;
    ServedStlinkBoard served;
    @AutoClose
    final OpenOcdF7Scenario.Peers peers = new OpenOcdF7Scenario.Peers();
    StlinkServer server;
    final List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
    OpenOcd ocd;
    SimulatedProbe probe;
    Stm32F7FlashDriver flashbank;
    @TempDir
    Path tmp;
    String previousHome;

    @BeforeEach
    void start() throws Exception {
        // the CLI's backups and journals go below the test's directory, never to ~/.flashbank
        previousHome = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
        board = SimulatedBoards.createDefault(); // dual-bank F767, sample 1.0.0 in physical bank 1
        served = ServedStlinkBoard.of(board, ServedStlinkBoard.DEFAULT_PROBE, TIME_SCALE);
        server = peers.serve(StlinkServer.start(List.of(served.served()), StlinkServer.DEFAULT_VERSION, 0,
                serverLog::add));
        probe = SimulatedProbe.connect(board);
        flashbank = new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(),
                new SimulatorPollClock(probe), FlashDriverSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        if (previousHome == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", previousHome);
        }
    }

    /**
     * The hla adapter on the stlink-server backend, as {@code flashbank sim serve --stlink-port} prints it, plus
     * {@code set WORKAREASIZE 0}: these tests take OpenOCD's no-work-area path on purpose (see the class comment).
     */
    static List<String> hlaOverTcp(int port, String serial) {
        return hlaOverTcp(port, serial, ServedStlinkBoard.DEFAULT_PROBE.product().productId());
    }

    /** The same for a probe of another product id (an STLINK-V3, an ST-LINK/V2). */
    static List<String> hlaOverTcp(int port, String serial, int productId) {
        return List.of("adapter driver hla", "hla_layout stlink", "hla_device_desc \"ST-LINK\"",
                String.format("hla_vid_pid 0x%04x 0x%04x", StlinkProduct.VENDOR_ID, productId),
                "hla_stlink_backend tcp " + port, "adapter serial " + serial, "set WORKAREASIZE 0");
    }

    @Test
    void openOcdDrivesTheServedBoardInHlaModeAndFlashbankReadsTheSameBytes() throws Exception {
        ocd = peers.connect(OpenOcd.start(hlaOverTcp(server.port(), board.serial()), List.of(), false,
                OpenOcd.Target.STM32F7));
        assertThat(ocd.log()).contains("connected to stlink-server")
                .contains("stlink-server API v2, version 0.1.0")
                .contains("STLINK V2J37M26 (API v2) VID:PID 0483:374B")
                .contains("Target voltage: 3.3")
                .contains("Cortex-M7");

        ocd.ok("halt");
        assertThat(board.coreHalted()).isTrue();
        assertThat(ocd.ok("mdw 0xE0042000")).contains(String.format("%08x", probe.memory().read32(0xE004_2000L)));

        // flash probe/info: OpenOCD reads the DEV_ID, size and dual-bank mode through the emulated probe
        ocd.ok("flash probe 0");
        String info = ocd.ok("flash info 0");
        FlashGeometry g = flashbank.geometry();
        assertThat(ocd.log()).contains("Dual Bank 2048 kiB");
        List<long[]> sectors = OpenOcdJtagTest.sectors(info);
        assertThat(sectors.stream().mapToLong(s -> s[1]).sum()).as(info).isEqualTo(g.totalSize());
        assertThat(sectors.get(sectors.size() / 2)[0]).as("first sector of bank 2").isEqualTo(g.bank(1).size());

        // options_read: OpenOCD's user_options / boot_add words from the same OPTCR/OPTCR1 Flashbank decodes
        String options = ocd.ok("stm32f2x options_read 0");
        Matcher m = Pattern.compile("user_options 0x([0-9A-Fa-f]+), boot_add0 0x([0-9A-Fa-f]+), boot_add1 0x([0-9A-Fa-f]+)")
                .matcher(options);
        assertThat(m.find()).as(options).isTrue();
        OptionBytes ob = flashbank.readOptions();
        assertThat(Integer.parseInt(m.group(1), 16)).as("user_options").isEqualTo(OpenOcdJtagTest.userOptions(ob));
        assertThat(Integer.parseInt(m.group(2), 16)).as("boot_add0").isEqualTo(ob.bootAdd0());
        assertThat(Integer.parseInt(m.group(3), 16)).as("boot_add1").isEqualTo(ob.bootAdd1());

        // mass erase: both banks blank for Flashbank
        ocd.ok("stm32f2x mass_erase 0");
        long base = Stm32F7Window.AXIM.base();
        assertThat(flashbank.readFlash(base, (int) g.totalSize())).containsOnly((byte) 0xFF);

        // write_image of a 48 KiB Intel HEX payload across three sectors, verify_image (then an S-record one), dump =
        // Flashbank's read
        byte[] payload = new byte[48 * 1024];
        new Random(18).nextBytes(payload);
        long at = base + g.sector(1).offset();
        Path hex = tmp.resolve("payload.hex");
        ImageWriter.write(FirmwareImage.ofBytes("payload", at, payload), ImageFormat.INTEL_HEX, hex);
        ocd.ok("flash write_image " + hex + " 0 ihex");
        assertThat(flashbank.readFlash(at, payload.length)).isEqualTo(payload);
        ocd.ok("verify_image " + hex + " 0 ihex");
        // and a 16 KiB S-record payload into the next (erased) sector
        byte[] srecPayload = new byte[16 * 1024];
        new Random(19).nextBytes(srecPayload);
        long srecAt = base + g.sector(4).offset();
        assertThat(srecAt).isGreaterThanOrEqualTo(at + payload.length);
        Path srec = tmp.resolve("payload.srec");
        ImageWriter.write(FirmwareImage.ofBytes("payload", srecAt, srecPayload), ImageFormat.SREC, srec);
        ocd.ok("flash write_image " + srec + " 0 s19");
        assertThat(flashbank.readFlash(srecAt, srecPayload.length)).isEqualTo(srecPayload);
        ocd.ok("verify_image " + srec + " 0 s19");
        Path dump = tmp.resolve("openocd-dump.bin");
        long dumpAt = base;
        int dumpLength = (int) (srecAt - base) + srecPayload.length + 1024;
        ocd.ok(String.format("dump_image %s 0x%08X %d", dump, dumpAt, dumpLength));
        byte[] openOcdBytes = Files.readAllBytes(dump);
        assertThat(openOcdBytes).isEqualTo(flashbank.readFlash(dumpAt, dumpLength));

        long commands = served.emulator().exchangeCount();
        assertThat(commands).as("ST-Link commands OpenOCD sent").isGreaterThan((payload.length + srecPayload.length) / 2);
        assertThat(served.emulator().violations()).as("emulator: protocol violations").isEmpty();
        assertThat(server.violations()).as("stlink-server: protocol violations").isEmpty();
        peers.closeOpenOcd();
        ocd = null;

        // Flashbank's own client on the same served probe: its read equals OpenOCD's dump
        Path read = tmp.resolve("flashbank-read.bin");
        cli("read", "--range", String.format("0x%08X+%d", dumpAt, dumpLength), "--out", read.toString());
        assertThat(Files.readAllBytes(read)).isEqualTo(openOcdBytes);
        assertThat(served.emulator().violations()).isEmpty();
        assertThat(server.violations()).isEmpty();
        System.out.printf("OpenOcdStlinkTcpTest: %d ST-Link commands from OpenOCD (hla over stlink-server), 0 violations%n",
                commands);
    }

    @Test
    void flashbanksClientOverTcpRunsInfoProgramVerifyAndBankUpdate() throws Exception {
        Path samples = SampleImages.FIRMWARE.extractTo(tmp.resolve("samples"));
        String info = cli("info");
        assertThat(info).contains("via stlink-server 127.0.0.1:" + server.port()).contains("dual bank")
                .contains("V2J37M26");

        Path bank1 = samples.resolve(SampleImages.BANK1 + ".hex");
        cli("program", bank1.toString());
        cli("verify", bank1.toString());
        assertFlashHolds(bank1);

        // the A/B update: the image linked for bank 2 goes into the inactive bank, boot switches, the board resets
        Path bank2 = samples.resolve(SampleImages.BANK2 + ".hex");
        String update = cli("bank-update", "--reset", bank2.toString());
        assertThat(update).isNotBlank();
        assertThat(board.lastBootReport().physicalBank()).as(update).isEqualTo(2);
        cli("verify", bank2.toString());
        assertFlashHolds(bank2);
        assertThat(served.emulator().violations()).isEmpty();
        assertThat(server.violations()).isEmpty();
    }

    /** Every segment of {@code image} is in the board's flash, as Flashbank's core reads it. */
    private void assertFlashHolds(Path image) throws Exception {
        for (Segment s : ImageReader.read(image).segments()) {
            assertThat(flashbank.readFlash(s.address(), s.size())).as("%s at 0x%08X", image.getFileName(), s.address())
                    .isEqualTo(s.data());
        }
    }

    /**
     * Runs the {@code flashbank} CLI in-process on the served probe ({@code --probe tcp:127.0.0.1:<port>/<serial>})
     * and returns its standard output; fails on a non-zero exit code.
     */
    private String cli(String... args) throws TargetException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--probe", "tcp:127.0.0.1:" + server.port() + "/" + board.serial()));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        assertThat(rc).as("flashbank %s\n%s\n%s", String.join(" ", all), out, err).isZero();
        return out.toString();
    }
}
