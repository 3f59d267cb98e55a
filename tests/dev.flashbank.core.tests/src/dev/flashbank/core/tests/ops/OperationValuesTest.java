package dev.flashbank.core.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.TerminalProgress;
import dev.flashbank.core.ops.VerifyReport;

/** The operations' value types and the terminal progress bar, without a target. */
class OperationValuesTest {

    @Test
    void targetsConflictOnlyWithTheSameKey() {
        OperationTarget a = new OperationTarget("stlink:0038", "ST-LINK/V3 0038");
        assertThat(a.conflictsWith(new OperationTarget("stlink:0038", "other text"))).isTrue();
        assertThat(a.conflictsWith(new OperationTarget("sim:STM32F767ZI", null))).isFalse();
        assertThat(a.conflictsWith(null)).isFalse();
        assertThat(new OperationTarget("k", null).description()).isEqualTo("k");
    }

    @Test
    void aRefusalSaysWhyTheFixAndThatNothingWasWritten() {
        OperationRefusedException e = new OperationRefusedException("Erase", "sector 3 is write-protected.",
                List.of("set nWRP[3] = 1", "reset"), null);
        assertThat(e.getMessage()).isEqualTo("Erase refused: sector 3 is write-protected. Fix: set nWRP[3] = 1; then "
                + "reset Nothing was written.");
        assertThat(e.reason()).isEqualTo("sector 3 is write-protected.");
        assertThat(e.doctorReport()).isEmpty();
    }

    @Test
    void programDefaultsVerifyPreserveAndTouchNothingElse() {
        ProgramOptions o = ProgramOptions.defaults();
        assertThat(o.verify()).isTrue();
        assertThat(o.preserveSectorContent()).isTrue();
        assertThat(o.alsoErase()).isEmpty();
        assertThat(o.withAlsoErase(List.of(new AddressRange(0x0800_0000L, 16))).alsoErase()).hasSize(1);
    }

    @Test
    void verifyReportSummaryAndJsonData() {
        VerifyReport ok = new VerifyReport(List.of(new AddressRange(0x0800_0000L, 64)), 64, List.of(), 0, 0);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.summary()).isEqualTo("verify OK: 64 bytes in 1 range(s) match (read back)");
        assertThat(ok.data()).containsEntry("method", "read-back").containsEntry("bytesByTargetCrc", 0L);
        VerifyReport byCrc = new VerifyReport(List.of(new AddressRange(0x0800_0000L, 64)), 64, List.of(), 0, 0, 64,
                true);
        assertThat(byCrc.summary()).isEqualTo("verify OK: 64 bytes in 1 range(s) match (target CRC; the core was halted"
                + " for it and runs again)");
        assertThat(byCrc.data()).containsEntry("method", "target-crc").containsEntry("coreHalted", true);
        VerifyReport mixed = new VerifyReport(List.of(new AddressRange(0x0800_0000L, 64)), 64, List.of(), 0, 0, 48,
                false);
        assertThat(mixed.method()).isEqualTo("target CRC for 48 bytes, 16 read back");
        VerifyReport bad = new VerifyReport(List.of(new AddressRange(0x0800_0000L, 64)), 64, List.of(
                new VerifyReport.Mismatch(new AddressRange(0x0800_0010L, 2), true)), 2, 1);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.summary()).contains("2 of 64 bytes differ in 1 range(s)").contains("0x08000010-0x08000011")
                .contains("not erased");
        assertThat(bad.data()).containsEntry("ok", false).containsEntry("mismatchingBytes", 2L);
        assertThat(bad.data().get("mismatches")).asList().singleElement().asString().contains("0x08000010");
    }

    @Test
    void theTerminalBarRedrawsOnPercentChangesAndSplitsMapProportionally() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicLong clock = new AtomicLong();
        TerminalProgress p = new TerminalProgress(new PrintStream(buf, true, StandardCharsets.UTF_8),
                TerminalProgress.Style.BAR, 10, cancel::get, clock::get, 0);
        p.begin("Programming", 1000);
        FlashProgress child = p.split(500);
        child.begin("sector", 4);
        child.worked(1);
        assertThat(p.percent()).isEqualTo(12);
        clock.set(1_000_000_000L);
        child.worked(3);
        assertThat(p.percent()).isEqualTo(50);
        p.worked(0);
        p.worked(500);
        p.done();
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\rProgramming [..........]   0%")
                .contains("\rProgramming [#####.....]  50%  ETA 0:01") // 1 s for half the work: 1 s to go
                .endsWith("\rProgramming [##########] 100%" + " ".repeat(10) + System.lineSeparator());
        assertThat(text.split("\r")).hasSize(5); // 0, 12, 50, 100: one redraw each (plus the leading empty part)
        assertThat(child.isCanceled()).isFalse();
        cancel.set(true);
        assertThat(child.isCanceled()).isTrue();
    }

    @Test
    void withoutATerminalProgressIsOneLineEveryTenPercentOrTwoSecondsWithBytesRateAndEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        TerminalProgress p = new TerminalProgress(new PrintStream(buf, true, StandardCharsets.UTF_8),
                TerminalProgress.Style.LINES, 30, () -> false, clock::get, 1024 * 1024);
        p.begin("Programming app.bin", 1000);
        for (int i = 0; i < 40; i++) { // 4 % in 40 steps of 40 ms: no line (no 10 % step, 1.6 s < 2 s)
            clock.addAndGet(40_000_000L);
            p.worked(1);
        }
        clock.set(4_100_000_000L); // 4.1 s since the first line and further: a line for 5 %
        p.worked(10);
        clock.set(5_000_000_000L); // 10 % after 5 s: the step line (1 MiB in 50 s = 20.5 KiB/s, 45 s to go)
        p.worked(50);
        p.worked(900);
        p.done();
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(
                "Programming app.bin:   0% (0 B of 1.0 MiB)",
                "Programming app.bin:   5% (51.2 KiB of 1.0 MiB, 12.5 KiB/s, ETA 1:18)",
                "Programming app.bin:  10% (102.4 KiB of 1.0 MiB, 20.5 KiB/s, ETA 0:45)",
                "Programming app.bin: 100% (1.0 MiB of 1.0 MiB, 204.8 KiB/s)");
        assertThat(buf.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }
}
