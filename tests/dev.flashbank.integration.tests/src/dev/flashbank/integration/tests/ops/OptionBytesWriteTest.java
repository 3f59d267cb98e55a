package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionDiff;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.BackupFailedException;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.ConfirmationRequiredException;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

class OptionBytesWriteTest {

    private static final String PART = SimulatedBoards.DEFAULT_PART;

    @TempDir
    Path dir;

    private static List<Path> files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void writesBorAndBootAdd1AfterSavingABackupAndSaysAResetIsNeeded() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes before = board.storedOptions();
        OptionBytes wanted = before.withBorLevel(BorLevel.LEVEL_2).withBootAddress1(0x0810_0000L, board.flashSizeKiB());
        Path backups = dir.resolve("backups");

        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), PART, wanted, backups, Confirmation.NONE).run(FlashProgress.NONE);

        assertThat(r.written()).isTrue();
        assertThat(r.changes()).extracting(c -> c.option()).containsExactly("BOR_LEV", "BOOT_ADD1");
        assertThat(r.risk()).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(r.resetRequired()).isTrue();
        assertThat(board.storedOptions()).isEqualTo(wanted);
        assertThat(board.latchedOptions().borLevel()).as("BOR acts only after the reset").isEqualTo(before.borLevel());
        assertThat(r.backup()).isPresent();
        assertThat(files(backups)).containsExactly(r.backup().get());
        assertThat(OptionProfileFile.read(r.backup().get(), InstalledFamilies.families()).options()).as("backup holds the PREVIOUS values")
                .isEqualTo(before);
        assertThat(r.summary()).contains("BOR_LEV, BOOT_ADD1").contains("RESET NEEDED");

        board.reset(ResetKind.SYSTEM);
        assertThat(board.latchedOptions().borLevel()).isEqualTo(BorLevel.LEVEL_2);
        assertThat(board.latchedOptions().bootAddress1()).isEqualTo(0x0810_0000L);
    }

    @Test
    void nothingToDoWritesNothingAndKeepsNoBackup() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), PART, board.storedOptions(), dir, Confirmation.NONE)
                .run(FlashProgress.NONE);
        assertThat(r.written()).isFalse();
        assertThat(r.backup()).isEmpty();
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void rdpLevel2NeedsThePartNameTypedExactly() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes before = board.storedOptions();
        OptionBytes level2 = before.withRdpLevel(RdpLevel.LEVEL_2);

        for (String typed : new String[] { null, "", "stm32f767zi", "STM32F767Z", " STM32F767ZI", "STM32F767ZI " }) {
            assertThatThrownBy(() -> new OptionBytesWrite(t.driver(), PART, level2, dir, Confirmation.of(true, typed)).run(FlashProgress.NONE))
                    .as("confirmation %s", typed).isInstanceOf(ConfirmationRequiredException.class)
                    .hasMessageContaining("IRREVERSIBLE").hasMessageContaining("Nothing was written");
            assertThat(board.storedOptions()).isEqualTo(before);
        }
        assertThat(files(dir)).as("no backup for a refused write").isEmpty();

        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), PART, level2, dir, Confirmation.of(false, PART)).run(FlashProgress.NONE);
        assertThat(r.risk()).isEqualTo(RiskClass.IRREVERSIBLE);
        assertThat(board.storedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_2);
        assertThat(files(dir)).hasSize(1);
        board.reset(ResetKind.SYSTEM);
        assertThatThrownBy(() -> SimulatedProbe.connect(board)).isInstanceOf(DebugPortLockedException.class);
    }

    @Test
    void aBackupThatCannotBeWrittenStopsTheWrite() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes before = board.storedOptions();
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file where the backup directory should be");
        OptionBytes wanted = before.withBorLevel(BorLevel.LEVEL_1);

        assertThatThrownBy(() -> new OptionBytesWrite(t.driver(), PART, wanted, notADirectory, Confirmation.NONE).run(FlashProgress.NONE))
                .isInstanceOf(BackupFailedException.class).hasMessageContaining("nothing was written");
        assertThat(board.storedOptions()).isEqualTo(before);
    }

    @Test
    void cancelingBeforeTheWriteLeavesTheOptionsAlone() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes before = board.storedOptions();
        FlashProgress canceled = new FlashProgress() {
            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void worked(long units) {
            }

            @Override
            public boolean isCanceled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new OptionBytesWrite(t.driver(), PART, before.withBorLevel(BorLevel.LEVEL_1), dir, Confirmation.NONE)
                .run(canceled)).isInstanceOf(FlashCanceledException.class);
        assertThat(board.storedOptions()).isEqualTo(before);
    }

    @Test
    void writeProtectingASectorIsVerifiedAndActsAtOnce() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes wanted = board.storedOptions().withWriteProtection(3, true);
        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), PART, wanted, dir, Confirmation.NONE).run(FlashProgress.NONE);
        assertThat(((OptionBytes) r.after()).isWriteProtected(3)).isTrue();
        assertThat(r.resetRequired()).as("nWRP acts after OPTSTRT (model parameter)").isFalse();
        assertThatThrownBy(() -> t.driver().eraseSector(board.geometry().sector(3)))
                .as("the protection acts without a reset").isInstanceOf(FlashOperationException.class)
                .hasMessageContaining("WRPERR");
    }

    @Test
    void aChangeThatErasesFlashNeedsTheEraseConfirmationAndWritesNothingWithoutIt() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes before = board.storedOptions();
        byte[] flash = board.snapshot().flashBank(1);
        OptionBytes dual = before.withBankMode(dev.flashbank.core.device.BankMode.DUAL);
        for (Confirmation c : List.of(Confirmation.NONE, Confirmation.of(false, PART))) {
            assertThatThrownBy(() -> new OptionBytesWrite(t.driver(), PART, dual, dir, c).run(FlashProgress.NONE))
                    .isInstanceOf(ConfirmationRequiredException.class).hasMessageContaining("nDBANK")
                    .hasMessageContaining("--erase-all-flash").hasMessageContaining("Nothing was written")
                    .satisfies(e -> assertThat(((ConfirmationRequiredException) e).missing())
                            .containsExactly(RiskClass.ERASES_FLASH));
            assertThat(board.storedOptions()).isEqualTo(before);
            assertThat(board.snapshot().flashBank(1)).isEqualTo(flash);
        }
        assertThat(files(dir)).as("no backup for a refused write").isEmpty();
        // asked at run time (a launch's review): the source sees the changes and may decline
        List<List<dev.flashbank.core.device.OptionChange>> asked = new java.util.ArrayList<>();
        assertThatThrownBy(() -> new OptionBytesWrite(t.driver(), PART, dual, dir, (part, changes) -> {
            asked.add(changes);
            throw new dev.flashbank.core.ops.OperationCanceledException("Option write", "review canceled");
        }, java.time.Clock.systemUTC()).run(FlashProgress.NONE)).hasMessageContaining("review canceled");
        assertThat(asked).singleElement().satisfies(ch -> assertThat(ch).extracting(x -> x.option())
                .containsExactly("nDBANK"));
        assertThat(board.storedOptions()).isEqualTo(before);

        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), PART, dual, dir, Confirmation.of(true, null))
                .run(FlashProgress.NONE);
        assertThat(r.risk()).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(board.storedOptions().bankMode()).isEqualTo(dev.flashbank.core.device.BankMode.DUAL);
    }

    @Test
    void aSafeChangeIsNeverAskedAbout() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        SimTarget t = SimTarget.on(board);
        OptionBytes wanted = board.storedOptions().withBorLevel(BorLevel.LEVEL_1);
        new OptionBytesWrite(t.driver(), PART, wanted, dir, (part, changes) -> {
            throw new AssertionError("asked for " + changes);
        }, java.time.Clock.systemUTC()).run(FlashProgress.NONE);
        assertThat(board.storedOptions()).isEqualTo(wanted);
    }

    @Test
    void anRdpRegressionThatErasesPcropSaysSoAndTheNextResetShowsPcropCleared() throws Exception {
        // F72x: PCROP_RDP set with the PCROP bits still set, then level 1 -> 0 (the OpenOCD stm32f2x.c recipe): the part
        // erases the PCROP sectors and clears PCROP - the review says so, the reset after the write shows it
        SimulatedBoard board = SimulatedBoards.create("STM32F722ZE");
        SimTarget t = SimTarget.on(board);
        var p = t.driver().descriptor().stm32F7Parameters();
        long sector2 = 0x0800_0000L + board.geometry().sector(2).offset();
        t.driver().program(0x0800_0000L, new byte[] { 1, 2, 3, 4 }, FlashProgress.NONE);
        t.driver().program(sector2, new byte[] { 5, 6, 7, 8 }, FlashProgress.NONE);
        OptionBytes level1 = board.storedOptions().withPcrop(0).withPcropProtection(2, true)
                .withPcropRdp(p.pcropRdpSetMeansErase()).withRdpLevel(RdpLevel.LEVEL_1);
        new OptionBytesWrite(t.driver(), "STM32F722ZE", level1, dir, Confirmation.NONE).run(FlashProgress.NONE);
        board.reset(ResetKind.SYSTEM);
        t = SimTarget.on(board);
        OptionBytes regress = level1.withRdpLevel(RdpLevel.LEVEL_0);
        var changes = Stm32F7OptionDiff.diff(level1, regress, board.flashSizeKiB(), p);
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.consequence())
                .contains("the PCROP sectors are erased too and PCROP is removed"));
        OptionBytesWrite.Result r = new OptionBytesWrite(t.driver(), "STM32F722ZE", regress, dir,
                Confirmation.of(true, null)).run(FlashProgress.NONE);
        assertThat(r.rdpRegression()).isTrue();
        assertThat(board.storedOptions().pcrop()).as("PCROP removed by the regression").isZero();
        assertThat(board.storedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(board.snapshot().flashBank(1)).as("every sector erased, the PCROP sector 2 too")
                .containsOnly((byte) 0xFF);
    }
}
