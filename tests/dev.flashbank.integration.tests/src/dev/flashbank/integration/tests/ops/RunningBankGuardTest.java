package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.IntelHexWriter;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.launch.LaunchResult;
import dev.flashbank.core.launch.LaunchRunner;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchVariables;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.EraseResult;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.ProgramResult;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.ops.TargetOperation;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.integration.tests.ops.OpsBench.Transport;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;

/**
 * Issue 14 item 3: seed problem A (firmware running from bank 2 with SWP_FB = 1, see SeedScenarioA) can no longer be reached through any Flashbank operation. On the
 * seed-A board (STM32F767ZI, dual bank, BOOT_ADD0 = 0x08000000, firmware running from physical bank 2 because it set
 * SWP_FB = 1) the program and erase operations - which the CLI, the bank browser and launches all run - refuse every
 * write into the running bank or the bank the next reset starts, before the first write, over the simulated probe, the
 * emulated ST-Link and OpenOCD's gdbserver; both banks are byte-identical afterwards. The expert override writes and
 * says so; the legitimate paths (program --physical-bank into the boot bank, bank update of the inactive bank,
 * programming without a remap) still work.
 */
class RunningBankGuardTest {

    static FirmwareImage app(SimulatedBoard board) {
        return OpsBench.image(board, Boards.BANK1, 4096, 0x77, "app-linked-for-0x08000000.hex");
    }

    /** The two steps of seed A and their variants, each refused with its explanation. */
    static void assertSeedARefused(OperationContext ctx, SimulatedBoard board, Runnable noFlashWrites)
            throws Exception {
        FirmwareImage app = app(board);
        OperationRefusedException erase1 = refused(board, new EraseOperation(ctx, EraseRequest.bank(1)),
                noFlashWrites);
        assertThat(erase1.getMessage()).contains("PHYSICAL bank 1").contains("the bank the next reset STARTS")
                .contains("SWP_FB = 1").contains("does not boot").contains("physical bank 2 (");
        assertThat(erase1.fixes()).anyMatch(f -> f.contains("flashbank bank-update --scheme remap --no-switch"));

        OperationRefusedException program = refused(board, new ProgramOperation(ctx, app, ProgramOptions.defaults()),
                noFlashWrites);
        assertThat(program.getMessage())
                .contains("lands in PHYSICAL bank 2").contains("the RUNNING bank")
                .contains("after a reset 0x08000000 is physical bank 1 - the bank the next reset STARTS")
                .contains("next reset starts: physical bank 1");
        assertThat(program.fixes())
                .anyMatch(f -> f.contains("flashbank bank-update --scheme remap --no-switch " + app.source()))
                .anyMatch(f -> f.contains("flashbank program --physical-bank 1 " + app.source()))
                .anyMatch(f -> f.contains("--allow-running-bank"));

        refused(board, new EraseOperation(ctx, EraseRequest.bank(2)), noFlashWrites);
        refused(board, new EraseOperation(ctx, EraseRequest.mass()), noFlashWrites);
        refused(board, new EraseOperation(ctx, EraseRequest.range(new AddressRange(Boards.BANK1, 0x8000), false)),
                noFlashWrites);
        refused(board, new EraseOperation(ctx, EraseRequest.sectors(List.of(0))), noFlashWrites);
        // "Program whole flash" (launch mode): the extra erase of the window reaches both banks
        refused(board, new ProgramOperation(ctx, app, ProgramOptions.defaults().withAlsoErase(List.of(ctx.geometry()
                .windowRange(dev.flashbank.family.stm32f7.Stm32F7Window.AXIM)))), noFlashWrites);
        // naming the running bank explicitly is still refused
        OperationRefusedException running = refused(board, new ProgramOperation(ctx, app, ProgramOptions.defaults()
                .withPhysicalBank(OptionalInt.of(2))), noFlashWrites);
        assertThat(running.getMessage()).contains("PHYSICAL bank 2").contains("the RUNNING bank");
    }

    /** Runs {@code op}, expects the guard's refusal, and checks that neither bank nor the options changed. */
    static OperationRefusedException refused(SimulatedBoard board, TargetOperation<?> op, Runnable noFlashWrites) {
        return refused(board, op.name(), () -> op.run(FlashProgress.NONE), noFlashWrites);
    }

    static OperationRefusedException refused(SimulatedBoard board, String what, ThrowingCallable attempt,
            Runnable noFlashWrites) {
        BoardSnapshot before = board.snapshot();
        Throwable t = catchThrowable(attempt);
        assertThat(t).as(what).isInstanceOf(OperationRefusedException.class);
        assertThat(t.getMessage()).contains("SWP_FB = 1 remaps the banks").endsWith("Nothing was written.");
        noFlashWrites.run();
        BoardSnapshot after = board.snapshot();
        for (int i = 1; i <= board.physicalArrays(); i++) {
            assertThat(after.flashBank(i)).as("physical bank %d byte-identical", i).isEqualTo(before.flashBank(i));
        }
        assertThat(after.optionWords()).isEqualTo(before.optionWords());
        return (OperationRefusedException) t;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void seedAIsRefusedBeforeTheFirstWrite(Transport transport) throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        try (OpsBench bench = new OpsBench(board, transport)) {
            long writes = bench.target.flashWrites;
            assertSeedARefused(bench.context(), board,
                    () -> assertThat(bench.target.flashWrites).as("flash writes").isEqualTo(writes));
        }
    }

    @Test
    void seedAIsRefusedThroughOpenOcdsGdbServer() throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        // board time 100x the wall clock's, as the other OpenOCD tests: the board's core runs its firmware through
        // the time that passes, at most WallClockPacing.MAX_CATCH_UP_NANOS of it before one access
        try (RemoteBitbangServer server = RemoteBitbangServer.start(board, 0, JtagTiming.accelerated(100), s -> { });
                OpenOcd ocd = OpenOcd.start(server.port(), true);
                GdbRemoteTarget gdb = GdbRemoteTarget.connect("127.0.0.1", ocd.gdbPort(),
                        GdbTargetOptions.defaults())) {
            board.setSwpFbAsFirmware(true); // the firmware's remap, whatever OpenOCD's attach did
            Stm32F7FlashDriver driver = new Stm32F7FlashDriver(gdb, board.descriptor(), board.flashSizeKiB(),
                    PollClock.system(), FlashDriverSettings.defaults());
            OperationContext ctx = new OperationContext(new OperationTarget("gdb:127.0.0.1:" + ocd.gdbPort(),
                    gdb.describe()), gdb, driver);
            assertSeedARefused(ctx, board, () -> { });
        }
    }

    /**
     * The Bank Update launch (IDE delegate and {@code flashbank launch} both run {@link LaunchRunner}): its "Program
     * active region" and "Program whole flash" modes program through the guarded program operation and are refused on
     * the seed-A board; its "Bank update to inactive bank" mode is the legitimate path and works.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBankUpdateLaunchThatProgramsByAddressIsRefusedAndTheBankUpdateModeWorks(Transport transport,
            @TempDir Path tmp) throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        FirmwareImage app = app(board);
        Path hex = tmp.resolve("app-linked-for-0x08000000.hex");
        Files.write(hex, IntelHexWriter.write(app));
        byte[] running = board.readCells(2, 0, 1024 * 1024);
        try (OpsBench bench = new OpsBench(board, transport)) {
            long writes = bench.target.flashWrites;
            for (LaunchSpec.Mode mode : List.of(LaunchSpec.Mode.PROGRAM_ACTIVE, LaunchSpec.Mode.PROGRAM_WHOLE)) {
                List<String> log = new ArrayList<>();
                LaunchRunner runner = new LaunchRunner(launch(tmp, hex, mode), InstalledFamilies.families(), tmp.resolve("backups"), log::add);
                OperationRefusedException e = refused(board, "launch " + mode,
                        () -> runner.run(bench.context(), Boards.PART, FlashProgress.NONE),
                        () -> assertThat(bench.target.flashWrites).as("flash writes").isEqualTo(writes));
                assertThat(e.getMessage()).contains("PHYSICAL bank 2").contains("the RUNNING bank");
                // what the launch's error dialog and console show
                LaunchRunner.Failure f = LaunchRunner.Failure.of(e, java.util.Optional.empty(), InstalledFamilies.families());
                assertThat(f.render()).contains("the RUNNING bank").contains("Fix: ")
                        .contains("flashbank bank-update --scheme remap --no-switch");
            }
            LaunchResult ok = new LaunchRunner(launch(tmp, hex, LaunchSpec.Mode.BANK_UPDATE), InstalledFamilies.families(), tmp.resolve("backups"),
                    line -> { }).run(bench.context(), Boards.PART, FlashProgress.NONE);
            assertThat(ok.results()).isNotEmpty();
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
            assertThat(board.readCells(2, 0, running.length)).isEqualTo(running);
        }
    }

    static LaunchSpec launch(Path dir, Path image, LaunchSpec.Mode mode) throws Exception {
        Map<String, Object> a = new HashMap<>();
        a.put(LaunchAttributes.TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        a.put(LaunchAttributes.SIM_STATE_FILE, "board.fbboard");
        a.put(LaunchAttributes.SIM_PART, Boards.PART);
        a.put(LaunchAttributes.IMAGE_PATH, image.toString());
        a.put(LaunchAttributes.MODE, mode.name());
        a.put(LaunchAttributes.SCHEME, Stm32F7SwitchSchemes.REMAP.name());
        a.put(LaunchAttributes.SWAP, false);
        a.put(LaunchAttributes.RESET_AND_RUN, false);
        return LaunchSpec.from(LaunchAttributes.TYPE_BANK_UPDATE, a, LaunchVariables.plain(dir, Map.of(),
                java.util.Optional.empty()), InstalledFamilies.families());
    }

    @Test
    void theOverrideWritesAndSaysWhatItOverrode() throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        try (OpsBench bench = new OpsBench(board, Transport.PROBE)) {
            OperationContext ctx = bench.context();
            EraseResult er = new EraseOperation(ctx, EraseRequest.bank(1), true).run(FlashProgress.NONE);
            assertThat(er.guardOverridden()).hasValueSatisfying(h -> {
                assertThat(h.banksHit()).containsExactly(1);
                assertThat(h.bootBank()).isEqualTo(1);
                assertThat(h.runningBank()).isEqualTo(2);
            });
            assertThat(er.summary()).contains("running-bank guard OVERRIDDEN");
            assertThat(er.data()).containsKey("runningBankGuardOverridden");
            assertThat(board.readCells(1, 0, 4096)).containsOnly((byte) 0xFF);

            // now the seed-A signature: the bank 0x08000000 means after a reset is erased, the one it means now is not
            FirmwareImage app = app(board);
            OperationRefusedException e = refused(board, new ProgramOperation(ctx, app, ProgramOptions.defaults()),
                    () -> { });
            assertThat(e.getMessage()).contains("Physical bank 1 is erased").contains("the image belongs THERE");

            byte[] bank1 = board.readCells(1, 0, 1024 * 1024);
            ProgramResult pr = new ProgramOperation(ctx, app, ProgramOptions.defaults().withAllowRunningBank(true))
                    .run(FlashProgress.NONE);
            assertThat(pr.guardOverridden()).hasValueSatisfying(h -> assertThat(h.banksHit()).containsExactly(2));
            assertThat(pr.summary()).contains("running-bank guard OVERRIDDEN");
            assertThat(pr.data().get("runningBankGuardOverridden")).isNotNull();
            assertThat(board.readCells(2, 0, 4096)).isEqualTo(OpsBench.bytes(app)); // what the expert asked for
            assertThat(board.readCells(1, 0, bank1.length)).isEqualTo(bank1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void programIntoThePhysicalBankTheNextResetStartsIsTheFix(Transport transport) throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        byte[] running = board.readCells(2, 0, 1024 * 1024);
        FirmwareImage app = app(board);
        try (OpsBench bench = new OpsBench(board, transport)) {
            ProgramResult r = new ProgramOperation(bench.context(), app, ProgramOptions.defaults()
                    .withPhysicalBank(OptionalInt.of(1))).run(FlashProgress.NONE);
            assertThat(r.guardOverridden()).isEmpty();
            assertThat(r.plan().steps()).allMatch(s -> s.sector().bank() == 1)
                    .allMatch(s -> s.window().start() >= Boards.BANK2); // bank 1 is mapped at 0x08100000 now
            assertThat(r.verify()).hasValueSatisfying(v -> assertThat(v.ok()).isTrue());
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
            assertThat(board.readCells(2, 0, running.length)).isEqualTo(running);
        }
        // after a reset the new image is at 0x08000000, where it is linked, and it is what starts
        board.reset(ResetKind.SYSTEM);
        try (OpsBench bench = new OpsBench(board, Transport.PROBE)) {
            BankSurvey s = BankSurvey.examine(bench.context());
            assertThat(s.banksSwapped()).isFalse();
            assertThat(s.bootBank()).isEqualTo(1);
            assertThat(s.bank(1).isValid()).isTrue();
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
        }
    }

    @Test
    void theBankUpdateOfTheInactiveBankStillWorksUnderTheRemap() throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        byte[] running = board.readCells(2, 0, 1024 * 1024);
        try (OpsBench bench = new OpsBench(board, Transport.STLINK)) {
            FirmwareImage app = app(board);
            BankUpdateResult r = new BankUpdateOperation(bench.context(), app, BankUpdateOperation.Options
                    .of(Stm32F7SwitchSchemes.REMAP).withSwitch(false)).run(FlashProgress.NONE);
            assertThat(r.plan().inactiveBank()).isEqualTo(1);
            assertThat(r.verify().ok()).isTrue();
            assertThat(board.readCells(2, 0, running.length)).isEqualTo(running);
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutARemapProgramAndEraseWorkAsBefore(Transport transport) throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD); // running physical bank 1, SWP_FB = 0
        try (OpsBench bench = new OpsBench(board, transport)) {
            OperationContext ctx = bench.context();
            FirmwareImage app = app(board);
            ProgramResult r = new ProgramOperation(ctx, app, ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(r.guardOverridden()).isEmpty();
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
            EraseResult e = new EraseOperation(ctx, EraseRequest.bank(2)).run(FlashProgress.NONE);
            assertThat(e.guardOverridden()).isEmpty();
            assertThat(board.readCells(2, 0, 4096)).containsOnly((byte) 0xFF);
        }
    }
}
