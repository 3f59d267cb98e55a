package dev.flashbank.stlink.tests;

import static dev.flashbank.stlink.tests.DapProbe.OK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;

/**
 * INIT_AP (0x4B) and CLOSE_AP_DBG (0x4C) per AP number, as OpenOCD's stlink_usb_open_ap / stlink_dap_closeall_ap use
 * them: memory commands need their AP open from V2J28, DEBUG_EXIT closes them all, closing one that is not open is
 * BAD_AP.
 */
class ApOpenCloseTest {

    static final long RAM = FakeCortexTarget.RAM;

    static byte[] read32(long address, int length, int apsel) {
        return DapProbe.memory(StlinkCommands.DEBUG_READMEM_32BIT, address, length, apsel, 0);
    }

    @Test
    void apsAreOpenedAndClosedOneByOne() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        assertThat(p.openAp(0)).isEqualTo(OK);
        assertThat(p.openAp(1)).isEqualTo(OK);
        assertThat(p.closeAp(1)).isEqualTo(OK);
        p.send(read32(RAM, 4, 0), 4);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
        p.send(read32(RAM, 4, 1), 4);
        assertThat(p.lastRwStatus()[0]).as("AP 1 was closed").isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.emulator().violations()).singleElement().asString().contains("AP 1 before INIT_AP");
    }

    @Test
    void closingAnApThatIsNotOpenIsBadAp() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v21(37));
        assertThat(p.closeAp(2)).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.emulator().violations()).singleElement().asString().contains("not open");
    }

    @Test
    void leavingDebugModeClosesEveryAp() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        p.openAp(0);
        p.send(Cdb.debug(StlinkCommands.DEBUG_EXIT).bytes(), 0);
        p.send(Cdb.debug(StlinkCommands.DEBUG_APIV2_ENTER).u8(StlinkCommands.ENTER_SWD_NO_RESET).bytes(), 2);
        p.send(read32(RAM, 4, 0), 4);
        assertThat(p.lastRwStatus()[0]).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.openAp(0)).as("OpenOCD reopens them after a reconnect").isEqualTo(OK);
        p.send(read32(RAM, 4, 0), 4);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
    }

    @Test
    void firmwareBeforeV2J28HasNoInitApAndNeedsNone() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v2(27));
        assertThat(p.openAp(0)).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(p.closeAp(0)).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(p.emulator().violations()).hasSize(2).allMatch(v -> v.contains("INIT_AP"));
        p.target().target.ram[0] = 0x5A;
        byte[] data = p.send(read32(RAM, 4, 0), 4);
        assertThat(data[0]).isEqualTo((byte) 0x5A);
        assertThat(p.lastRwStatus()[0]).isEqualTo(OK);
    }
}
