package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetOpenException.Reason;
import dev.flashbank.core.connect.TargetOpener;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.state.BoardLock;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.BoardTurn;
import dev.flashbank.sim.state.LiveBoard;
import dev.flashbank.sim.state.SimulatedBoardProvider;

/**
 * The target opener with the simulated-board provider: one writer per board file, read-only work leaves the file
 * untouched, interrupted saves are cleaned up, missing files and wrong parts are refused, stale copies reloaded.
 */
class TargetOpenerTest {

    @TempDir
    Path tmp;

    final TargetOpener opener = new TargetOpener(List.of(new SimulatedBoardProvider(SimulatedBoards.FAMILY)));
    final List<String> notices = new CopyOnWriteArrayList<>();

    ConnectOptions options(String holder) {
        return ConnectOptions.of(holder).withNotices(notices::add);
    }

    Path board(String part) throws Exception {
        Path f = tmp.resolve(part + ".fbboard");
        BoardStateFile.save(SimulatedBoards.create(part, BoardOptions.defaults().withFreshIdentity()), f);
        return f;
    }

    static TargetAddress.Board at(Path f) {
        return new TargetAddress.Board(Optional.empty(), f, false);
    }

    @Test
    void readOnlyOpenLeavesTheFileByteIdenticalWithItsModificationTime() throws Exception {
        Path f = board("STM32F767ZI");
        FileTime old = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(f, old);
        byte[] before = Files.readAllBytes(f);
        try (OpenTarget t = opener.open(at(f), options("test read"))) {
            t.target().memory().read32(0x0800_0000L);
            t.target().memory().read(0x0810_0000L, 256, AccessWidth.WORD);
            t.unwrap(SimulatedBoard.class).orElseThrow().powerCycle(); // volatile state only
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);
    }

    @Test
    void aChangedBoardIsSavedOnClose() throws Exception {
        Path f = board("STM32F767ZI");
        try (OpenTarget t = opener.open(at(f), options("test write"))) {
            t.unwrap(SimulatedBoard.class).orElseThrow().setBoot0(true);
        }
        assertThat(BoardStateFile.read(f).boot0()).isTrue();
    }

    @Test
    void tempFilesOfAnInterruptedSaveAreRemovedOnTheNextOpen() throws Exception {
        Path f = board("STM32F767ZI");
        Path stale = tmp.resolve("." + f.getFileName() + ".123456789.tmp");
        Path other = tmp.resolve(".other.fbboard.1.tmp");
        Files.write(stale, new byte[100]);
        Files.write(other, new byte[10]);
        try (OpenTarget t = opener.open(at(f), options("test"))) {
            assertThat(stale).doesNotExist();
        }
        assertThat(other).as("another board's temp file is not ours to remove").exists();
        assertThat(notices).anyMatch(n -> n.contains("removed") && n.contains(stale.getFileName().toString()));
    }

    @Test
    void aMissingBoardFileIsRefusedAndNothingIsCreated() {
        Path f = tmp.resolve("typo.fbboard");
        assertThatThrownBy(() -> opener.open(at(f), options("test"))).isInstanceOfSatisfying(TargetOpenException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("no board at " + f
                            + "; create it with `flashbank board create --file " + f + "`");
                });
        assertThat(f).doesNotExist();
        assertThat(BoardLock.lockFileOf(f)).doesNotExist();
    }

    @Test
    void aDefaultBoardIsCreatedOnFirstUseWithAnIdentityOfItsOwn() throws Exception {
        Path a = tmp.resolve("boards/a/STM32F767ZI.fbboard");
        Path b = tmp.resolve("boards/b/STM32F767ZI.fbboard");
        for (Path f : List.of(a, b)) {
            try (OpenTarget t = opener.open(new TargetAddress.Board(Optional.of("STM32F767ZI"), f, true),
                    options("test"))) {
                assertThat(t.knownPart()).contains("STM32F767ZI");
            }
        }
        assertThat(BoardStateFile.read(a).uniqueId()).isNotEqualTo(BoardStateFile.read(b).uniqueId());
        assertThat(BoardStateFile.read(a).serial()).isNotEqualTo(BoardStateFile.read(b).serial());
        assertThat(notices).anyMatch(n -> n.startsWith("created a simulated STM32F767ZI"));
    }

    @Test
    void aBoardOfAnotherPartIsRefusedNamingBothParts() throws Exception {
        Path f = board("STM32F722ZE");
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> opener.open(new TargetAddress.Board(Optional.of("STM32F767ZI"), f, false),
                options("test"))).isInstanceOfSatisfying(TargetOpenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_PART);
                    assertThat(e.getMessage()).contains("STM32F722ZE").contains("STM32F767ZI");
                });
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        // released: the next writer gets it at once
        try (OpenTarget t = opener.open(at(f), options("next").withWaitForBoard(false))) {
            assertThat(t.knownPart()).contains("STM32F722ZE");
        }
    }

    @Test
    void aSecondWriterInTheSameProcessIsRefusedWithoutWaitAndWaitsOtherwise() throws Exception {
        Path f = board("STM32F767ZI");
        OpenTarget first = opener.open(at(f), options("first writer"));
        try {
            assertThatThrownBy(() -> opener.open(at(f), options("second").withWaitForBoard(false)))
                    .isInstanceOfSatisfying(TargetOpenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BUSY);
                        assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid())
                                .contains("(first writer)");
                    });
            CountDownLatch told = new CountDownLatch(1);
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try (OpenTarget t = opener.open(at(f), ConnectOptions.of("second").withNotices(n -> {
                    notices.add(n);
                    told.countDown();
                }))) {
                    return t.unwrap(SimulatedBoard.class).orElseThrow().boot0();
                } catch (TargetOpenException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(told.await(30, TimeUnit.SECONDS)).as("the waiting writer says so").isTrue();
            assertThat(notices).anyMatch(n -> n.contains("is in use by pid") && n.contains("(first writer)")
                    && n.endsWith("\u2014 waiting"));
            assertThat(second).as("still waiting while the first holds the board").isNotDone();
            first.unwrap(SimulatedBoard.class).orElseThrow().setBoot0(true);
            first.close();
            assertThat(second.get(30, TimeUnit.SECONDS)).as("the second sees the first's write").isTrue();
        } finally {
            first.close();
        }
    }

    @Test
    void aStaleCopyIsReloadedNeverWrittenBack() throws Exception {
        Path f = board("STM32F767ZI");
        LiveBoard mine;
        try (BoardTurn t = BoardTurn.begin(f, null, "ide", true, notices::add, null, SimulatedBoards.FAMILY)) {
            mine = t.live();
        }
        try (OpenTarget other = opener.open(at(f), options("cli"))) {
            other.unwrap(SimulatedBoard.class).orElseThrow().setBoot0(true);
        }
        assertThat(mine.isCurrent()).isFalse();
        BoardTurn turn = BoardTurn.begin(f, mine, "ide", true, notices::add, null, SimulatedBoards.FAMILY);
        try {
            assertThat(turn.reloaded()).isTrue();
            assertThat(turn.board()).isNotSameAs(mine.board());
            assertThat(turn.board().boot0()).as("the other writer's change").isTrue();
            turn.board().setVoltageMillivolts(3000);
        } finally {
            turn.close();
        }
        mine = turn.live();
        assertThat(BoardStateFile.read(f).boot0()).isTrue();
        assertThat(BoardStateFile.read(f).voltageMillivolts()).isEqualTo(3000);
        try (BoardTurn t = BoardTurn.begin(f, mine, "ide", true, notices::add, null, SimulatedBoards.FAMILY)) {
            assertThat(t.reloaded()).as("unchanged file: the copy in memory is kept").isFalse();
        }
    }
}
