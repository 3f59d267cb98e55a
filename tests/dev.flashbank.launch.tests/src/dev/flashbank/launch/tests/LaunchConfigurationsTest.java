package dev.flashbank.launch.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.internal.core.groups.GroupLaunchConfigurationDelegate;
import org.eclipse.debug.internal.core.groups.GroupLaunchElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.launch.FlashbankLaunch;
import dev.flashbank.launch.FlashbankLaunchDelegate;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * Issue 9 acceptance, headless: launch configurations created through the launch manager and launched against
 * simulated boards (state files in a temp folder), asserting the board afterwards.
 */
class LaunchConfigurationsTest {

    static final String GROUP_TYPE = "org.eclipse.debug.core.groups.GroupLaunchConfigurationType";
    static final long BANK1 = 0x0800_0000L;
    static final long BANK2 = 0x0810_0000L;

    @TempDir
    Path tmp;

    Path images;
    Path boardFile;
    ILaunchManager manager;
    final List<String> logged = new CopyOnWriteArrayList<>();
    final FlashbankLaunchLog.Listener listener = (l, line) -> logged.add(line);

    @BeforeEach
    void setUp() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER))) {
            p = p.getParent();
        }
        images = p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER);
        boardFile = tmp.resolve("board.fbboard");
        manager = DebugPlugin.getDefault().getLaunchManager();
        FlashbankLaunchLog.addListener(listener);
    }

    @AfterEach
    void tearDown() throws CoreException {
        TestReviewer.answer = null;
        TestReviewer.shown.clear();
        FlashbankLaunchLog.removeListener(listener);
        for (ILaunchConfiguration c : manager.getLaunchConfigurations()) {
            c.delete();
        }
        manager.removeLaunches(manager.getLaunches());
    }

    void newBoard(boolean dualBank) throws Exception {
        BoardOptions o = BoardOptions.defaults();
        if (dualBank) {
            o = o.withOptionBytes(OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL));
        }
        BoardStateFile.save(SimulatedBoards.create("STM32F767ZI", o), boardFile);
    }

    SimulatedBoard board() throws Exception {
        return SimulatedBoards.load(boardFile); // the launch tests run on STM32F7 boards
    }

    ILaunchConfigurationWorkingCopy config(String type, String name) throws CoreException {
        ILaunchConfigurationWorkingCopy wc = manager.getLaunchConfigurationType(type).newInstance(null, name);
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, boardFile.toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(BACKUP_DIR, tmp.resolve("backups").toString());
        return wc;
    }

    ILaunchConfigurationWorkingCopy update(String name, String image, LaunchSpec.Mode mode) throws CoreException {
        ILaunchConfigurationWorkingCopy wc = config(TYPE_BANK_UPDATE, name);
        wc.setAttribute(IMAGE_PATH, images.resolve(image).toString());
        wc.setAttribute(MODE, mode.name());
        wc.setAttribute(SCHEME, "BOOT_ADD");
        wc.setAttribute(SWAP, mode == LaunchSpec.Mode.BANK_UPDATE);
        wc.setAttribute(RESET_AND_RUN, true);
        return wc;
    }

    /** Bank 1 holds app-bank1 and runs: the state before an A/B update. */
    void bank1Running() throws Exception {
        newBoard(true);
        ILaunch l = update("Program bank 1", "app-bank1.hex", LaunchSpec.Mode.PROGRAM_ACTIVE).doSave()
                .launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(l.getAttribute(FlashbankLaunchLog.STATUS)).startsWith("OK");
        assertThat(board().predictBoot().physicalBank()).isEqualTo(1);
    }

    static boolean holds(SimulatedBoard b, FirmwareImage img, int physicalBank, long slotBase) {
        byte[] bank = b.snapshot().flashBank(physicalBank);
        for (Segment s : img.segments()) {
            byte[] want = s.data();
            int off = (int) (s.address() - slotBase);
            if (!Arrays.equals(Arrays.copyOfRange(bank, off, off + want.length), want)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void bankUpdateLaunchProgramsTheInactiveBankVerifiesAndSwitches() throws Exception {
        bank1Running();
        OptionBytes before = board().storedOptions();
        ILaunch l = update("Update bank 2", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE).doSave()
                .launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());

        assertThat(l).isInstanceOf(FlashbankLaunch.class);
        assertThat(l.isTerminated()).isTrue();
        assertThat(l.getAttribute(FlashbankLaunchLog.STATUS)).startsWith("OK: bank update: running from physical bank 1");
        SimulatedBoard b = board();
        assertThat(holds(b, ImageReader.read(images.resolve("app-bank2.elf")), 2, BANK2)).as("new image in bank 2")
                .isTrue();
        assertThat(holds(b, ImageReader.read(images.resolve("app-bank1.hex")), 1, BANK1)).as("old image intact")
                .isTrue();
        assertThat(b.predictBoot().physicalBank()).as("switched and reset").isEqualTo(2);
        assertThat(b.storedOptions()).isNotEqualTo(before);
        // the backup holds the options from before the switch
        try (var files = Files.list(tmp.resolve("backups"))) {
            assertThat(files.toList()).hasSizeGreaterThanOrEqualTo(1);
        }
        assertThat(logged).anyMatch(s -> s.startsWith("Backup of the option bytes"))
                .anyMatch(s -> s.equals("Flashbank launch finished: OK"));
        assertThat(l.getAttribute(FlashbankLaunchLog.LOG)).contains("Image: ").contains("verify OK");
    }

    @Test
    void aLaunchGroupRunsTheBankUpdateThenTheSecondLaunch() throws Exception {
        bank1Running();
        ILaunchConfiguration first = update("Update bank 2", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE).doSave();
        ILaunchConfigurationWorkingCopy swap = config(TYPE_SWAP_BANKS, "Roll back");
        swap.setAttribute(SWAP_ACTION, LaunchSpec.SwapAction.ROLLBACK.name());
        swap.setAttribute(SCHEME, "BOOT_ADD");
        swap.setAttribute(RESET_AND_RUN, true);
        ILaunchConfiguration second = swap.doSave();

        ILaunchConfigurationWorkingCopy group = manager.getLaunchConfigurationType(GROUP_TYPE).newInstance(null,
                "Update then roll back");
        GroupLaunchConfigurationDelegate.storeLaunchElements(group, List.of(element(0, first), element(1, second)));
        group.doSave().launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());

        List<String> statuses = Arrays.stream(manager.getLaunches()).filter(FlashbankLaunch.class::isInstance)
                .map(x -> x.getLaunchConfiguration().getName() + " " + x.getAttribute(FlashbankLaunchLog.STATUS))
                .toList();
        assertThat(statuses).anyMatch(s -> s.startsWith("Update bank 2 OK"))
                .anyMatch(s -> s.startsWith("Roll back OK"));
        // rollback after the update: bank 1 boots again and the updated bank 2 is still there. In the other order the
        // rollback would have been refused (bank 2 was empty) and bank 2 would boot.
        SimulatedBoard b = board();
        assertThat(b.predictBoot().physicalBank()).isEqualTo(1);
        assertThat(holds(b, ImageReader.read(images.resolve("app-bank2.elf")), 2, BANK2)).isTrue();
        assertThat(logged.indexOf("Flashbank launch 'Update bank 2' (Flashbank Bank Update)"))
                .isLessThan(logged.indexOf("Flashbank launch 'Roll back' (Flashbank Swap Banks)")).isNotNegative();
    }

    static GroupLaunchElement element(int index, ILaunchConfiguration c) {
        GroupLaunchElement e = new GroupLaunchElement();
        e.index = index;
        e.name = c.getName();
        e.data = c;
        e.enabled = true;
        e.mode = GroupLaunchElement.MODE_INHERIT;
        e.action = GroupLaunchElement.GroupElementPostLaunchAction.WAIT_FOR_TERMINATION;
        return e;
    }

    @Test
    void invalidConfigurationsAreRejectedBeforeTheTargetIsOpened() throws Exception {
        ILaunchConfigurationWorkingCopy noImage = update("No image", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE);
        noImage.setAttribute(IMAGE_PATH, "");
        assertThatThrownBy(() -> noImage.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .satisfies(e -> assertThat(((CoreException) e).getStatus().getCode())
                        .isEqualTo(FlashbankLaunchDelegate.CODE_INVALID))
                .hasMessageContaining("No image file given");
        assertThat(boardFile).as("no board was created").doesNotExist();

        ILaunchConfigurationWorkingCopy remap = update("Remap mismatch", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE);
        remap.setAttribute(SCHEME, "REMAP");
        assertThatThrownBy(() -> remap.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessageContaining("Link address mismatch: the REMAP scheme runs every image at 0x08000000");

        ILaunchConfigurationWorkingCopy single = update("Single bank", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE);
        single.setAttribute(SIM_PART, "STM32F746ZG");
        assertThatThrownBy(() -> single.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessageContaining("STM32F746ZG").hasMessageContaining("has a single flash bank");

        // a dual-bank-capable part that is in single-bank mode is found out once connected: refused, nothing written
        newBoard(false);
        byte[] flashBefore = board().snapshot().flashBank(1);
        ILaunchConfigurationWorkingCopy mode = update("Single mode", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE);
        assertThatThrownBy(() -> mode.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .satisfies(e -> assertThat(((CoreException) e).getStatus().getCode())
                        .isEqualTo(FlashbankLaunchDelegate.CODE_REFUSED))
                .hasMessageContaining("single-bank mode (nDBANK = 1)");
        assertThat(board().snapshot().flashBank(1)).isEqualTo(flashBefore);
    }

    @Test
    void cancelMidProgrammingLeavesTheActiveBankAndTheOptionBytesUntouched() throws Exception {
        bank1Running();
        SimulatedBoard before = board();
        byte[] bank1 = before.snapshot().flashBank(1);
        OptionBytes options = before.storedOptions();
        CancelOnWork monitor = new CancelOnWork();
        ILaunchConfigurationWorkingCopy wc = update("Update bank 2", "app-bank2.elf", LaunchSpec.Mode.BANK_UPDATE);
        wc.setAttribute(BACKUP_OPTIONS, false);
        // the delegate reports a CANCEL status; the platform's own progress checks may turn it into its
        // OperationCanceledException on the way out - either way the launch ends as canceled
        assertThatThrownBy(() -> wc.launch(ILaunchManager.RUN_MODE, monitor)).satisfies(e -> assertThat(
                e instanceof org.eclipse.core.runtime.OperationCanceledException || e instanceof CoreException c
                        && c.getStatus().getSeverity() == IStatus.CANCEL).as(e.toString()).isTrue());
        assertThat(logged).anyMatch(s -> s.startsWith("Canceled: Bank update canceled"));
        assertThat(monitor.workBeforeCancel).as("canceled after some work was done").isPositive();
        SimulatedBoard after = board();
        assertThat(after.snapshot().flashBank(1)).isEqualTo(bank1);
        assertThat(after.storedOptions()).isEqualTo(options);
        assertThat(after.predictBoot().physicalBank()).isEqualTo(1);
        assertThat(logged).anyMatch(s -> s.startsWith("Canceled: "));
    }

    @Test
    void optionBytesLaunchAppliesASavedProfileAfterABackup() throws Exception {
        newBoard(false);
        OptionBytes single = board().storedOptions();
        assertThat(single.bankMode()).isEqualTo(BankMode.SINGLE);
        Path profile = tmp.resolve("dual-bank.fbopt");
        OptionProfileFile.write(profile, new OptionProfile("STM32F767ZI", 2048, single.withBankMode(BankMode.DUAL),
                java.time.Instant.now(), "production: dual-bank mode"));
        ILaunchConfigurationWorkingCopy wc = config(TYPE_OPTION_BYTES, "Dual bank");
        wc.setAttribute(OPTION_PROFILE, profile.toString());
        wc.setAttribute(RESET_AND_RUN, true);
        TestReviewer.answer = Confirmation.of(true, null); // nDBANK re-lays the flash: the user ticks "erase"
        ILaunch l = wc.doSave().launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(TestReviewer.shown).singleElement().satisfies(r -> assertThat(r.changes())
                .extracting(c -> c.option()).containsExactly("nDBANK"));

        assertThat(l.getAttribute(FlashbankLaunchLog.STATUS)).startsWith("OK: STM32F767ZI: wrote nDBANK");
        assertThat(board().storedOptions().bankMode()).isEqualTo(BankMode.DUAL);
        try (var files = Files.list(tmp.resolve("backups"))) {
            Path backup = files.filter(f -> f.toString().endsWith(".fbopt")).findFirst().orElseThrow();
            assertThat(OptionProfileFile.read(backup, FlashbankLaunchDelegate.FAMILIES).options()).as("backup holds the values before").isEqualTo(single);
        }
    }

    /** An Option Bytes launch of {@code options} (a profile written to a file), with RESET_AND_RUN off. */
    ILaunchConfigurationWorkingCopy optionLaunch(String name, OptionBytes options, String extraProfileLine)
            throws Exception {
        Path profile = tmp.resolve(name + ".fbopt");
        OptionProfileFile.write(profile, new OptionProfile("STM32F767ZI", 2048, options, java.time.Instant.now(), name));
        if (extraProfileLine != null) {
            Files.writeString(profile, Files.readString(profile) + extraProfileLine + "\n");
        }
        ILaunchConfigurationWorkingCopy wc = config(TYPE_OPTION_BYTES, name);
        wc.setAttribute(OPTION_PROFILE, profile.toString());
        wc.setAttribute(RESET_AND_RUN, false);
        return wc;
    }

    /** Launches {@code wc} expecting a refusal (CODE_REFUSED) and a board state file unchanged to the byte. */
    CoreException refusedUnchanged(ILaunchConfigurationWorkingCopy wc) throws Exception {
        byte[] before = Files.readAllBytes(boardFile);
        CoreException e = org.junit.jupiter.api.Assertions.assertThrows(CoreException.class,
                () -> wc.doSave().launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()));
        assertThat(e.getStatus().getCode()).as(e.getStatus().getMessage()).isEqualTo(FlashbankLaunchDelegate.CODE_REFUSED);
        assertThat(Files.readAllBytes(boardFile)).as("board state after a refused launch").isEqualTo(before);
        return e;
    }

    @Test
    void erasingAndIrreversibleOptionLaunchesAskTheReviewAtRunTimeAndAreRefusedWithoutIt() throws Exception {
        newBoard(false);
        OptionBytes factory = board().storedOptions();
        // ERASES_FLASH: nobody confirms (the review answers "erase" unticked) -> refused, nothing written
        TestReviewer.answer = Confirmation.NONE;
        CoreException e = refusedUnchanged(optionLaunch("dual", factory.withBankMode(BankMode.DUAL), null));
        assertThat(e.getStatus().getMessage()).contains("nDBANK").contains("re-lays the whole flash");
        assertThat(TestReviewer.shown).as("asked at run time").hasSize(1);
        // IRREVERSIBLE: the erase tick does not confirm level 2, a wrong name neither
        TestReviewer.answer = Confirmation.of(true, "stm32f767zi");
        refusedUnchanged(optionLaunch("level2", factory.withRdp(0xCC), null));
        // the review canceled: a cancel status, nothing written
        TestReviewer.answer = null;
        byte[] before = Files.readAllBytes(boardFile);
        CoreException canceled = org.junit.jupiter.api.Assertions.assertThrows(CoreException.class,
                () -> optionLaunch("dual2", factory.withBankMode(BankMode.DUAL), null).doSave()
                        .launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()));
        assertThat(canceled.getStatus().getSeverity()).isEqualTo(IStatus.CANCEL);
        assertThat(Files.readAllBytes(boardFile)).isEqualTo(before);

        // confirmed in the review: applied
        TestReviewer.answer = Confirmation.of(false, "STM32F767ZI");
        ILaunch l = optionLaunch("level2-ok", factory.withRdp(0xCC), null).doSave()
                .launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(l.getAttribute(FlashbankLaunchLog.STATUS)).startsWith("OK");
        assertThat(board().storedOptions().rdp()).isEqualTo(0xCC);
    }

    @Test
    void aLaunchOrProfileThatStoresAConfirmationIsRefusedBeforeAnythingIsOpened() throws Exception {
        newBoard(false);
        OptionBytes factory = board().storedOptions();
        TestReviewer.answer = Confirmation.of(true, "STM32F767ZI"); // even a willing reviewer is never asked
        ILaunchConfigurationWorkingCopy stored = optionLaunch("stored", factory.withBankMode(BankMode.DUAL), null);
        stored.setAttribute(CONFIRM_PART, "STM32F767ZI");
        CoreException e = refusedUnchanged(stored);
        assertThat(e.getStatus().getMessage()).contains("stores a confirmation").contains(CONFIRM_PART);
        CoreException p = refusedUnchanged(optionLaunch("in-profile", factory.withBankMode(BankMode.DUAL),
                "confirm: STM32F767ZI"));
        assertThat(p.getStatus().getMessage()).contains("in-profile.fbopt").contains("stores a confirmation");
        assertThat(TestReviewer.shown).isEmpty();
        assertThat(LaunchSpec.problemsByAttribute(TYPE_OPTION_BYTES, stored.getAttributes(),
                FlashbankLaunchDelegate.ECLIPSE_VARIABLES, FlashbankLaunchDelegate.FAMILIES))
                .anyMatch(LaunchSpec.Problem::storedConfirmation);
    }

    @Test
    void swapBanksLaunchRefusesWhenTheOtherBankHoldsNoImage() throws Exception {
        bank1Running();
        OptionBytes options = board().storedOptions();
        ILaunchConfigurationWorkingCopy wc = config(TYPE_SWAP_BANKS, "Swap");
        wc.setAttribute(SWAP_ACTION, LaunchSpec.SwapAction.SWITCH.name());
        wc.setAttribute(SCHEME, "BOOT_ADD");
        assertThatThrownBy(() -> wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .satisfies(e -> assertThat(((CoreException) e).getStatus().getCode())
                        .isEqualTo(FlashbankLaunchDelegate.CODE_REFUSED))
                .satisfies(e -> assertThat(((CoreException) e).getStatus().getChildren()).as("fixes and doctor")
                        .isNotEmpty());
        assertThat(board().storedOptions()).isEqualTo(options);
    }

    /**
     * Presses Cancel at the first work the bank update reports (armed by its task name, so the platform's own
     * launch steps before the delegate are not canceled).
     */
    static final class CancelOnWork extends NullProgressMonitor {
        volatile boolean armed;
        volatile double workBeforeCancel;

        @Override
        public void subTask(String name) {
            armed |= LaunchSpec.Mode.BANK_UPDATE.label().equals(name);
        }

        @Override
        public void internalWorked(double work) {
            record(work);
        }

        @Override
        public void worked(int work) {
            record(work);
        }

        private void record(double work) {
            if (armed && work > 0 && !isCanceled()) {
                workBeforeCancel += work;
                setCanceled(true);
            }
        }
    }
}
