package dev.flashbank.integration.tests.banks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.banks.ImageSummary;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/** The bank browser's reader against the simulated F767 in dual-bank mode: physical banks, windows, SWP_FB. */
class BankReaderSimTest {

    private static final long AXIM = Stm32F7Window.AXIM.base();

    private static SimulatedBoard dualBankBoard() throws Exception {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL).withBootAdd0(0x2000);
        return SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withOptionBytes(o));
    }

    private static Stm32F7FlashDriver driver(SimulatedBoard board) throws Exception {
        SimulatedProbe probe = SimulatedProbe.connect(board);
        return new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(), new SimulatorPollClock(probe),
                FlashDriverSettings.defaults());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void readsPhysicalBanksWhereverSwpFbMapsThem() throws Exception {
        SimulatedBoard board = dualBankBoard();
        Stm32F7FlashDriver d = driver(board);
        FlashGeometry g = d.geometry();
        assertThat(g.mode()).isEqualTo(BankMode.DUAL);
        long bank2 = g.windowAddress(2, 0, false, Stm32F7Window.AXIM);
        byte[] a = random(4096, 1);
        byte[] b = random(4096, 2);
        d.program(AXIM, a, FlashProgress.NONE);
        d.program(bank2, b, FlashProgress.NONE);

        CachedBankReader r = new CachedBankReader(g, BankSource.of(d));
        assertThat(r.read(1, 0, 4096)).isEqualTo(a).isEqualTo(board.readCells(1, 0, 4096));
        assertThat(r.read(2, 0, 4096)).isEqualTo(b).isEqualTo(board.readCells(2, 0, 4096));
        assertThat(r.readWindow(AXIM, 16, false)).isEqualTo(java.util.Arrays.copyOf(a, 16));

        board.setSwpFbAsFirmware(true); // the firmware's startup code maps bank 2 at 0x08000000
        r.invalidate();
        assertThat(r.read(2, 0, 4096)).as("physical bank 2 stays bank 2 under SWP_FB = 1").isEqualTo(b);
        assertThat(r.readWindow(AXIM, 16, true)).as("0x08000000 shows physical bank 2")
                .isEqualTo(java.util.Arrays.copyOf(b, 16));
        assertThat(r.readWindow(Stm32F7Window.ITCM.base(), 16, true)).isEqualTo(java.util.Arrays.copyOf(b, 16));
    }

    @Test
    void loadsOnlyTouchedSectorsOnceAndKnowsTheirState() throws Exception {
        SimulatedBoard board = dualBankBoard();
        Stm32F7FlashDriver d = driver(board);
        FlashGeometry g = d.geometry();
        d.program(AXIM + 0x10, new byte[] { 1, 2, 3, 4 }, FlashProgress.NONE);
        CachedBankReader r = new CachedBankReader(g, BankSource.of(d));
        Sector s0 = g.bank(1).sectors().get(0);
        Sector s1 = g.bank(1).sectors().get(1);
        assertThat(r.state(s0)).isEqualTo(SectorState.UNKNOWN);
        assertThat(r.peek(1, 0, 16)).isEmpty();
        r.read(1, 0, 32);
        r.read(1, 100, 32);
        assertThat(r.sectorLoads()).isEqualTo(1);
        assertThat(r.peek(1, 0x10, 4)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3, 4));
        assertThat(r.state(s0)).isEqualTo(SectorState.PROGRAMMED);
        assertThat(r.scan(s1)).isEqualTo(SectorState.ERASED);
        assertThat(r.sectorLoads()).isEqualTo(2);
        // a read across the sector boundary uses both cached sectors
        assertThat(r.read(1, s0.size() - 2, 4)).containsExactly(-1, -1, -1, -1);
        assertThat(r.sectorLoads()).isEqualTo(2);

        d.eraseSector(s0);
        assertThat(r.state(s0)).as("stale until invalidated").isEqualTo(SectorState.PROGRAMMED);
        r.invalidate(s0);
        assertThat(r.scan(s0)).isEqualTo(SectorState.ERASED);
    }

    @Test
    void comparesBanksAsOffsetRangesAndSummarisesImages() throws Exception {
        SimulatedBoard board = dualBankBoard();
        Stm32F7FlashDriver d = driver(board);
        FlashGeometry g = d.geometry();
        long bank2 = g.windowAddress(2, 0, false, Stm32F7Window.AXIM);
        long sp = board.descriptor().memoryRegions(board.flashSizeKiB()).stream()
                .filter(m -> m.name().startsWith("DTCM")).map(MemoryRegion::range).findFirst().orElseThrow().end();
        byte[] img = random(2048, 7);
        putWord(img, 0, sp);
        putWord(img, 4, AXIM + 0x101);
        byte[] version = "demo-app 1.4.2\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, img, 0x400, version.length);
        byte[] other = img.clone();
        other[0x200] ^= 1;
        other[0x300] ^= 1;
        other[0x301] ^= 1;
        d.program(AXIM, img, FlashProgress.NONE);
        d.program(bank2, other, FlashProgress.NONE);

        CachedBankReader r = new CachedBankReader(g, BankSource.of(d));
        BankComparison c = BankComparison.of("physical bank 1", r.readBank(1), "physical bank 2", r.readBank(2));
        assertThat(c.ranges()).containsExactly(new AddressRange(0x200, 1), new AddressRange(0x300, 2));
        assertThat(c.differingBytes()).isEqualTo(3);
        assertThat(c.summary()).contains("2 ranges differ, 3 bytes of 1024 KiB");
        assertThat(c.at(bank2)).first().isEqualTo(new AddressRange(bank2 + 0x200, 1));

        List<AddressRange> ram = board.descriptor().memoryRegions(board.flashSizeKiB()).stream()
                .filter(m -> m.kind() == MemoryRegion.Kind.RAM).map(MemoryRegion::range).toList();
        ImageSummary s1 = ImageSummary.of(r.readBank(1), g, ram);
        assertThat(s1.plausible()).isTrue();
        assertThat(s1.version()).contains("demo-app 1.4.2");
        assertThat(s1.versionOffset()).isEqualTo(0x400);
        ImageSummary erased = ImageSummary.of(new byte[64].clone(), g, ram);
        assertThat(erased.plausible()).isFalse();
        assertThat(erased.problems()).anySatisfy(p -> assertThat(p).contains("not a Thumb address"));
    }

    private static void putWord(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }
}
