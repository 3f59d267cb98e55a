package dev.flashbank.integration.tests.banks;

import java.util.Optional;
import java.util.SplittableRandom;

import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.banks.HexRows;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
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

/**
 * Performance harness of the bank browser (issue 8), NOT a test (no assertions on time; surefire does not run it: the
 * class name does not end in Test). Run: {@code java -cp <core+sim+this> dev.flashbank.integration.tests.banks
 * .BankBrowserBenchmark}. Measures, on a simulated STM32F767ZI in dual-bank mode with both banks full of data:
 * <ol>
 * <li>the cold read of both banks through {@link CachedBankReader} (one target read per sector);</li>
 * <li>"scrolling": paging through the 2 MiB AXIM window 40 rows at a time as the hex view paints, from the cache
 * (peek + row formatting), repeated;</li>
 * <li>comparing two 1 MiB banks ({@link BankComparison}, the core's vectorised BankDiff) with ~1% differing bytes.</li>
 * </ol>
 * The widget's own figure (painting the real SWT hex view through 2 MiB) is printed by the UI acceptance test as
 * "BENCH hex view paged through 2 MiB".
 */
public final class BankBrowserBenchmark {

    private static final int ROWS_PER_PAGE = 40;

    private BankBrowserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL);
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withOptionBytes(o));
        SimulatedProbe probe = SimulatedProbe.connect(board);
        Stm32F7FlashDriver d = new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(),
                new SimulatorPollClock(probe), FlashDriverSettings.defaults());
        FlashGeometry g = d.geometry();
        int bank = (int) g.bank(1).size();
        byte[] a = new byte[bank];
        new SplittableRandom(1).nextBytes(a);
        byte[] b = a.clone();
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < bank / 100; i++) {
            b[r.nextInt(bank)] ^= 0x5A;
        }
        d.program(Stm32F7Window.AXIM.base(), a, FlashProgress.NONE);
        d.program(g.windowAddress(2, 0, false, Stm32F7Window.AXIM), b, FlashProgress.NONE);

        CachedBankReader reader = new CachedBankReader(g, BankSource.of(d));
        long t0 = System.nanoTime();
        byte[] ra = reader.readBank(1);
        byte[] rb = reader.readBank(2);
        long coldMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("cold read of 2 x %d KiB through the simulated probe: %d ms, %d sector reads%n",
                bank / 1024, coldMs, reader.sectorLoads());

        long total = g.totalSize();
        long rowsTotal = total / HexRows.WIDTH;
        long best = Long.MAX_VALUE;
        long chars = 0;
        for (int round = 0; round < 10; round++) {
            long s = System.nanoTime();
            for (long row = 0; row < rowsTotal; row += ROWS_PER_PAGE) {
                for (long k = row; k < Math.min(rowsTotal, row + ROWS_PER_PAGE); k++) {
                    long addr = Stm32F7Window.AXIM.base() + k * HexRows.WIDTH;
                    var bo = g.physicalBankAt(addr, false).orElseThrow();
                    Optional<byte[]> bytes = reader.peek(bo.bank(), bo.offset(), HexRows.WIDTH);
                    chars += HexRows.format(addr, bytes.orElseThrow()).length();
                }
            }
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf("scroll model: %d pages of %d rows (2 MiB) from the cache in %.1f ms (best of 10), "
                + "%.1f us per page [%d chars]%n", rowsTotal / ROWS_PER_PAGE, ROWS_PER_PAGE, best / 1e6,
                best / 1e3 / (rowsTotal / ROWS_PER_PAGE), chars);

        BankComparison c = null;
        long bestDiff = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long s = System.nanoTime();
            c = BankComparison.of("bank 1", ra, "bank 2", rb);
            bestDiff = Math.min(bestDiff, System.nanoTime() - s);
        }
        long bestSame = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long s = System.nanoTime();
            BankComparison.of("bank 1", ra, "bank 1", ra);
            bestSame = Math.min(bestSame, System.nanoTime() - s);
        }
        System.out.printf("diff 2 x 1 MiB, %d ranges / %d bytes differ: %.2f ms (best of 20); identical banks: "
                + "%.3f ms%n", c.ranges().size(), c.differingBytes(), bestDiff / 1e6, bestSame / 1e6);
    }
}
