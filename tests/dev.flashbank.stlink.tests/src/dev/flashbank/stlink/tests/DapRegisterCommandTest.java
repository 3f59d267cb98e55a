package dev.flashbank.stlink.tests;

import static dev.flashbank.stlink.tests.DapProbe.OK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * READ_DAP_REG (0x45) and WRITE_DAP_REG (0x46) as OpenOCD's DAP-direct driver sends them: port 0xFFFF is the DP, any
 * other port an AP number; the firmware's status for every refusal.
 */
class DapRegisterCommandTest {

    static final int DP = StlinkCommands.DAP_PORT_DP;

    static long value(byte[] reply) {
        return Bytes.le32(reply, 4) & 0xFFFF_FFFFL;
    }

    @Test
    void enteringSwdPowersTheDebugDomainUpAndCtrlStatShowsTheAcknowledges() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v21(37));
        assertThat(p.target().logOf("DP W")).containsExactly("DP W 0x04 0x50000000");
        byte[] r = p.readDapRegister(DP, Adiv5.DP_CTRL_STAT);
        assertThat(r[0] & 0xFF).isEqualTo(OK);
        assertThat(value(r)).isEqualTo(0xF000_0000L);
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void dpRegistersReadAndWrite() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        byte[] idr = p.readDapRegister(DP, Adiv5.DP_DPIDR);
        assertThat(idr[0] & 0xFF).isEqualTo(OK);
        assertThat(value(idr)).isEqualTo(FakeCortexTarget.IDCODE);
        assertThat(p.writeDapRegister(DP, Adiv5.DP_SELECT, 0x0100_00F0L)).isEqualTo(OK);
        assertThat(p.writeDapRegister(DP, Adiv5.DP_ABORT, Adiv5.ABORT_STKERRCLR)).isEqualTo(OK);
        assertThat(p.readDapRegister(DP, Adiv5.DP_RDBUFF)[0] & 0xFF).isEqualTo(OK);
        assertThat(p.target().log).contains("DP W 0x08 0x010000F0", "DP W 0x00 0x00000004", "DP R 0x0C");
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void bankedDpRegistersNeedV2J32() throws Exception {
        int targetId = 0x24; // DP bank 2, address 0x4 (OpenOCD DP_TARGETID)
        DapProbe current = DapProbe.entered(EmulatorConfig.v2(32));
        assertThat(current.readDapRegister(DP, targetId)[0] & 0xFF).isEqualTo(OK);
        assertThat(current.emulator().violations()).isEmpty();

        DapProbe old = DapProbe.entered(EmulatorConfig.v2(31));
        assertThat(old.readDapRegister(DP, targetId)[0] & 0xFF).isEqualTo(StlinkStatus.CMD_ERROR.code());
        assertThat(old.emulator().violations()).singleElement().asString().contains("banked DP register 0x24");
    }

    @Test
    void ctrlStatWithOverrunDetectionIsAHostError() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        assertThat(p.writeDapRegister(DP, Adiv5.DP_CTRL_STAT, 0x5000_0001L)).isEqualTo(OK);
        assertThat(p.emulator().violations()).singleElement().asString().contains("ORUNDETECT");
    }

    @Test
    void apIdrIsReadableBeforeInitApOtherRegistersAreNot() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v21(37));
        byte[] idr = p.readDapRegister(1, Adiv5.AP_IDR);
        assertThat(idr[0] & 0xFF).isEqualTo(OK);
        assertThat(value(idr)).isEqualTo(FakeDapTarget.APB_AP_IDR);
        assertThat(value(p.readDapRegister(5, Adiv5.AP_IDR))).as("no AP 5").isZero();
        assertThat(p.emulator().violations()).isEmpty();

        assertThat(p.readDapRegister(1, Adiv5.AP_CSW)[0] & 0xFF).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.writeDapRegister(1, Adiv5.AP_TAR, 0x2000_0000L)).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.target().logOf("AP1")).as("nothing reached the AP").containsExactly("AP1 R 0xFC");
        assertThat(p.emulator().violations()).hasSize(2).allMatch(v -> v.contains("before INIT_AP"));

        assertThat(p.openAp(1)).isEqualTo(OK);
        assertThat(p.writeDapRegister(1, Adiv5.AP_TAR, 0x2000_0000L)).isEqualTo(OK);
        assertThat(value(p.readDapRegister(1, Adiv5.AP_TAR))).isEqualTo(0x2000_0000L);
        assertThat(p.emulator().violations()).hasSize(2);
    }

    @Test
    void anApRegisterOutsideTheApIsBadAp() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        assertThat(p.readDapRegister(0x100, Adiv5.AP_IDR)[0] & 0xFF).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.readDapRegister(0, 0x102)[0] & 0xFF).isEqualTo(StlinkStatus.BAD_AP.code());
        assertThat(p.emulator().violations()).hasSize(2);
    }

    @Test
    void faultsAreReportedAsApOrDpFaults() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        p.openAp(0);
        p.writeDapRegister(0, Adiv5.AP_CSW, Adiv5.CSW_SIZE_WORD);
        p.writeDapRegister(0, Adiv5.AP_TAR, 0x6000_0000L); // the fake target faults outside RAM/ROM
        assertThat(p.readDapRegister(0, Adiv5.AP_DRW)[0] & 0xFF).isEqualTo(StlinkStatus.SWD_AP_FAULT.code());
        assertThat(value(p.readDapRegister(DP, Adiv5.DP_CTRL_STAT)) & Adiv5.CTRL_STAT_STICKYERR)
                .as("the host sees STICKYERR and clears it (OpenOCD stlink_dap_run_finalize)").isNotZero();

        p.target().faultingDpRegister = Adiv5.DP_RDBUFF;
        assertThat(p.readDapRegister(DP, Adiv5.DP_RDBUFF)[0] & 0xFF).isEqualTo(StlinkStatus.SWD_DP_FAULT.code());
        assertThat(p.emulator().violations()).isEmpty();
    }

    @Test
    void anInjectedWaitIsAnsweredWithoutTouchingTheDap() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v3(7));
        int before = p.target().log.size();
        p.emulator().injectStatus(StlinkStatus.SWD_AP_WAIT, 1);
        assertThat(p.readDapRegister(DP, Adiv5.DP_CTRL_STAT)[0] & 0xFF).isEqualTo(StlinkStatus.SWD_AP_WAIT.code());
        assertThat(p.target().log).hasSize(before);
        assertThat(p.readDapRegister(DP, Adiv5.DP_CTRL_STAT)[0] & 0xFF).isEqualTo(OK);
    }

    @Test
    void firmwareOlderThanV2J24DoesNotKnowTheCommands() throws Exception {
        DapProbe p = DapProbe.entered(EmulatorConfig.v2(23));
        assertThat(p.readDapRegister(DP, Adiv5.DP_DPIDR)[0] & 0xFF).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(p.writeDapRegister(DP, Adiv5.DP_SELECT, 0)).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(p.emulator().violations()).hasSize(2).allMatch(v -> v.contains("DAP_REGISTERS"));
    }

    @Test
    void registerCommandsBeforeSwdEntryAreRefused() throws Exception {
        StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v3(7), new FakeDapTarget());
        byte[] r = emulator.exchange(Cdb.debug(StlinkCommands.DEBUG_APIV2_READ_DAP_REG).u16(DP).u16(0).bytes(), null,
                StlinkCommands.STATUS_AND_WORD_REPLY, 1000);
        assertThat(r[0] & 0xFF).isEqualTo(StlinkStatus.CMD_ERROR.code());
        assertThat(emulator.violations()).singleElement().asString().contains("before APIV2_ENTER");
    }

    @Test
    void aBackendWithoutADebugPortModelAnswersUnknownCommand() throws Exception {
        StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v3(7), new FakeCortexTarget());
        emulator.exchange(Cdb.debug(StlinkCommands.DEBUG_APIV2_ENTER).u8(StlinkCommands.ENTER_SWD_NO_RESET).bytes(),
                null, 2, 1000);
        byte[] r = emulator.exchange(Cdb.debug(StlinkCommands.DEBUG_APIV2_READ_DAP_REG).u16(DP).u16(0).bytes(), null,
                StlinkCommands.STATUS_AND_WORD_REPLY, 1000);
        assertThat(r[0] & 0xFF).isEqualTo(StlinkStatus.JTAG_UNKNOWN_CMD.code());
        assertThat(emulator.violations()).isEmpty();
    }
}
