package dev.flashbank.integration.tests.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BootReport;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.sim.twin.TwinPreview;
import dev.flashbank.sim.twin.TwinReport;
import dev.flashbank.sim.twin.TwinSource;
import dev.flashbank.families.InstalledFamilies;

class TwinPreviewTest {

    /** A minimal vector table: initial SP in DTCM, reset handler (Thumb) just after the table in the same image. */
    private static byte[] image(long linkAddress) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x2002_0000);
        b.putInt((int) (linkAddress + 0x200 + 1));
        return b.array();
    }

    private static Stm32F7FlashDriver driver(SimulatedBoard board) throws Exception {
        SimulatedProbe p = SimulatedProbe.connect(board);
        return new Stm32F7FlashDriver(p, board.descriptor(), board.flashSizeKiB(), new SimulatorPollClock(p),
                FlashDriverSettings.defaults());
    }

    /** Default board with images at 0x0800_0000 and 0x0810_0000 (each linked for its address). */
    private static SimulatedBoard boardWithTwoImages() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        Stm32F7FlashDriver d = driver(board);
        d.program(0x0800_0000L, image(0x0800_0000L), FlashProgress.NONE);
        d.program(0x0810_0000L, image(0x0810_0000L), FlashProgress.NONE);
        return board;
    }

    @Test
    void showsWhichImageBootsAfterABootAdd1ChangeWithoutTouchingTheSource() throws Exception {
        SimulatedBoard board = boardWithTwoImages();
        board.setBoot0(true);
        board.reset(ResetKind.SYSTEM);
        OptionBytes before = board.storedOptions();
        OptionBytes wanted = before.withBootAddress1(0x0810_0000L, board.flashSizeKiB());

        TwinReport r = TwinPreview.preview(TwinSource.of(board), wanted, InstalledFamilies.families());

        assertThat(r.writeProblem()).isEmpty();
        assertThat(r.contentsKnown()).isTrue();
        assertThat(r.bootBefore().source()).as("factory BOOT_ADD1 = system memory").isEqualTo(BootReport.Source.SYSTEM_MEMORY);
        assertThat(r.bootAfter().source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(r.bootAfter().imageAddress()).isEqualTo(0x0810_0000L);
        assertThat(r.bootAfter().imageValid()).isTrue();
        assertThat(r.bootChanged()).isTrue();
        assertThat(r.erasedSectors()).isEmpty();
        assertThat(r.debuggerCanConnect()).isTrue();
        assertThat(r.debuggerCanReadFlash()).isTrue();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("Next reset:") && l.contains("0x08100000"))
                .anyMatch(l -> l.equals("Erased: nothing"));
        assertThat(r.bootAfterOtherPin().boot0()).isFalse();
        assertThat(r.bootAfterOtherPin().bootAddOption()).isZero();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("With BOOT0=0 instead:"));
        assertThat(board.storedOptions()).as("the source board is never written").isEqualTo(before);
        assertThat(board.boot0()).isTrue();
    }

    @Test
    void rdpLevel2LocksTheDebuggerOutOfTheTwinOnly() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        TwinReport r = TwinPreview.preview(TwinSource.of(board), board.storedOptions().withRdpLevel(RdpLevel.LEVEL_2), InstalledFamilies.families());
        assertThat(r.debuggerCanConnect()).isFalse();
        assertThat(r.after().rdpLevel()).isEqualTo(RdpLevel.LEVEL_2);
        assertThat(r.lines()).anyMatch(l -> l.contains("can NOT connect") && l.contains("FOREVER"));
        assertThat(SimulatedProbe.connect(board)).as("the real (source) board still answers").isNotNull();
        assertThat(board.storedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
    }

    @Test
    void rdpRegressionShowsTheMassErase() throws Exception {
        SimulatedBoard board = boardWithTwoImages();
        Stm32F7FlashDriver d = driver(board);
        d.writeOptions(board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1), FlashProgress.NONE);
        board.reset(ResetKind.SYSTEM);
        assertThat(board.latchedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);

        TwinReport r = TwinPreview.preview(TwinSource.of(board), board.storedOptions().withRdpLevel(RdpLevel.LEVEL_0), InstalledFamilies.families());

        assertThat(r.massErased()).isTrue();
        assertThat(r.erasedSectors()).extracting(s -> s.number()).containsExactly(0, 8);
        assertThat(r.erasedBytes()).as("two 1 KiB images").isEqualTo(2 * 1024);
        assertThat(r.bootAfter().imageValid()).as("nothing left to boot").isFalse();
        assertThat(r.debuggerCanReadFlash()).isTrue();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("Erased: ALL user flash"));
        assertThat(board.readCells(1, 0, 4)).as("source keeps its image").isNotEqualTo(new byte[] { -1, -1, -1, -1 });
    }

    @Test
    void rdpLevel1KeepsTheDebuggerConnectedButBlind() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        TwinReport r = TwinPreview.preview(TwinSource.of(board), board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1), InstalledFamilies.families());
        assertThat(r.debuggerCanConnect()).isTrue();
        assertThat(r.debuggerCanReadFlash()).isFalse();
        assertThat(r.erasedSectors()).isEmpty();
    }

    @Test
    void bankModeChangeReportsTheNewLayout() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        TwinReport r = TwinPreview.preview(TwinSource.of(board), board.storedOptions().withBankMode(BankMode.DUAL), InstalledFamilies.families());
        assertThat(r.bankLayoutChanged()).isTrue();
        assertThat(r.geometryBefore().sectors()).hasSize(12);
        assertThat(r.geometryAfter().sectors()).hasSize(24);
        assertThat(r.lines()).anyMatch(l -> l.startsWith("Bank layout: dual bank, 24 sectors of 16/64/128 KiB")
                && l.contains("reprogram the whole flash"));
    }

    @Test
    void aRealPartWithoutKnownContentsSaysSo() throws Exception {
        OptionBytes options = SimulatedBoards.createFactoryFresh().storedOptions();
        TwinSource s = TwinSource.ofRealPart(options, SimulatedBoards.createFactoryFresh().descriptor(), 1024, false, SimulatedBoards.FAMILY);
        assertThat(s.orderCode()).isEqualTo("STM32F765ZG");
        TwinReport r = TwinPreview.preview(s, options.withBootAddress0(0x0800_0000L, 1024), InstalledFamilies.families());
        assertThat(r.contentsKnown()).isFalse();
        assertThat(r.bootAfter().imageAddress()).isEqualTo(0x0800_0000L);
        assertThat(r.lines()).anyMatch(l -> l.contains("NOT known")).anyMatch(l -> l.contains("no valid image"));
    }
}
