package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * Issue 15 acceptance "real peer": Debian's OpenOCD 0.12 with the stock {@code target/stm32h7x.cfg} ({@code DUAL_BANK}
 * set, no work area, so its driver falls back to writing flash words through single memory accesses) drives a
 * simulated STM32H743ZI over remote_bitbang JTAG - CPU TAP, boundary-scan TAP, AP0 on the system bus, AP2 on the debug
 * APB - and after every step Flashbank, reading the same board through its own probe and the STM32H7 family's driver
 * (found through the installed families, as the CLI finds it), agrees byte for byte and option field for option field -
 * and so does the {@code flashbank} CLI ({@code read}, {@code ob show --json}, run in-process on a state file saved
 * from the served board at that moment: the CLI opens boards from state files).
 * <p>
 * OpenOCD 0.12's {@code stm32h7x option_read <bank> <offset>} takes a byte offset from the bank's register base
 * (RM0433 §4.9: OPTSR_CUR 0x1C, WPSN_CUR1R 0x38, BOOT_CURR 0x40; bank 1 = +0x100); Flashbank's option image names
 * the _PRG registers, which read what _CUR holds.
 */
class OpenOcdH7JtagTest {

    static final String PART = "STM32H743ZI";
    static final long WINDOW_1 = 0x0800_0000L, WINDOW_2 = 0x0810_0000L;
    static final int MIB = 1024 * 1024;
    /** DBGMCU_IDCODE and DBGMCU_CR on the system bus (RM0433 §60: DBGMCU at 0x5C00_1000, APB-D view 0xE00E_1000). */
    static final long DBGMCU_IDCODE = 0x5C00_1000L, DBGMCU_CR = 0x5C00_1004L, DBGMCU_CR_APB_D = 0xE00E_1004L;
    /** SWO trace funnel control on the debug APB, where stm32h7x.cfg's examine-end sets ENS0 | ENS1. */
    static final long SWTF_CTRL = 0xE00E_4000L;

    /** The option registers OpenOCD reads: its bank, its offset, and the register of Flashbank's option image. */
    record OptionRegister(int ocdBank, int offset, String imageRegister) {
    }

    static final List<OptionRegister> OPTION_REGISTERS = List.of(
            new OptionRegister(0, 0x1C, "OPTSR_PRG"),
            new OptionRegister(0, 0x38, "WPSN_PRG1R"),
            new OptionRegister(1, 0x38, "WPSN_PRG2R"),
            new OptionRegister(0, 0x40, "BOOT_PRGR"));

    BenchBoard board;
    OpenOcdOnBoard served;
    OpenOcd ocd;
    SimulatedProbe probe;
    FlashDriver flashbank;
    @TempDir
    Path cliDir;
    String previousHome;

    @BeforeEach
    void start() throws Exception {
        // the CLI's backups and journals go below the test's directory, never to ~/.flashbank
        previousHome = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", cliDir.resolve("home").toString());
        board = InstalledFamilies.simulated().create(PART, BoardOptions.defaults());
        served = OpenOcdOnBoard.start(board, false, OpenOcd.Target.STM32H7_DUAL_BANK);
        ocd = served.ocd;
        probe = SimulatedProbe.connect(board);
        flashbank = InstalledFamilies.families().openDriver(probe, new IdentifiedDevice(board.descriptor(),
                board.flashSizeKiB()), new SimulatorPollClock(probe), FlashDriverSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        if (previousHome == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", previousHome);
        }
        if (served != null) {
            served.close();
        }
    }

    @Test
    void connectsThroughTheH7DebugTopologyAndReachesDbgmcuOnBothBuses() throws Exception {
        long bsIdcode = ((BusResult.Ok) board.debugBus().readBoundaryScanIdcode()).value();
        assertThat(ocd.log()).contains("stm32h7x.cpu tap/device found: 0x6ba00477")
                .contains(String.format("stm32h7x.bs tap/device found: 0x%08x", bsIdcode))
                .contains("Cortex-M7");
        assertThat(ocd.ok("dap info 0")).contains("MEM-AP AHB3").contains("Valid ROM table present");
        assertThat(ocd.ok("dap info 2")).contains("MEM-AP APB");

        // examine-end wrote DBGMCU_CR and SWTF_CTRL through AP2; the system-bus view (AP0, Flashbank) shows the write
        long crViaAp2 = word(ocd.ok(String.format("stm32h7x.ap2 mdw 0x%08X", DBGMCU_CR_APB_D)));
        assertThat(crViaAp2).as("D1/D3 debug clocks, TRACECLKEN, low-power debug").isEqualTo(0x0070_003FL);
        assertThat(probe.memory().read32(DBGMCU_CR) & 0xFFFF_FFFFL).isEqualTo(crViaAp2);
        assertThat(word(ocd.ok(String.format("stm32h7x.ap2 mdw 0x%08X", SWTF_CTRL)))).as("ENS0 | ENS1").isEqualTo(3);

        ocd.ok("halt");
        assertThat(board.coreHalted()).isTrue();
        long idcode = word(ocd.ok(String.format("mdw 0x%08X", DBGMCU_IDCODE)));
        assertThat(idcode).isEqualTo(probe.memory().read32(DBGMCU_IDCODE) & 0xFFFF_FFFFL);
        assertThat(idcode & 0xFFF).isEqualTo(board.descriptor().devId());
        ocd.ok("resume");
        assertThat(board.coreHalted()).isFalse();
    }

    @Test
    void probeInfoAndOptionReadAgreeWithFlashbank() throws Exception {
        ocd.ok("halt");
        for (int bank = 0; bank < 2; bank++) {
            String probed = ocd.ok("flash probe " + bank); // "flash info" would probe, and its table is then lost
            assertThat(probed).contains("2048k").contains("dual banks");
            String info = ocd.ok("flash info " + bank);
            // OpenOCD's bank n is window n + 1; without a swap that is Flashbank's physical bank n + 1
            assertThat(flashbank.banksSwapped()).isFalse();
            Bank physical = flashbank.geometry().bank(bank + 1);
            assertThat(OpenOcdJtagTest.sectors(info)).as(info).extracting(s -> s[0] + ":" + s[1])
                    .containsExactlyElementsOf(physical.sectors().stream().map(s -> s.offset() + ":" + s.size()).toList());
            assertThat(info).doesNotContainPattern("\\) protected");
        }
        assertOptionsAgree();
    }

    @Test
    void massEraseWriteImageAcrossTheBankBoundaryVerifyAndProtect(@TempDir Path tmp) throws Exception {
        ocd.ok("halt");
        byte[] seed = new byte[4096];
        Arrays.fill(seed, (byte) 0x5A);
        long inBank1 = WINDOW_1 + 3 * 0x2_0000L, inBank2 = WINDOW_2 + 5 * 0x2_0000L;
        flashbank.program(inBank1, seed, FlashProgress.NONE);
        flashbank.program(inBank2, seed, FlashProgress.NONE);
        assertSameBytes(tmp, inBank1, seed.length);
        assertSameBytes(tmp, inBank2, seed.length);

        // mass_erase of OpenOCD's bank 0 is a bank erase (BER) of window 1 only
        ocd.ok("stm32h7x mass_erase 0");
        assertThat(flashbank.readFlash(WINDOW_1, MIB)).containsOnly((byte) 0xFF);
        assertThat(flashbank.readFlash(inBank2, seed.length)).isEqualTo(seed);
        assertSameBytes(tmp, inBank1, seed.length);
        assertSameBytes(tmp, inBank2, seed.length);
        ocd.ok("stm32h7x mass_erase 1");
        assertThat(flashbank.readFlash(WINDOW_1, 2 * MIB)).containsOnly((byte) 0xFF);
        assertSameBytes(tmp, inBank2, seed.length);

        // 256 KiB across the bank boundary: the last sector of bank 1 and the first of bank 2, erased and written by
        // OpenOCD flash word by flash word through AP0 (its no-work-area fallback: over remote_bitbang about 0.1 s
        // of wall time per KiB, so the image covers the boundary and no more - all of bank 1 proved nothing more)
        int sector = 0x2_0000;
        long imageAt = WINDOW_2 - sector;
        byte[] image = new byte[2 * sector];
        new Random(15).nextBytes(image);
        Path bin = tmp.resolve("image.bin");
        Files.write(bin, image);
        ocd.ok(String.format("flash write_image erase %s 0x%08X bin", bin, imageAt));
        assertThat(flashbank.readFlash(imageAt, image.length)).isEqualTo(image);
        assertThat(flashbank.readFlash(WINDOW_1, (int) (imageAt - WINDOW_1))).as("bank 1 before the image")
                .containsOnly((byte) 0xFF);
        long imageEnd = imageAt + image.length;
        assertThat(flashbank.readFlash(imageEnd, (int) (WINDOW_2 + MIB - imageEnd))).as("bank 2 after the image")
                .containsOnly((byte) 0xFF);
        // OpenOCD's read-back equals the image and so does Flashbank's: the two agree on every byte of it
        ocd.ok(String.format("verify_image %s 0x%08X bin", bin, imageAt));
        assertThat(flashbank.verify(imageAt, image).ok()).isTrue();
        assertSameBytes(tmp, WINDOW_2 - 4096, 8192); // across the bank boundary
        assertSameBytes(tmp, imageEnd - 2048, 4096); // the end of the image and the blank after it

        // write protection of sectors 6..7 of bank 1 (7 holds the image's first half) through WPSN_PRG1R + OPTSTART
        ocd.ok("flash protect 0 6 7 on");
        assertOptionsAgree();
        OptionImage on = flashbank.readOptions();
        for (int s = 0; s < 8; s++) {
            assertThat(wrpsn(on, 1, s)).as("WRPSN1_%d (0 = protected)", s).isEqualTo(s == 6 || s == 7 ? 0 : 1);
        }
        ocd.ok("flash probe 0");
        assertThat(ocd.ok("flash info 0")).containsPattern("#\\s+7: 0x0+e0000 \\(0x20000 128kB\\) protected")
                .containsPattern("#\\s+5: 0x0+a0000 \\(0x20000 128kB\\) not protected");
        assertThat(ocd.exec("flash erase_sector 0 7 7").ok()).as("erase of a write-protected sector").isFalse();
        assertThat(flashbank.readFlash(imageAt, sector)).isEqualTo(Arrays.copyOfRange(image, 0, sector));
        ocd.ok("flash protect 0 6 7 off");
        assertOptionsAgree();
        OptionImage off = flashbank.readOptions();
        for (int s = 0; s < 8; s++) {
            assertThat(wrpsn(off, 1, s)).as("WRPSN1_%d", s).isEqualTo(1);
        }
    }

    /**
     * Every option register OpenOCD reads with {@code stm32h7x option_read} against Flashbank's option image: each
     * option field of that register has the same value (status bits of OPTSR_CUR that are not option fields, such
     * as OPT_BUSY, are not compared).
     */
    private void assertOptionsAgree() throws Exception {
        OptionImage image = flashbank.readOptions();
        Map<String, Integer> cliFields = cliOptionFields();
        int compared = 0;
        for (OptionRegister r : OPTION_REGISTERS) {
            String out = ocd.ok(String.format("stm32h7x option_read %d 0x%x", r.ocdBank(), r.offset()));
            Matcher m = Pattern.compile("= 0x([0-9a-fA-F]+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            int ocdValue = (int) Long.parseLong(m.group(1), 16);
            for (OptionField f : board.descriptor().optionFields()) {
                if (f.register().equals(r.imageRegister())) {
                    assertThat(f.extract(ocdValue)).as("%s (OpenOCD %s)", f.name(), out.trim()).isEqualTo(image.get(f));
                    assertThat(cliFields.get(f.name())).as("%s in ob show --json", f.name()).isEqualTo(image.get(f));
                    compared++;
                }
            }
        }
        assertThat(compared).as("option fields compared").isGreaterThan(OPTION_REGISTERS.size());
    }

    /** Write-protection field of sector {@code sector} of bank {@code bank} in Flashbank's option image. */
    private int wrpsn(OptionImage image, int bank, int sector) {
        String name = "WRPSN" + bank + "_" + sector;
        return image.get(board.descriptor().optionFields().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no option field " + name)));
    }

    /**
     * OpenOCD's dump of {@code length} bytes at {@code address} equals Flashbank's read of the same range, through
     * the driver and through {@code flashbank read}.
     */
    private void assertSameBytes(Path tmp, long address, int length) throws Exception {
        Path dump = tmp.resolve("dump-" + Long.toHexString(address) + ".bin");
        ocd.ok(String.format("dump_image %s 0x%08X %d", dump, address, length));
        byte[] ocdBytes = Files.readAllBytes(dump);
        assertThat(ocdBytes).isEqualTo(flashbank.readFlash(address, length));
        Path read = cliDir.resolve("read-" + Long.toHexString(address) + ".bin");
        cli("read", "--range", String.format("0x%08X+%d", address, length), "-o", read.toString());
        assertThat(Files.readAllBytes(read)).as("flashbank read").isEqualTo(ocdBytes);
    }

    /** The option fields {@code flashbank ob show --json} reports for the served board now: name -> value. */
    private Map<String, Integer> cliOptionFields() throws Exception {
        String json = cli("ob", "show", "--json");
        Matcher m = Pattern.compile("\\{\\s*\"name\": \"(\\w+)\",\\s*\"register\": \"\\w+\",[^{}]*?\"value\": (\\d+)")
                .matcher(json);
        Map<String, Integer> fields = new TreeMap<>();
        while (m.find()) {
            fields.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(fields).as(json).hasSameSizeAs(board.descriptor().optionFields());
        return fields;
    }

    /**
     * Runs the {@code flashbank} CLI in-process on the served board as it is now (its state saved to a file, which
     * the CLI opens like any board file) and returns its standard output; fails on a non-zero exit code.
     */
    private String cli(String... args) throws Exception {
        Path state = cliDir.resolve("served.fbboard");
        BoardStateFile.save(board, state);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target", "sim:" + PART + "@" + state));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        assertThat(rc).as("flashbank %s\n%s", String.join(" ", all), err).isZero();
        return out.toString();
    }

    /** The value of a one-word {@code mdw}. */
    private static long word(String mdw) {
        Matcher m = Pattern.compile("0x[0-9a-f]+: ([0-9a-f]{8})").matcher(mdw);
        assertThat(m.find()).as(mdw).isTrue();
        return Long.parseLong(m.group(1), 16);
    }
}
