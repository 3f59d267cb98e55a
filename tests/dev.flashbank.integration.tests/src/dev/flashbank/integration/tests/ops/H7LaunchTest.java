package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.IntelHexWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.launch.LaunchResult;
import dev.flashbank.core.launch.LaunchRunner;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchVariables;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * Launches (what the IDE's delegate and {@code flashbank launch} run: {@link LaunchSpec} then {@link LaunchRunner})
 * on a simulated STM32H743ZI, the families handed in by the caller as the IDE and the CLI do: the simulated part and
 * the option profile are found among the installed families, and a failed launch carries the doctor's report of the
 * H743 - where the core's old STM32F7-only defaults said "unknown".
 */
class H7LaunchTest {

    static final String PART = "STM32H743ZI";

    @TempDir
    Path tmp;

    final Families families = InstalledFamilies.families();
    final List<String> log = new ArrayList<>();

    BenchBoard board;
    SimulatedProbe probe;

    OperationContext open() throws Exception {
        board = InstalledFamilies.simulated().create(PART, BoardOptions.defaults().withFreshIdentity());
        probe = SimulatedProbe.connect(board);
        return OperationContext.open(families, new OperationTarget("sim:" + PART, board.serial()), probe,
                new SimulatorPollClock(probe), FlashDriverSettings.defaults());
    }

    Map<String, Object> target() {
        Map<String, Object> a = new HashMap<>();
        a.put(LaunchAttributes.TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        a.put(LaunchAttributes.SIM_STATE_FILE, "board.fbboard");
        a.put(LaunchAttributes.SIM_PART, PART);
        a.put(LaunchAttributes.RESET_AND_RUN, false);
        return a;
    }

    LaunchVariables vars() {
        return LaunchVariables.plain(tmp, Map.of(), Optional.empty());
    }

    static OptionField field(OptionImage o, String name) {
        return o.fields(2048).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anOptionBytesLaunchAppliesAnH743ProfileAfterABackup() throws Exception {
        OperationContext ctx = open();
        OptionImage before = ctx.driver().readOptions();
        OptionField bor = field(before, "BOR_LEV");
        int level = before.get(bor) == 0b10 ? 0b01 : 0b10;
        OptionImage wanted = before.with(bor, level);
        Path profile = tmp.resolve("h743.fbopt");
        OptionProfileFile.write(profile, new OptionProfile(PART, 2048, wanted, Instant.now(), "BOR for the launch"));
        Map<String, Object> a = target();
        a.put(LaunchAttributes.OPTION_PROFILE, profile.toString());

        // the core knows no family of its own: among the STM32F7 family alone the part is unknown
        Families f7Only = new Families(List.of(new dev.flashbank.family.stm32f7.flash.Stm32F7Family()));
        assertThat(LaunchSpec.problems(LaunchAttributes.TYPE_OPTION_BYTES, a, vars(), f7Only))
                .anyMatch(p -> p.contains("Unknown simulated part"));
        assertThat(LaunchSpec.problems(LaunchAttributes.TYPE_OPTION_BYTES, a, vars(), families)).isEmpty();

        LaunchSpec spec = LaunchSpec.from(LaunchAttributes.TYPE_OPTION_BYTES, a, vars(), families);
        LaunchResult r = new LaunchRunner(spec, families, tmp.resolve("backups"), log::add).run(ctx, PART,
                FlashProgress.NONE);

        assertThat(ctx.driver().readOptions().get(bor)).as("BOR_LEV in force").isEqualTo(level);
        assertThat(board.optionImageInForce().orElseThrow().get(bor)).as("the board's BOR_LEV").isEqualTo(level);
        assertThat(r.optionBackup()).isPresent();
        assertThat(OptionProfileFile.read(r.optionBackup().orElseThrow(), families).options())
                .as("the backup holds the options before the launch").isEqualTo(before);
        assertThat(log).anyMatch(l -> l.startsWith("Option-byte profile: " + profile));
    }

    @Test
    void aFailedLaunchOnAnH743CarriesTheDoctorsReportOfTheH743() throws Exception {
        OperationContext ctx = open();
        byte[] app = new byte[8192];
        for (int i = 0; i < app.length; i++) {
            app[i] = (byte) (i * 7 + 3);
        }
        Path hex = tmp.resolve("app.hex");
        Files.write(hex, IntelHexWriter.write(FirmwareImage.of("app", ImageFormat.INTEL_HEX,
                List.of(new Segment(0x0800_0000L, app, "app")), OptionalLong.empty())));
        Map<String, Object> a = target();
        a.put(LaunchAttributes.IMAGE_PATH, hex.toString());
        a.put(LaunchAttributes.MODE, LaunchSpec.Mode.PROGRAM_ACTIVE.name());
        a.put(LaunchAttributes.SWAP, false);
        a.put(LaunchAttributes.BACKUP_OPTIONS, false);
        LaunchSpec spec = LaunchSpec.from(LaunchAttributes.TYPE_BANK_UPDATE, a, vars(), families);

        // the probe's cable drops in the middle of programming, and is back when the failure is explained
        board.faults().probeDisconnectAfterAccesses(200);
        Throwable e = catchThrowable(() -> new LaunchRunner(spec, families, tmp.resolve("backups"), log::add)
                .run(ctx, PART, FlashProgress.NONE));
        assertThat(e).isInstanceOf(TargetException.class);
        board.faults().reconnectProbe();

        LaunchRunner.Failure f = LaunchRunner.Failure.of(e, Optional.of(probe), families);
        assertThat(f.doctor()).hasValueSatisfying(d -> assertThat(d).contains("STM32H74").doesNotContain("unknown"));
        assertThat(f.render()).contains("doctor:").contains("STM32H74");
        // what the same failure said with the STM32F7 family alone (the core's old default)
        Families f7Only = new Families(List.of(new dev.flashbank.family.stm32f7.flash.Stm32F7Family()));
        assertThat(LaunchRunner.Failure.of(e, Optional.of(probe), f7Only).doctor())
                .hasValueSatisfying(d -> assertThat(d).contains("unknown device"));
    }
}
