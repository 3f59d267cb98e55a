package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.FirmwareAdvisories;
import dev.flashbank.stlink.ProbeGeneration;
import dev.flashbank.stlink.ProbeWarning;
import dev.flashbank.stlink.StlinkFeature;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkVersion;

class VersionAndFeatureTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void decodesV2SixByteReplyWithBigEndianFirstWord() {
        // 2<<12 | 37<<6 | 7 = 0x2947; VID 0x0483, PID 0x3748 little-endian (OpenOCD stlink_usb_version)
        StlinkVersion v = StlinkVersion.decode(bytes(0x29, 0x47, 0x83, 0x04, 0x48, 0x37));
        assertThat(v.hardware()).isEqualTo(2);
        assertThat(v.jtag()).isEqualTo(37);
        assertThat(v.swim()).isEqualTo(7);
        assertThat(v.msd()).isZero();
        assertThat(v.vendorId()).isEqualTo(0x0483);
        assertThat(v.productId()).isEqualTo(0x3748);
        assertThat(v.toString()).isEqualTo("V2J37S7");
        assertThat(v.needsExtendedVersion()).isFalse();
        assertThat(v.generation()).isEqualTo(ProbeGeneration.V2);
    }

    @Test
    void onV21TheLowFieldIsTheMassStorageVersion() {
        // 2<<12 | 37<<6 | 26 = 0x295A, PID 0x374B
        StlinkVersion v = StlinkVersion.decode(bytes(0x29, 0x5A, 0x83, 0x04, 0x4B, 0x37));
        assertThat(v.msd()).isEqualTo(26);
        assertThat(v.swim()).isZero();
        assertThat(v.toString()).isEqualTo("V2J37M26");
    }

    @Test
    void decodesV3ExtendedReply() {
        StlinkVersion v = StlinkVersion.decodeExtended(bytes(3, 1, 7, 3, 3, 0, 0, 0, 0x83, 0x04, 0x4F, 0x37));
        assertThat(v).isEqualTo(new StlinkVersion(3, 7, 1, 3, 3, 0, 0x0483, 0x374F));
        assertThat(v.toString()).isEqualTo("V3J7M3B3S1");
        assertThat(v.needsExtendedVersion()).isTrue();
        assertThat(v.generation()).isEqualTo(ProbeGeneration.V3);
        // a V3's 6-byte reply reports J = S = 0 (OpenOCD stlink_usb_version) and still asks for the extended version
        assertThat(StlinkVersion.decode(bytes(0x30, 0x00, 0x83, 0x04, 0x4F, 0x37)).needsExtendedVersion()).isTrue();
    }

    @Test
    void shortRepliesAreRejected() {
        assertThatThrownBy(() -> StlinkVersion.decode(new byte[4])).isInstanceOf(IllegalArgumentException.class);
    }

    private static StlinkVersion v2(int j) {
        return new StlinkVersion(2, j, 7, 0, 0, 0, 0x0483, 0x3748);
    }

    private static StlinkVersion v3(int j) {
        return new StlinkVersion(3, j, 1, 3, 3, 0, 0x0483, 0x374F);
    }

    @Test
    void featureGatesFollowTheReferenceTable() {
        assertThat(StlinkFeature.supportedBy(v2(21))).doesNotContain(StlinkFeature.SWD_SET_FREQ)
                .contains(StlinkFeature.GETLASTRWSTATUS2, StlinkFeature.TARGET_VOLTAGE);
        assertThat(StlinkFeature.supportedBy(v2(22))).contains(StlinkFeature.SWD_SET_FREQ);
        assertThat(StlinkFeature.supportedBy(v2(25))).doesNotContain(StlinkFeature.MEMORY_16BIT);
        assertThat(StlinkFeature.supportedBy(v2(26))).contains(StlinkFeature.MEMORY_16BIT)
                .doesNotContain(StlinkFeature.INIT_AP);
        assertThat(StlinkFeature.supportedBy(v2(14))).doesNotContain(StlinkFeature.GETLASTRWSTATUS2);
        assertThat(StlinkFeature.supportedBy(v2(12))).doesNotContain(StlinkFeature.TARGET_VOLTAGE);
        assertThat(StlinkFeature.supportedBy(v2(40))).doesNotContain(StlinkFeature.COM_FREQ,
                StlinkFeature.RW8_512_BYTES);
        assertThat(StlinkFeature.supportedBy(v3(1))).contains(StlinkFeature.MEMORY_16BIT, StlinkFeature.COM_FREQ,
                StlinkFeature.INIT_AP).doesNotContain(StlinkFeature.SWD_SET_FREQ, StlinkFeature.RW8_512_BYTES,
                        StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS);
        assertThat(StlinkFeature.supportedBy(v3(6))).contains(StlinkFeature.RW8_512_BYTES,
                StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS);
    }

    @Test
    void oldFirmwareWarningsNameTheFirmwareAndTheUpgrade() {
        var w21 = FirmwareAdvisories.check(v2(21));
        assertThat(w21).extracting(ProbeWarning::code).contains("FW_OLD", "FW_NO_SWD_FREQ", "FW_NO_16BIT");
        assertThat(w21).allSatisfy(w -> assertThat(w.message()).contains("V2J21S7").contains("STSW-LINK007"));
        assertThat(FirmwareAdvisories.check(v2(25))).extracting(ProbeWarning::code).containsExactly("FW_NO_16BIT");
        assertThat(FirmwareAdvisories.check(v2(37))).isEmpty();
        assertThat(FirmwareAdvisories.check(v3(2))).isEmpty();
    }

    @Test
    void knownProblemFirmwareIsNamedWithItsReason() {
        var w36 = FirmwareAdvisories.check(v2(36));
        assertThat(w36).extracting(ProbeWarning::code).containsExactly("FW_KNOWN_V2J36");
        assertThat(w36.get(0).message()).contains("V2J37").contains("#952");
        assertThat(FirmwareAdvisories.check(v2(14))).extracting(ProbeWarning::code).contains("FW_KNOWN_V2J14",
                "FW_NO_FAULT_ADDRESS");
    }

    @Test
    void productTableCoversEveryPidOfTheReference() {
        assertThat(StlinkProduct.values()).extracting(StlinkProduct::productId).containsExactlyInAnyOrder(0x3744,
                0x3748, 0x374A, 0x374B, 0x3752, 0x374D, 0x374E, 0x374F, 0x3753, 0x3754, 0x3755, 0x3757);
        assertThat(StlinkProduct.fromIds(0x0483, 0x3748)).contains(StlinkProduct.V2);
        assertThat(StlinkProduct.V2.bulkOutEndpoint()).isEqualTo(0x02);
        assertThat(StlinkProduct.V2_1.bulkOutEndpoint()).isEqualTo(0x01);
        assertThat(StlinkProduct.V3E.bulkInEndpoint()).isEqualTo(0x81);
        assertThat(StlinkProduct.fromIds(0x1234, 0x3748)).isEmpty();
        assertThat(StlinkProduct.V3_USB_LOADER.role()).isEqualTo(StlinkProduct.Role.USB_LOADER);
    }
}
