package dev.flashbank.core.tests.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;

/** Report structure, rendering and the connection-failure explanations (no target needed). */
class DoctorReportTest {

    @Test
    void aLockedDebugPortIsExplainedAsRdpLevel2WithNoWayBack() {
        DoctorReport r = Doctor.connectionFailed("probe X", new DebugPortLockedException("no ACK from the DP"));
        Finding f = r.finding(FindingCode.DEBUG_PORT_LOCKED).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("no ACK from the DP").contains("level 2").contains("0xCC")
                .contains("option bytes are frozen");
        assertThat(f.fix()).hasValueSatisfying(x -> assertThat(x).contains("cannot be undone").contains("under reset"));
        assertThat(f.consequence()).hasValueSatisfying(x -> assertThat(x).contains("permanent"));
        assertThat(r.identity()).isEmpty();
        assertThat(r.bootPaths()).isEmpty();
        assertThat(r.worst()).isEqualTo(Severity.ERROR);
    }

    @Test
    void otherConnectionFailuresGetTheirOwnCodes() {
        assertThat(Doctor.connectionFailed("p", new ProbeDisconnectedException("unplugged")).findings())
                .extracting(Finding::code).containsExactly(FindingCode.CONNECTION_FAILED);
        assertThat(Doctor.connectionFailed("p", new UnknownDeviceException(0x123, "unknown DEV_ID 0x123")).findings())
                .extracting(Finding::code).containsExactly(FindingCode.UNKNOWN_DEVICE);
        assertThat(Doctor.connectionFailed("p", new TargetException("odd")).findings()).extracting(Finding::code)
                .containsExactly(FindingCode.CONNECTION_FAILED);
    }

    @Test
    void renderingShowsSeverityCodeMessageFixAndConsequence() {
        DoctorReport r = new DoctorReport("board", Optional.empty(), List.of(
                Finding.info(FindingCode.PART, "a part"),
                Finding.of(Severity.ERROR, FindingCode.RDP, "level 1", "write 0xAA", "erases all flash")),
                List.of(), List.of());
        String text = r.render();
        assertThat(text).contains("Flashbank doctor: board").contains("[INFO   ] PART: a part")
                .contains("[ERROR  ] RDP: level 1").contains("fix: write 0xAA")
                .contains("consequence: erases all flash");
        assertThat(r.worst()).isEqualTo(Severity.ERROR);
        assertThat(Finding.of(Severity.INFO, FindingCode.PART, "x", "", null).fix()).isEmpty();
    }
}
