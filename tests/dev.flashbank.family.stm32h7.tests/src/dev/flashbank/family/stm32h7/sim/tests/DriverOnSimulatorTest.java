package dev.flashbank.family.stm32h7.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The STM32H7 flash driver of the family bundle against the simulated H743: two independent readings of the same
 * facts (the driver's sequences, the simulator's controller) must agree - an image across the bank boundary, the CRC
 * verify, the option write with the swap taking effect at the reset, and the mass erase.
 */
class DriverOnSimulatorTest {

    Stm32H7Board board;
    SimulatedProbe probe;
    Stm32H7FlashDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        board = Stm32H7SimulatedFamily.INSTANCE.create("STM32H743ZI", BoardOptions.defaults());
        connect();
    }

    void connect() throws TargetException {
        probe = SimulatedProbe.connect(board);
        driver = new Stm32H7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(), new SimulatorPollClock(probe),
                FlashDriverSettings.defaults());
    }

    static byte[] image(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void anImageAcrossTheBankBoundaryIsProgrammedAndVerifiedInBothPhysicalBanks() throws Exception {
        long start = 0x080E_0000L; // the last sector of bank 1 and the first of bank 2
        byte[] data = image(256 * 1024, 7);
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(start, data.length), false), start, data,
                FlashProgress.NONE);
        assertThat(driver.verify(start, data).ok()).isTrue();
        assertThat(board.readCells(1, 0xE_0000, 128 * 1024)).isEqualTo(Arrays.copyOfRange(data, 0, 128 * 1024));
        assertThat(board.readCells(2, 0, 128 * 1024)).isEqualTo(Arrays.copyOfRange(data, 128 * 1024, data.length));
        assertThat(driver.targetCrc(start, 64 * 1024)).as("the target CRC engine agrees with the driver's model")
                .isPresent();
        assertThat(driver.matchesOnTarget(start, data, 0, 64 * 1024)).isTrue();
        assertThat(board.eccState(1, 0xE_0000)).isEqualTo("PROGRAMMED");
    }

    @Test
    void swapBankWrittenByTheDriverTakesEffectAtTheResetAndMassEraseClearsBothBanks() throws Exception {
        byte[] a = image(1024, 1);
        byte[] b = image(1024, 2);
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(0x0800_0000L, a.length), false), 0x0800_0000L, a,
                FlashProgress.NONE);
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(0x0810_0000L, b.length), false), 0x0810_0000L, b,
                FlashProgress.NONE);
        Stm32H7OptionImage before = driver.readOptions();
        Stm32H7Registers regs = board.descriptor().registers();
        int optsr = before.word(Stm32H7Registers.OPTSR_PRG);
        Stm32H7OptionImage swapped = before.withWord(Stm32H7Registers.OPTSR_PRG,
                regs.optsrPrg().field(Stm32H7Registers.SWAP_BANK_OPT).insert(optsr, 1));
        driver.writeOptions(swapped, FlashProgress.NONE);
        assertThat(driver.readOptions().swapBankAfterReset()).isTrue();
        assertThat(driver.swapBank()).as("not before the reset").isFalse();
        probe.core().reset(ResetKind.SYSTEM);
        connect();
        assertThat(driver.swapBank()).isTrue();
        assertThat(driver.readFlash(0x0800_0000L, b.length)).as("window 1 shows physical bank 2").isEqualTo(b);
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(2);

        driver.massErase(FlashProgress.NONE);
        assertThat(board.readCells(1, 0, a.length)).containsOnly((byte) 0xFF);
        assertThat(board.readCells(2, 0, b.length)).containsOnly((byte) 0xFF);
    }

    @Test
    void aWriteProtectedSectorIsRefusedByTheDriverAndUntouchedOnTheBoard() throws Exception {
        byte[] a = image(64, 3);
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(0x0802_0000L, a.length), false), 0x0802_0000L, a,
                FlashProgress.NONE);
        Stm32H7Registers regs = board.descriptor().registers();
        Stm32H7OptionImage o = driver.readOptions();
        String wpsn1 = regs.wpsnPrg(1).name();
        driver.writeOptions(o.withWord(wpsn1, o.word(wpsn1) & ~0b10), FlashProgress.NONE);
        assertThat(driver.writeProtectedSectors()).hasSize(1);
        assertThatThrownBy(() -> driver.eraseAndProgram(
                driver.sectorsCovering(new AddressRange(0x0802_0000L, a.length), false), 0x0802_0000L, image(64, 4),
                FlashProgress.NONE)).isInstanceOf(TargetException.class);
        assertThat(board.readCells(1, 0x2_0000, a.length)).isEqualTo(a);
    }

    /**
     * Fault injection at every access of an erase-and-program of a sector that held an older image: whatever the cut,
     * each flash word afterwards holds the old data, the new data, is erased, or is a torn word that reads as an
     * uncorrectable ECC error - and running the same update again always ends with the new image verified.
     */
    @Test
    void aPowerLossAtAnyAccessOfAnUpdateLeavesOldNewErasedOrTornWordsAndARerunRecovers() throws Exception {
        long at = 0x0810_0000L;
        byte[] old = image(128, 11);
        byte[] neu = image(128, 12);
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(at, old.length), false), at, old,
                FlashProgress.NONE);
        dev.flashbank.sim.BoardSnapshot start = board.snapshot();
        long before = board.faults().accessCount();
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(at, neu.length), false), at, neu,
                FlashProgress.NONE);
        long accesses = board.faults().accessCount() - before;
        assertThat(accesses).isGreaterThan(50);
        int torn = 0;
        int cuts = 0;
        for (long cut = 1; cut < accesses; cut++) { // after the last access nothing is left to cut
            board = Stm32H7SimulatedFamily.INSTANCE.restore(start, BoardOptions.defaults());
            connect();
            board.faults().powerLossAfterAccesses(cut);
            try {
                driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(at, neu.length), false), at, neu,
                        FlashProgress.NONE);
            } catch (TargetException e) {
                // the cut: the driver stops at the first access without power
            }
            cuts += board.isPowered() ? 0 : 1;
            board.faults().clear(); // a run shorter than the counted one leaves the cut armed
            board.powerOn();
            for (int w = 0; w < neu.length; w += 32) {
                byte[] cells = board.readCells(2, w, 32);
                String ecc = board.eccState(2, w);
                if (ecc.equals("DOUBLE_ERROR")) {
                    torn++;
                    continue;
                }
                byte[] o = Arrays.copyOfRange(old, w, w + 32);
                byte[] n = Arrays.copyOfRange(neu, w, w + 32);
                assertThat(cells).as("cut %d, word %d (%s)", cut, w / 32, ecc).satisfiesAnyOf(
                        c -> assertThat(c).isEqualTo(o), c -> assertThat(c).isEqualTo(n),
                        c -> assertThat(c).containsOnly((byte) 0xFF));
            }
            connect();
            driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(at, neu.length), false), at, neu,
                    FlashProgress.NONE);
            assertThat(driver.verify(at, neu).ok()).as("rerun after cut %d", cut).isTrue();
        }
        assertThat(cuts).as("the power was cut in (almost) every run").isGreaterThan((int) accesses / 2);
        assertThat(torn).as("some cuts fall inside a word program or an erase").isPositive();
    }
}
