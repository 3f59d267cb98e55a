package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.BoardJournal;
import dev.flashbank.core.ops.OptionWriteGuard;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/**
 * The journal of the banks before an option write (swap, rollback, bank-update) on an F7 whose core runs: the F7's
 * target-side CRC needs a halted core, so the guard halts it for the capture and lets it run after; a bank the journal
 * already holds is then compared by CRC, not read back (before: every non-erased sector was read while the firmware
 * ran between the probe's accesses - F767 swap 6.3 s of modelled time).
 */
class JournalCaptureHaltTest {

    @TempDir
    Path root;

    @Test
    void aRunningCoreIsHaltedForTheCaptureAndAnUnchangedBankIsNotReadAgain() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        SimTarget t = SimTarget.on(board);
        assertThat(board.coreHalted()).as("the firmware runs").isFalse();
        List<String> calls = new ArrayList<>();
        FlashDriver recording = (FlashDriver) Proxy.newProxyInstance(FlashDriver.class.getClassLoader(),
                new Class<?>[] { FlashDriver.class }, (proxy, m, args) -> {
                    String state = board.coreHalted() ? " halted" : " running";
                    Object r;
                    try {
                        r = m.invoke(t.driver(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("readFlash") || m.getName().equals("matchesOnTarget")) {
                        calls.add(m.getName() + (r instanceof Boolean b ? " " + b : "") + state);
                    }
                    return r;
                });
        OptionImage options = t.driver().readOptions();
        OptionWriteGuard guard = BoardJournal.guardOf(root, t.probe(), Boards.PART, line -> {
        });

        guard.beforeOptionWrite(recording, options, options); // first capture: the journal is empty, banks are read
        assertThat(calls).isNotEmpty().allMatch(c -> c.endsWith(" halted"));
        assertThat(board.coreHalted()).as("the firmware runs again after the capture").isFalse();

        calls.clear();
        guard.beforeOptionWrite(recording, options, options); // nothing changed: one CRC per bank, no read
        assertThat(calls).containsExactly("matchesOnTarget true halted", "matchesOnTarget true halted");
        assertThat(board.coreHalted()).isFalse();

        BoardJournal journal = BoardJournal.of(root, new dev.flashbank.core.session.TargetSession(t.probe(),
                dev.flashbank.families.InstalledFamilies.families()).identify().uniqueId());
        for (int bank = 1; bank <= 2; bank++) {
            BoardJournal.BankImage image = journal.bank(bank).orElseThrow();
            long base = bank == 1 ? Boards.BANK1 : Boards.BANK2;
            assertThat(t.probe().memory().read(base, image.length(), AccessWidth.WORD)).isEqualTo(image.bytes());
        }
    }
}
