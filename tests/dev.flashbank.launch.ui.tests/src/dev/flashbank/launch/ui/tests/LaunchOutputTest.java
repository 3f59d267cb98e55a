package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.ui.console.FlashbankConsole;

/**
 * Issue 16 finding 10 (the Common tab's console / output-file settings did nothing): a Flashbank launch writes its log
 * to the Common tab's "Output File" - replaced, or appended to with "Append" - and a launch whose "Allocate console"
 * is off puts nothing in the Flashbank console. Before: every line went to the console and no file was written.
 */
class LaunchOutputTest {

    @TempDir
    Path tmp;

    @AfterEach
    void deleteConfigurations() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    /**
     * On the Common tab the user unticks "Allocate console", ticks "Output File", types the file and ticks "Append"
     * (real mouse clicks and keys), then applies; two launches of it both land in the file, none in the console.
     */
    @Test
    void theCommonTabsOutputFileGetsTheLogAndNoConsoleWhenItIsOff() throws Exception {
        Path out = tmp.resolve("flash.log");
        ILaunchConfiguration c = borLaunch("to-file").doSave();
        List<Throwable> thrown = InDialog.run(c, "Common", dialog -> {
            Button console = checkBox(dialog, "Allocate console");
            if (console.getSelection()) {
                RealKeys.press(console);
            }
            Button file = checkBox(dialog, "Output File:");
            if (!file.getSelection()) {
                RealKeys.press(file);
            }
            Text path = (Text) nextTo(file);
            RealKeys.clickInto(path);
            for (char ch : out.toString().toCharArray()) {
                RealKeys.type(dialog.getDisplay(), ch);
            }
            Button append = checkBox(dialog, "Append");
            if (!append.getSelection()) {
                RealKeys.press(append);
            }
            InDialog.screenshot(dialog, "launch-common-tab-output-file");
            RealKeys.press(button(dialog, "Apply"));
        });
        assertThat(thrown).isEmpty();
        assertThat(c.getAttribute(IDebugUIConstants.ATTR_CAPTURE_IN_CONSOLE, true)).as("Allocate console off").isFalse();
        assertThat(c.getAttribute(IDebugUIConstants.ATTR_CAPTURE_IN_FILE, "")).isEqualTo(out.toString());
        assertThat(c.getAttribute(IDebugUIConstants.ATTR_APPEND_TO_FILE, false)).isTrue();

        int consoleBefore = FlashbankConsole.get().lines().size();
        ILaunch first = launch(c);
        ILaunch second = launch(c);
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log.lines().toList()).as("both launches, in order (Append)").containsExactlyElementsOf(
                java.util.stream.Stream.concat(first.getAttribute(FlashbankLaunchLog.LOG).lines(),
                        second.getAttribute(FlashbankLaunchLog.LOG).lines()).toList());
        assertThat(log).contains("Flashbank launch 'to-file'").contains("Flashbank launch finished: OK");
        assertThat(FlashbankConsole.get().lines().subList(consoleBefore, FlashbankConsole.get().lines().size()))
                .as("no console for a launch whose Allocate console is off").noneMatch(l -> l.contains("[to-file]"));
    }

    /** Without "Append" the file holds the last launch only; with the console allocated, the console has it too. */
    @Test
    void withoutAppendTheFileHoldsTheLastLaunchAndTheConsoleToo() throws Exception {
        Path out = tmp.resolve("replaced.log");
        Files.writeString(out, "a launch of yesterday\n");
        ILaunchConfigurationWorkingCopy wc = borLaunch("replaced");
        wc.setAttribute(IDebugUIConstants.ATTR_CAPTURE_IN_FILE, out.toString());
        ILaunch l = launch(wc.doSave());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).containsExactlyElementsOf(l.getAttribute(FlashbankLaunchLog.LOG).lines().toList());
        assertThat(lines).doesNotContain("a launch of yesterday");
        assertThat(FlashbankConsole.get().lines()).anyMatch(x -> x.endsWith("[replaced] Flashbank launch finished: OK"));
    }

    private static ILaunch launch(ILaunchConfiguration c) throws CoreException {
        ILaunch l = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(l.getAttribute(FlashbankLaunchLog.STATUS)).as(l.getAttribute(FlashbankLaunchLog.LOG)).startsWith("OK");
        return l;
    }

    /** An Option Bytes launch that sets BOR level 1 on a fresh simulated F767 (nothing to confirm). */
    private ILaunchConfigurationWorkingCopy borLaunch(String name) throws Exception {
        Path board = tmp.resolve(name + ".fbboard");
        BoardStateFile.save(SimulatedBoards.create("STM32F767ZI"), board);
        Path profile = tmp.resolve(name + ".fbopt");
        OptionProfileFile.write(profile, new OptionProfile("STM32F767ZI", 2048, OptionBytes.factory(
                Stm32F7Line.F76X_F77X).withBorLevel(Stm32F7OptionFields.BorLevel.LEVEL_1), Instant.now(), name));
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationWorkingCopy wc = m.getLaunchConfigurationType(TYPE_OPTION_BYTES).newInstance(null, name);
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, board.toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(OPTION_PROFILE, profile.toString());
        wc.setAttribute(RESET_AND_RUN, false);
        return wc;
    }

    private static Button checkBox(Shell dialog, String labelStart) {
        return LaunchDialogTest.all(dialog).stream().filter(c -> c instanceof Button b && b.isVisible()
                && b.getText().replace("&", "").startsWith(labelStart)).map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no check box '" + labelStart + "' on the Common tab"));
    }

    private static Button button(Shell dialog, String label) {
        return LaunchDialogTest.all(dialog).stream().filter(c -> c instanceof Button b && b.isVisible()
                && b.getText().replace("&", "").equals(label)).map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "'"));
    }

    /** The control after {@code c} among its siblings (the Common tab puts the file's field after its check box). */
    private static Control nextTo(Control c) {
        Control[] siblings = c.getParent().getChildren();
        for (int i = 0; i < siblings.length - 1; i++) {
            if (siblings[i] == c) {
                return siblings[i + 1];
            }
        }
        throw new AssertionError("nothing after " + c);
    }
}
