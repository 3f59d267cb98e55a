package dev.flashbank.sim.tests.jtag;

import static dev.flashbank.core.device.cortexm.Adiv5.ABORT_STKERRCLR;
import static dev.flashbank.core.device.cortexm.Adiv5.AP_BASE;
import static dev.flashbank.core.device.cortexm.Adiv5.AP_CSW;
import static dev.flashbank.core.device.cortexm.Adiv5.AP_DRW;
import static dev.flashbank.core.device.cortexm.Adiv5.AP_IDR;
import static dev.flashbank.core.device.cortexm.Adiv5.AP_TAR;
import static dev.flashbank.core.device.cortexm.Adiv5.CSW_ADDRINC_SINGLE;
import static dev.flashbank.core.device.cortexm.Adiv5.CSW_SIZE_BYTE;
import static dev.flashbank.core.device.cortexm.Adiv5.CSW_SIZE_WORD;
import static dev.flashbank.core.device.cortexm.Adiv5.CTRL_STAT_CDBGPWRUPACK;
import static dev.flashbank.core.device.cortexm.Adiv5.CTRL_STAT_CDBGPWRUPREQ;
import static dev.flashbank.core.device.cortexm.Adiv5.CTRL_STAT_CSYSPWRUPACK;
import static dev.flashbank.core.device.cortexm.Adiv5.CTRL_STAT_CSYSPWRUPREQ;
import static dev.flashbank.core.device.cortexm.Adiv5.CTRL_STAT_STICKYERR;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_ABORT;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_CTRL_STAT;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_DPIDR;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_RDBUFF;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_RESEND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.jtag.SerialWireDebugPort;

/**
 * The simulated F7's SWJ-DP through its SW-DP at register level (what the emulated ST-Link's READ_DAP_REG /
 * WRITE_DAP_REG reach): DPIDR, the CTRL/STAT power-up handshake, AP registers from the board's topology, memory
 * through CSW/TAR/DRW, sticky errors cleared by ABORT and not by CTRL/STAT, RESEND/RDBUFF.
 */
class SerialWireDebugPortTest {

    SimulatedBoard board;
    SerialWireDebugPort dp;

    @BeforeEach
    void setUp() {
        board = SimulatedBoards.createFactoryFresh();
        dp = new SerialWireDebugPort(board.debugBus());
    }

    long ok(BusResult r) {
        assertThat(r).isInstanceOf(BusResult.Ok.class);
        return ((BusResult.Ok) r).value();
    }

    void powerUp() {
        ok(dp.writeDp(DP_CTRL_STAT, CTRL_STAT_CDBGPWRUPREQ | CTRL_STAT_CSYSPWRUPREQ));
    }

    @Test
    void dpidrIsTheSwdIdcode() {
        assertThat(ok(dp.readDp(DP_DPIDR))).isEqualTo(CortexM.DP_IDCODE_SWD_CORTEX_M7 & 0xFFFF_FFFFL);
    }

    @Test
    void powerUpAcknowledgesFollowTheRequests() {
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & (CTRL_STAT_CDBGPWRUPACK | CTRL_STAT_CSYSPWRUPACK)).isZero();
        ok(dp.writeDp(DP_CTRL_STAT, CTRL_STAT_CDBGPWRUPREQ));
        long ctrl = ok(dp.readDp(DP_CTRL_STAT));
        assertThat(ctrl & CTRL_STAT_CDBGPWRUPACK).isNotZero();
        assertThat(ctrl & CTRL_STAT_CSYSPWRUPACK).isZero();
        powerUp();
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_CSYSPWRUPACK).isNotZero();
        ok(dp.writeDp(DP_CTRL_STAT, 0));
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_CDBGPWRUPACK).isZero();
    }

    @Test
    void apRegistersComeFromTheBoardsTopology() {
        powerUp();
        assertThat(ok(dp.readAp(0, AP_IDR))).isEqualTo(DebugTopology.CORTEX_M7_AHB_AP_IDR);
        assertThat(ok(dp.readAp(0, AP_BASE))).isEqualTo(DebugTopology.RomTable.ARMV7M.base() | 0b11);
        assertThat(ok(dp.readAp(1, AP_IDR))).as("no AP at APSEL 1 on the F7: IDR 0 ends a scan").isZero();
    }

    @Test
    void memoryThroughCswTarDrwWithByteLanes() {
        powerUp();
        ok(dp.writeAp(0, AP_CSW, CSW_SIZE_WORD | CSW_ADDRINC_SINGLE));
        ok(dp.writeAp(0, AP_TAR, 0x2000_0000L));
        ok(dp.writeAp(0, AP_DRW, 0x1122_3344L));
        ok(dp.writeAp(0, AP_DRW, 0x5566_7788L));
        assertThat(ok(board.debugBus().read(0x2000_0004L, AccessWidth.WORD))).isEqualTo(0x5566_7788L);
        ok(dp.writeAp(0, AP_CSW, CSW_SIZE_BYTE | CSW_ADDRINC_SINGLE));
        ok(dp.writeAp(0, AP_TAR, 0x2000_0001L));
        assertThat(ok(dp.readAp(0, AP_DRW))).as("byte 0x33 on lane 1").isEqualTo(0x3300L);
        assertThat(ok(dp.readAp(0, AP_TAR))).isEqualTo(0x2000_0002L);
        assertThat(ok(dp.readDp(DP_RDBUFF))).as("RDBUFF: the last read again").isEqualTo(0x2000_0002L);
        assertThat(ok(dp.readDp(DP_RESEND))).isEqualTo(0x2000_0002L);
    }

    @Test
    void aFaultSetsStickyErrWhichOnlyAbortClears() {
        powerUp();
        ok(dp.writeAp(0, AP_TAR, 0x6000_0000L)); // nothing mapped there on the F7
        assertThat(dp.readAp(0, AP_DRW)).isInstanceOf(BusResult.Fault.class);
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_STICKYERR).isNotZero();
        assertThat(dp.readAp(0, AP_IDR)).as("transactions are discarded while STICKYERR is set")
                .isInstanceOf(BusResult.Fault.class);
        // on the SW-DP, writing 1 to STICKYERR in CTRL/STAT does nothing (JTAG-DP only)
        ok(dp.writeDp(DP_CTRL_STAT, CTRL_STAT_CDBGPWRUPREQ | CTRL_STAT_CSYSPWRUPREQ | CTRL_STAT_STICKYERR));
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_STICKYERR).isNotZero();
        ok(dp.writeDp(DP_ABORT, ABORT_STKERRCLR));
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_STICKYERR).isZero();
        assertThat(ok(dp.readAp(0, AP_IDR))).isEqualTo(DebugTopology.CORTEX_M7_AHB_AP_IDR);
    }

    @Test
    void withoutDebugPowerTheApDoesNotAnswer() {
        assertThat(dp.readAp(0, AP_IDR)).isInstanceOf(BusResult.Fault.class);
        assertThat(ok(dp.readDp(DP_CTRL_STAT)) & CTRL_STAT_STICKYERR).isNotZero();
    }
}
