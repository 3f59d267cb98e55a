package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;

import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.BoardTurn;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * A simulated board's console is visible without running it (issue 19): what {@code flashbank board run} left in the
 * board's file is written to the Flashbank console by the Targets view's Show console (context menu and toolbar, by
 * mouse); after Run firmware and Halt the board's file holds the console with the run's line after it.
 */
class BoardConsoleTest {

    static final String LINE = "console sample: bank 1, 216 MHz, 10 ms";

    @Test
    void showConsoleWritesWhatTheBoardFileKeptThenRunFirmwareAddsToIt() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        Ui.join(FirmwareSetup.programAndReset(t, SampleImages.image("console-app")));

        // another program on the same file, as `flashbank board run --for 30ms` does: a turn that keeps the console
        try (BoardTurn cli = BoardTurn.begin(t.stateFile(), null, "test: flashbank board run", true, n -> {
        }, null, InstalledFamilies.simulated())) {
            cli.board().reset(ResetKind.HARDWARE);
            cli.board().runFirmware(Duration.ofMillis(30), OptionalLong.empty());
            cli.keepConsole();
        }
        assertThat(BoardStateFile.read(t.stateFile()).console()).isEqualTo(LINE + "\r\n");

        Table rows = w.targetsTable();
        TableItem row = RealInput.clickRow(rows, t);
        Menu menu = RealInput.contextMenu(rows, row.getBounds(0).x + 20, row.getBounds(0).y + row.getBounds(0).height / 2);
        assertThat(RealInput.item(menu, "Show console")).as("Show console in the board's context menu").isNotNull();
        assertThat(RealInput.item(menu, "Show console").isEnabled()).as("on an idle simulated board").isTrue();
        RealInput.dismiss(menu);
        String shown = t.displayName() + " console: " + LINE;
        int before = FlashbankConsole.get().lines().size();
        RealInput.press(w.targetsToolItem("Show console"));
        Ui.pumpUntil("the kept line on the Flashbank console", () -> FlashbankConsole.get().lines().stream()
                .skip(before).anyMatch(l -> l.endsWith(shown)));
        Ui.pumpUntil("Show console done", () -> FlashbankConsole.get().lines().stream().skip(before)
                .anyMatch(l -> l.contains("\u2714 Showing the console") && l.contains("1 line(s)")));
        Ui.pumpUntil("the Console view shows the line", () -> FirmwareRunTest.consoleViewShows(w, shown));
        assertThat(t.board().isPowered()).isTrue();
        Ui.drain();
        Screenshots.save(w.window().getShell(), "targets-show-console");

        // the IDE's run: the reloaded board starts from its power-on reset and prints its line again
        int beforeRun = FlashbankConsole.get().lines().size();
        RealInput.press(w.targetsToolItem("Run firmware"));
        Ui.pumpUntil("the run's line on the Flashbank console", () -> FlashbankConsole.get().lines().stream()
                .skip(beforeRun).anyMatch(l -> l.endsWith(shown)));
        Ui.pumpUntil("Halt on", () -> w.targetsToolItem("Halt firmware").isEnabled());
        assertThat(w.targetsToolItem("Show console").isEnabled()).as("Show console while the run shows it").isFalse();
        RealInput.press(w.targetsToolItem("Halt firmware"));
        Ui.pumpUntil("the run ended", () -> !w.targets().isRunningFirmware(t));
        assertThat(BoardStateFile.read(t.stateFile()).console()).as("the board's file after Run firmware")
                .isEqualTo(LINE + "\r\n" + LINE + "\r\n");
    }
}
