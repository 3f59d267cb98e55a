package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.RecordingTransport.Exchange;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.emulator.EmulatorConfig;

/** Whatever mode the probe is in (DFU, mass storage, SWIM, a debug session left behind), connecting leaves it first. */
class ModeHandlingTest {

    @ParameterizedTest(name = "mode {0} is left with ''{1}''")
    @CsvSource({ "0, F3 07", "1, ''", "2, F2 21", "3, F4 01" })
    void connectLeavesTheCurrentModeFirst(int mode, String exitCommand) throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37).withInitialMode(mode));
        rig.wire().clear();
        rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        var sent = rig.wire().exchanges();
        assertThat(sent.get(0).command()).isEqualTo(StlinkCommands.GET_CURRENT_MODE);
        String second = Bytes.hex(sent.get(1).cdb()).substring(0, 5);
        if (exitCommand.isEmpty()) {
            assertThat(sent.get(1).isDebug(StlinkCommands.DEBUG_APIV2_SWD_SET_FREQ)).isTrue();
        } else {
            assertThat(second).isEqualTo(exitCommand);
        }
        assertThat(sent).anyMatch((Exchange e) -> e.isDebug(StlinkCommands.DEBUG_APIV2_ENTER));
        assertThat(rig.emulator().mode()).isEqualTo(StlinkCommands.MODE_DEBUG);
        assertThat(rig.emulator().violations()).isEmpty();
    }
}
