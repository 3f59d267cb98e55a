package dev.flashbank.family.pageflash.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.flash.PageFlashDriver;
import dev.flashbank.family.pageflash.flash.PageFlashFamily;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * What an option write cut LATE in OPTSTRT leaves (FLASH_OPTR programmed, later registers loaded as value/complement
 * mismatches, RM0444 §3.4.2) as the family tells it: the image's signature against the journal's request
 * ({@link PageFlashOptionImage#interruptedWriteSignature(dev.flashbank.core.family.OptionImage)}) - present only for
 * that pattern, not for a deliberate change - and the doctor's finding on the simulated G474, also once software has
 * cleared OPTVERR.
 */
class PageFlashInterruptedOptionWriteTest {

    private static PageFlashOptionImage factory(PageFlashLine line, int kib) {
        return PageFlashOptionImage.factory(line, kib);
    }

    /** {@code requested} as a cut after {@code programmed} registers loads it: the rest at the restrictive values. */
    private static PageFlashOptionImage cutAfter(PageFlashOptionImage requested, int programmed) {
        PageFlashOptionImage o = requested;
        List<String> names = requested.registerNames();
        for (int i = programmed; i < names.size(); i++) {
            o = o.withWord(names.get(i), PageFlashOptionImage.restrictiveMismatchValue(requested.line(),
                    names.get(i)));
        }
        return o;
    }

    @Test
    void theLateCutSignatureNeedsTheRequestedOptrAndMismatchValuesInEveryDifferingRegister() {
        PageFlashOptionImage f = factory(PageFlashLine.G47X_G48X, 512);
        Register optr = PageFlashRegisters.of(f.line()).optr();
        PageFlashOptionImage requested = f.withWord(PageFlashRegisters.OPTR,
                optr.field(PageFlashRegisters.BFB2).insert(f.optr(), 1));
        PageFlashOptionImage late = cutAfter(requested, 3); // OPTR, PCROP1SR, PCROP1ER programmed

        assertThat(late.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(late.interruptedWriteSignature()).as("without the request a level-0 image tells nothing").isEmpty();
        assertThat(late.interruptedWriteSignature(requested)).hasValueSatisfying(s -> assertThat(s)
                .contains("FLASH_WRP1AR = 0x007F0000 (area 1A = pages 0-127: write-protected)")
                .contains("FLASH_SEC1R = 0xFFFFFFFF (BOOT_LOCK = 1: boot forced from the main flash")
                .doesNotContain("FLASH_PCROP1SR"));
        assertThat(late.mismatchLookingRegisters()).contains("WRP1AR", "WRP2BR", "SEC1R", "SEC2R");

        // the erased-word reading of a mismatch load is recognised as well
        PageFlashOptionImage erased = requested.withWord("WRP2BR", 0xFFFF_FFFF).withWord("SEC2R", 0xFFFF_FFFF);
        assertThat(erased.interruptedWriteSignature(requested)).isPresent();

        // not the pattern: FLASH_OPTR is not the request's, a register holds a value no mismatch loads, nothing differs
        assertThat(late.interruptedWriteSignature(f)).isEmpty();
        assertThat(late.withWord("WRP1BR", 0x0006_0005).interruptedWriteSignature(requested)).isEmpty();
        assertThat(requested.interruptedWriteSignature(requested)).isEmpty();
        // the cut BEFORE FLASH_OPTR is the request-free signature (RDP level 1)
        PageFlashOptionImage early = cutAfter(requested, 0).withWord(PageFlashRegisters.OPTR, 0xFFFF_FFFF);
        assertThat(early.interruptedWriteSignature(requested)).isEqualTo(early.interruptedWriteSignature())
                .isPresent();
    }

    @Test
    void onL476WithoutSecRegistersOnlyTheBank2WrpAreasMayTellTheCut() {
        PageFlashOptionImage requested = factory(PageFlashLine.L47X_L48X, 1024);
        List<String> names = requested.registerNames();
        PageFlashOptionImage late = cutAfter(requested, names.indexOf("WRP2AR"));
        assertThat(late.interruptedWriteSignature(requested)).hasValueSatisfying(s -> assertThat(s)
                .contains("FLASH_WRP2AR").contains("FLASH_WRP2BR").doesNotContain("FLASH_WRP1AR"));
    }

    @Test
    void theDoctorNamesALateCutAsAnErrorAndStillWarnsOnceSoftwareClearedOptverr() throws Exception {
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create("STM32G474RE", BoardOptions.defaults());
        PageFlashOptionImage requested;
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            PageFlashDriver driver = new PageFlashDriver(probe, (PageFlashDescriptor) board.descriptor(),
                    board.flashSizeKiB(), new SimulatorPollClock(probe), FlashDriverSettings.defaults());
            PageFlashOptionImage before = driver.readOptions();
            requested = before.withWord(PageFlashRegisters.OPTR, PageFlashRegisters.of(board.line()).optr()
                    .field(PageFlashRegisters.NRST_STOP).insert(before.optr(), 0));
            long optstrt = board.descriptor().timings().optionProgramMicros(FlashTimings.Bound.TYPICAL) * 1000L;
            board.faults().powerLossAt(Duration.ofNanos(board.clock().nanos() + optstrt * 9 / 10));
            assertThatThrownBy(() -> driver.writeOptions(requested, FlashProgress.NONE));
        }
        board.faults().clear();
        board.powerOn();
        assertThat(board.optionValidityError()).isTrue();
        assertThat(board.optionImageInForce().orElseThrow().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);

        Finding f = examine(board);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("OPTVERR = 1").contains("RDP stayed level 0").contains("FLASH_SEC2R")
                .contains("RM0444 §3.4.2");
        assertThat(f.fix().orElseThrow()).startsWith("flashbank recover");

        // firmware (or another tool) clears OPTVERR: the mismatch values stay in force until the next option load
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            var sr = PageFlashRegisters.of(board.line()).sr();
            probe.memory().write32(sr.address(), sr.field(PageFlashRegisters.OPTVERR).mask());
        }
        Finding cleared = examine(board);
        assertThat(cleared.severity()).isEqualTo(Severity.WARNING);
        assertThat(cleared.message()).contains("OPTVERR = 0").contains("0xFFFFFFFF").contains("FLASH_SEC2R");
        assertThat(cleared.fix().orElseThrow()).startsWith("flashbank recover");
    }

    private static Finding examine(PageFlashBoard board) throws Exception {
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            DoctorReport d = new Doctor(new Families(List.of(new PageFlashFamily()))).examine(probe, List.of());
            return d.finding(FindingCode.INTERRUPTED_OPTION_WRITE)
                    .orElseThrow(() -> new AssertionError("no finding on the cut option write\n" + d.render()));
        }
    }
}
