package dev.flashbank.family.stm32h7.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7OptionFields;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.H7FlashStatusException;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.flash.SwapBank;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.tests.H7Bench;
import dev.flashbank.sim.SimulatedProbe;

/**
 * The STM32H7 driver against the simulated STM32H743ZI (2 x 1 MiB): what ends up in the PHYSICAL banks, what is
 * refused, what the option registers read back. The driver polls on the board's virtual clock.
 */
class Stm32H7DriverOnSimulatorTest {

    private static final long W1 = 0x0800_0000L;
    private static final long W2 = 0x0810_0000L;
    private static final int SECTOR = 128 * 1024;

    private H7Bench bench;
    private Stm32H7Board board;
    private SimulatedProbe probe;
    private Stm32H7FlashDriver driver;

    @BeforeEach
    void connect() throws Exception {
        bench = new H7Bench();
        board = bench.board;
        probe = bench.probe;
        driver = bench.driver();
    }

    private Stm32H7FlashDriver newDriver() throws TargetException {
        return bench.newDriver(FlashDriverSettings.defaults());
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 13 + seed + (i >>> 9));
        }
        return b;
    }

    private Sector sector(int bank, int number) {
        return driver.geometry().bank(bank).sectors().get(number);
    }

    private Stm32H7OptionImage withSwapBankOpt(Stm32H7OptionImage o, boolean swap) {
        var f = board.descriptor().registers().optsrPrg().field(Stm32H7Registers.SWAP_BANK_OPT);
        return o.withWord(Stm32H7Registers.OPTSR_PRG, f.insert(o.word(Stm32H7Registers.OPTSR_PRG), swap ? 1 : 0));
    }

    @Test
    void eraseProgramVerifyAcrossTheBankBoundary() throws Exception {
        byte[] image = pattern(64 * 1024, 1); // the last 32 KiB of bank 1 and the first 32 KiB of bank 2
        long at = W2 - image.length / 2;
        List<Sector> sectors = driver.sectorsCovering(new AddressRange(at, image.length), false);
        assertThat(sectors).containsExactly(sector(1, 7), sector(2, 0));

        driver.eraseAndProgram(sectors, at, image, FlashProgress.NONE);

        assertThat(driver.verify(at, image).ok()).isTrue();
        int half = image.length / 2;
        assertThat(board.readCells(1, SECTOR * 8L - half, half)).isEqualTo(Arrays.copyOf(image, half));
        assertThat(board.readCells(2, 0, half)).isEqualTo(Arrays.copyOfRange(image, half, image.length));
        assertThat(board.eccState(1, SECTOR * 8L - 32)).isEqualTo(board.eccState(2, 0));
    }

    @Test
    void aPartialFinalFlashWordIsPaddedWithFf() throws Exception {
        byte[] data = pattern(70, 2); // two whole flash words and 6 bytes of a third
        driver.eraseAndProgram(List.of(sector(1, 2)), W1 + 2 * SECTOR, data, FlashProgress.NONE);
        byte[] cells = board.readCells(1, 2L * SECTOR, 96);
        assertThat(Arrays.copyOf(cells, 70)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(cells, 70, 96)).containsOnly((byte) 0xFF);
        assertThat(driver.readFlash(W1 + 2 * SECTOR + 64, 32)).isEqualTo(Arrays.copyOfRange(cells, 64, 96));
    }

    @Test
    void aWordThatIsNotErasedIsRefusedAndTheArrayKeepsItsEcc() throws Exception {
        driver.eraseAndProgram(List.of(sector(2, 3)), W2 + 3 * SECTOR, pattern(64, 3), FlashProgress.NONE);
        byte[] before = board.readCells(2, 3L * SECTOR, 128);
        String eccBefore = board.eccState(2, 3L * SECTOR + 32);

        Stm32H7FlashDriver fresh = newDriver(); // knows nothing about the erase: it must read first
        assertThatThrownBy(() -> fresh.program(W2 + 3 * SECTOR + 32, pattern(64, 9), FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class)
                .hasMessageContaining(String.format("0x%08X", W2 + 3 * SECTOR + 32))
                .hasMessageContaining("sector 3 of bank 2").hasMessageContaining("not erased")
                .hasMessageContaining("Nothing was written");
        assertThat(board.readCells(2, 3L * SECTOR, 128)).isEqualTo(before);
        assertThat(board.eccState(2, 3L * SECTOR + 32)).isEqualTo(eccBefore);
    }

    @Test
    void aWriteProtectedSectorIsNamedAndNothingIsErased() throws Exception {
        driver.eraseAndProgram(List.of(sector(1, 4)), W1 + 4 * SECTOR, pattern(256, 4), FlashProgress.NONE);
        Stm32H7OptionImage o = driver.readOptions();
        var wrpsn4 = board.descriptor().optionFields(board.flashSizeKiB()).stream()
                .filter(f -> f.name().equals(Stm32H7OptionFields.wrpsnField(1, 4))).findFirst().orElseThrow();
        OptionWriteResult w = driver.writeOptions(o.with(wrpsn4, 0), FlashProgress.NONE);
        assertThat(w.readBackMatches()).isTrue();
        assertThat(driver.writeProtectedSectors()).containsExactly(sector(1, 4));
        byte[] before = board.readCells(1, 4L * SECTOR, 256);

        assertThatThrownBy(() -> driver.eraseSector(sector(1, 4))).isInstanceOf(FlashProtectionException.class)
                .hasMessageContaining("sector 4 of bank 1").hasMessageContaining("write-protected")
                .satisfies(e -> assertThat(((FlashOperationException) e).failureCause())
                        .isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR));
        assertThatThrownBy(() -> driver.eraseBank(1, FlashProgress.NONE)).isInstanceOf(FlashProtectionException.class)
                .hasMessageContaining("refused as a whole");
        assertThatThrownBy(() -> driver.massErase(FlashProgress.NONE)).isInstanceOf(FlashProtectionException.class);
        assertThat(board.readCells(1, 4L * SECTOR, 256)).isEqualTo(before);
    }

    @Test
    void theControllersWrperrIsDecodedWhenTheModelsWpsnRuleDiffersFromTheSilicon() throws Exception {
        // a driver that believes WPSN n follows the window (the opposite of the simulated silicon) asks the wrong
        // register after a swap, starts the erase, and the controller answers WRPERR: the message names it
        driver.writeOptions(withSwapBankOpt(driver.readOptions(), true), FlashProgress.NONE);
        driver.resetAndReprobe(ResetKind.SYSTEM);
        var wrpsn = board.descriptor().optionFields(board.flashSizeKiB()).stream()
                .filter(f -> f.name().equals(Stm32H7OptionFields.wrpsnField(1, 1))).findFirst().orElseThrow();
        driver.writeOptions(driver.readOptions().with(wrpsn, 0), FlashProgress.NONE); // physical bank 1, sector 1
        var believer = new Stm32H7FlashDriver(probe, board.descriptor().withParameters(board.descriptor()
                .stm32H7Parameters().toBuilder().optionRegistersFollowSwap(true).build()), board.flashSizeKiB(),
                bench.clock, FlashDriverSettings.defaults());
        assertThatThrownBy(() -> believer.eraseSector(sector(1, 1))).isInstanceOf(H7FlashStatusException.class)
                .hasMessageContaining("WRPERR").hasMessageContaining("sector 1 of bank 1")
                .hasMessageContaining("FLASH_CR2");
    }

    @Test
    void swapBankWritesTheInactiveImageThroughWindow2IntoThePhysicalBankMappedThere() throws Exception {
        byte[] running = pattern(4096, 5);
        driver.eraseAndProgram(List.of(sector(2, 0)), W2, running, FlashProgress.NONE); // physical bank 2
        driver.writeOptions(withSwapBankOpt(driver.readOptions(), true), FlashProgress.NONE);
        driver.resetAndReprobe(ResetKind.SYSTEM);
        assertThat(driver.banksSwapped()).isTrue(); // physical bank 2 runs at 0x0800_0000, bank 1 is at 0x0810_0000
        assertThat(driver.readFlash(W1, running.length)).isEqualTo(running);

        SwapBank scheme = new SwapBank(driver);
        assertThat(scheme.inactivePhysicalBank()).isEqualTo(1);
        byte[] update = pattern(8192, 6);
        long at = scheme.inactiveWindow().start();
        driver.eraseAndProgram(driver.sectorsCovering(new AddressRange(at, update.length), true), at, update,
                FlashProgress.NONE);
        assertThat(driver.verify(at, update).ok()).isTrue();
        assertThat(board.readCells(1, 0, update.length)).isEqualTo(update); // PHYSICAL bank 1 changed
        assertThat(board.readCells(2, 0, running.length)).isEqualTo(running); // the running bank untouched

        scheme.activate(FlashProgress.NONE);
        assertThat(scheme.pending()).isTrue();
        assertThat(driver.readFlash(W1, running.length)).isEqualTo(running); // not before the reset
        assertThat(scheme.activePhysicalBankAfterReset()).isEqualTo(1);
        driver.resetAndReprobe(ResetKind.SYSTEM);
        assertThat(driver.banksSwapped()).isFalse();
        assertThat(driver.readFlash(W1, update.length)).isEqualTo(update);
        assertThat(driver.readFlash(W2, running.length)).isEqualTo(running);
    }

    @Test
    void theFlashCrcEngineAgreesWithReadBack() throws Exception {
        byte[] image = pattern(64 * 1024, 7);
        driver.eraseAndProgram(List.of(sector(2, 5)), W2 + 5 * SECTOR, image, FlashProgress.NONE);
        assertThat(driver.targetCrc(W2 + 5 * SECTOR, image.length)).isPresent();
        assertThat(driver.matchesOnTarget(W2 + 5 * SECTOR, image, 0, image.length)).isTrue();
        byte[] other = image.clone();
        other[1000] ^= 0x10;
        assertThat(driver.matchesOnTarget(W2 + 5 * SECTOR, other, 0, other.length)).isFalse();
        assertThat(driver.crcEngineTrusted()).isTrue();
        assertThat(driver.verify(W2 + 5 * SECTOR, image).ok()).isTrue();
        assertThat(driver.verify(W2 + 5 * SECTOR, other).mismatchCount()).isEqualTo(1);
    }

    @Test
    void massEraseErasesBothPhysicalBanks() throws Exception {
        driver.eraseAndProgram(List.of(sector(1, 0)), W1, pattern(64, 8), FlashProgress.NONE);
        driver.eraseAndProgram(List.of(sector(2, 7)), W2 + 7 * SECTOR, pattern(64, 9), FlashProgress.NONE);
        driver.massErase(FlashProgress.NONE);
        assertThat(board.readCells(1, 0, 64)).containsOnly((byte) 0xFF);
        assertThat(board.readCells(2, 7L * SECTOR, 64)).containsOnly((byte) 0xFF);
    }
}
