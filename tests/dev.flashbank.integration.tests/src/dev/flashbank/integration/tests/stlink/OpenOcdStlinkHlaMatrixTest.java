package dev.flashbank.integration.tests.stlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.stlink.StlinkCommands;

/**
 * Issue 18 acceptance, hla half: stock OpenOCD 0.12's ST-Link driver in HLA mode ({@code adapter driver hla},
 * {@code hla_stlink_backend tcp}) over the stlink-server protocol, with the stock {@code target/stm32f7x.cfg} and no
 * work area (on purpose, as in {@link OpenOcdStlinkDapTest}: the RAM loader path is {@code OpenOcdFlashLoaderTest}'s),
 * runs the same matrix as {@link OpenOcdStlinkDapTest}'s DAP-direct mode against the same boards (F767 dual
 * bank, F767 single bank, F722): probe, flash info, options_read, mass_erase, write_image of the 200 KiB payload with
 * verify_image and a dump equal to Flashbank's read, options_write, flash protect with the refused erase,
 * lock/unlock. 0 emulator and server violations; OpenOCD's log has no error but the lockup of a blank part and the
 * refused erase, and warns only of what a real probe without a work area warns of.
 * <p>
 * Image formats: each board writes the format the DAP-direct test does NOT write on it ({@link #hlaFormat}), so that
 * both modes write Intel HEX and S-record and every board is written in both. (The write is nearly all of the
 * test's time - OpenOCD's no-work-area fallback, about nine ST-Link commands per half-word - so a second format on
 * the same board in the same mode, which proved nothing the other mode's run does not, is not written.)
 */
class OpenOcdStlinkHlaMatrixTest {

    @AutoClose
    final OpenOcdF7Scenario.Peers peers = new OpenOcdF7Scenario.Peers();
    @TempDir
    Path tmp;

    /** The image format OpenOCD writes in HLA mode on {@code c}'s board: the one its DAP-direct run does not. */
    static ImageFormat hlaFormat(OpenOcdStlinkDapTest.Case c) {
        return c.format() == ImageFormat.INTEL_HEX ? ImageFormat.SREC : ImageFormat.INTEL_HEX;
    }

    static Stream<OpenOcdStlinkDapTest.Case> cases() {
        return OpenOcdStlinkDapTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void openOcdsHlaDriverRunsTheMatrixAndAgreesWithFlashbank(OpenOcdStlinkDapTest.Case c) throws Exception {
        OpenOcdF7Scenario.Served s = OpenOcdF7Scenario.Served.serve(c, OpenOcdStlinkDapTest.TIME_SCALE, peers);
        OpenOcd ocd = peers.connect(OpenOcd.start(OpenOcdStlinkTcpTest.hlaOverTcp(s.server().port(),
                s.board().serial(), c.probe().product().productId()), List.of(), false, OpenOcd.Target.STM32F7));
        assertThat(ocd.log()).contains("connected to stlink-server").contains("Cortex-M7")
                .contains(String.format("VID:PID 0483:%04X", c.probe().product().productId()));

        OpenOcdF7Scenario.probeInfoAndOptions(ocd, s.board(), s.probe(), s.flashbank());
        OpenOcdF7Scenario.massEraseWriteVerifyDump(ocd, s.flashbank(), hlaFormat(c), tmp);
        OpenOcdF7Scenario.optionsProtectionAndReadoutProtection(ocd, s.flashbank());

        String log = peers.closeOpenOcd();
        s.assertNoViolations();
        // HLA mode: the probe does the DAP; OpenOCD uses the HLA register and memory commands, never DAP registers
        assertThat(s.wire().count(StlinkCommands.DEBUG_APIV2_READ_DAP_REG)).as("READ_DAP_REG").isZero();
        assertThat(s.wire().count(StlinkCommands.DEBUG_APIV2_READDEBUGREG)).as("HLA READDEBUGREG").isPositive();
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).allMatch(e -> s.blank() && e.contains(OpenOcdStlinkDapTest.LOCKUP_ON_BLANK_PART)
                || Stream.of(OpenOcdF7Scenario.REFUSED_ERASE_ERRORS).anyMatch(e::contains));
        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).allMatch(w -> OpenOcdStlinkDapTest.EXPECTED_WARNINGS.stream().anyMatch(w::contains));
        System.out.printf("OpenOcdStlinkHlaMatrixTest [%s, %s]: %d ST-Link commands, 0 violations; OpenOCD warnings: "
                + "%s%n", c, hlaFormat(c), s.wire().total(), warnings.stream().map(String::strip).distinct().toList());
    }
}
