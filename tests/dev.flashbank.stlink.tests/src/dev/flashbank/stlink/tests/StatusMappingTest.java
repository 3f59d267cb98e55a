package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.stlink.StlinkCommandException;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.EmulatorConfig;

/** Every kind of status code lands on its core exception type (OpenOCD stlink_usb.c STLINK_* status codes). */
class StatusMappingTest {

    @Test
    void statusTableMatchesTheReference() {
        assertThat(StlinkStatus.fromCode(0x80)).contains(StlinkStatus.OK);
        assertThat(StlinkStatus.fromCode(0x10)).contains(StlinkStatus.SWD_AP_WAIT);
        assertThat(StlinkStatus.fromCode(0x14)).contains(StlinkStatus.SWD_DP_WAIT);
        assertThat(StlinkStatus.fromCode(0x11)).contains(StlinkStatus.SWD_AP_FAULT);
        assertThat(StlinkStatus.fromCode(0x0D)).contains(StlinkStatus.WRITE_VERIF_ERROR);
        assertThat(StlinkStatus.fromCode(0x42)).contains(StlinkStatus.JTAG_UNKNOWN_CMD);
        assertThat(StlinkStatus.fromCode(0x5A)).isEmpty();
        assertThat(StlinkStatus.describe(0x5A)).contains("0x5A").contains("not in the reference");
        assertThat(StlinkStatus.SWD_AP_WAIT.kind()).isEqualTo(StlinkStatus.Kind.WAIT);
        assertThat(StlinkStatus.SWD_AP_STICKY_ERROR.kind()).isEqualTo(StlinkStatus.Kind.FAULT);
        assertThat(StlinkStatus.WRITE_VERIF_ERROR.kind()).isEqualTo(StlinkStatus.Kind.IGNORED);
    }

    @Test
    void otherErrorsAreStlinkCommandExceptionsNamingCommandAndStatus() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.emulator().injectStatus(StlinkStatus.SWD_AP_PARITY_ERROR, 1);
        assertThatThrownBy(() -> rig.session().readDebugRegister(CortexM.DHCSR.address()))
                .isInstanceOfSatisfying(StlinkCommandException.class, e -> {
                    assertThat(e.status()).isEqualTo(0x13);
                    assertThat(e.command()).isEqualTo("APIV2_READDEBUGREG");
                }).hasMessageContaining("SWD_AP_PARITY_ERROR");
    }

    @Test
    void writeVerifyErrorIsIgnoredLikeOpenOcdDoes() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.emulator().injectStatus(StlinkStatus.WRITE_VERIF_ERROR, 1);
        rig.session().writeDebugRegister(CortexM.DEMCR.address(), 0); // no exception
    }

    @Test
    void stickyApErrorOnAMemoryReadIsABusFault() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v3(7));
        rig.emulator().injectStatus(StlinkStatus.SWD_AP_STICKY_ERROR, 1);
        assertThatThrownBy(() -> rig.session().readMemory(0x2000_0040L, 8, AccessWidth.WORD))
                .isInstanceOf(BusFaultException.class).hasMessageContaining("SWD_AP_STICKY_ERROR");
    }

    @Test
    void noDeviceAfterConnectIsADisconnectOfTheTarget() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.emulator().injectStatus(StlinkStatus.NO_DEVICE_CONNECTED, 1);
        assertThatThrownBy(() -> rig.session().writeCoreRegister(CortexM.REGSEL_R0, 1))
                .isInstanceOf(ProbeDisconnectedException.class).hasMessageContaining("stopped answering");
    }
}
