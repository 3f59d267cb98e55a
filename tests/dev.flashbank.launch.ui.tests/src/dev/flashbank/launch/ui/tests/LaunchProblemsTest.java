package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.ui.problems.DoctorMarkers;

/**
 * Issue 16 finding 5: a launch that fails puts the doctor's warnings and errors in the Problems view, on its launch
 * file when the configuration is shared in a project; the next launch that succeeds removes them. Before: the
 * findings were only in the launch's error dialog and log.
 */
class LaunchProblemsTest {

    @TempDir
    Path tmp;

    private IProject project;
    /** The launches that logged a line, in order (a failed launch is removed from the launch manager). */
    private final List<ILaunch> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FlashbankLaunchLog.Listener seen = (l, line) -> {
        if (!launched.contains(l)) {
            launched.add(l);
        }
    };

    @AfterEach
    void deleteAll() throws CoreException {
        FlashbankLaunchLog.removeListener(seen);
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
        if (project != null) {
            project.delete(true, true, null);
        }
    }

    @Test
    void aFailedLaunchMarksItsSharedLaunchFileUntilALaunchSucceeds() throws Exception {
        FlashbankLaunchLog.addListener(seen);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("firmware-" + System.nanoTime());
        project.create(null);
        project.open(null);
        Path board = tmp.resolve("protected.fbboard");
        // sector 0 write-protected: programming bank 1 is refused by the erase pre-flight, nothing written
        BoardStateFile.save(SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withOptionBytes(
                OptionBytes.factory(Stm32F7Line.F76X_F77X).withWriteProtection(0, true))), board);
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(TYPE_BANK_UPDATE).newInstance(project, "program bank 1");
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, board.toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(IMAGE_PATH, LaunchDialogTest.images().resolve("app-bank1.hex").toString());
        wc.setAttribute(MODE, LaunchSpec.Mode.PROGRAM_ACTIVE.name());
        wc.setAttribute(SCHEME, "BOOT_ADD");
        wc.setAttribute(VERIFY, true);
        wc.setAttribute(SWAP, false);
        wc.setAttribute(RESET_AND_RUN, false);
        wc.setAttribute(BACKUP_DIR, tmp.resolve("backups").toString());
        ILaunchConfiguration c = wc.doSave();
        assertThat(c.getFile()).as("shared: a file of the project").isNotNull();

        ILaunch failed = launch(c);
        String log = failed.getAttribute(FlashbankLaunchLog.LOG);
        assertThat(failed.getAttribute(FlashbankLaunchLog.STATUS)).as(log).startsWith("REFUSED")
                .contains("write-protected");
        List<IMarker> markers = DoctorMarkers.ofLaunch("program bank 1");
        assertThat(markers).as("the doctor's findings on the launch file; the launch's log:\n" + log).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getResource()).isEqualTo(c.getFile()))
                .anySatisfy(m -> {
                    assertThat(m.getAttribute(DoctorMarkers.CODE, "")).isEqualTo("WRITE_PROTECTION");
                    assertThat(m.getAttribute(IMarker.SEVERITY, -1)).isEqualTo(IMarker.SEVERITY_WARNING);
                    assertThat(m.getAttribute(DoctorMarkers.FIX, "")).contains("nWRP0=1");
                });
        assertThat(markers).allSatisfy(m -> assertThat(m.getAttribute(IMarker.LOCATION, ""))
                .contains("program bank 1").contains(c.getFile().getLocation().toOSString()));
        // this launch's findings nowhere else (other test classes' boards and launches may have markers of their own)
        assertThat(java.util.Arrays.stream(ResourcesPlugin.getWorkspace().getRoot().findMarkers(DoctorMarkers.TYPE,
                true, IResource.DEPTH_INFINITE)).filter(m -> m.getAttribute(IMarker.LOCATION, "")
                        .contains(c.getFile().getLocation().toOSString()))).as("nothing elsewhere")
                .hasSameSizeAs(markers);

        ILaunch again = launch(c);
        assertThat(again.getAttribute(FlashbankLaunchLog.STATUS)).startsWith("REFUSED");
        assertThat(DoctorMarkers.ofLaunch("program bank 1")).as("replaced, not added").hasSameSizeAs(markers)
                .noneMatch(markers::contains);

        Files.delete(board); // the protection removed: a fresh board
        BoardStateFile.save(SimulatedBoards.create("STM32F767ZI"), board);
        ILaunch ok = launch(c);
        assertThat(ok.getAttribute(FlashbankLaunchLog.STATUS)).as(ok.getAttribute(FlashbankLaunchLog.LOG))
                .startsWith("OK");
        assertThat(DoctorMarkers.ofLaunch("program bank 1")).as("a launch that succeeds takes its problems away")
                .isEmpty();
    }

    private ILaunch launch(ILaunchConfiguration c) {
        int before = launched.size();
        try {
            c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        } catch (CoreException e) {
            // a failed launch throws (its status is on the launch)
        }
        assertThat(launched).hasSize(before + 1);
        return launched.get(before);
    }
}
