package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.family.BootPath;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.sim.BootReport;

/**
 * The doctor's "what boots next and why" against the simulator's boot model (two independent implementations of
 * RM0410 boot configuration, AN4826): for each configuration and both BOOT0 levels, outcome and physical bank must
 * agree.
 */
class DoctorBootTest {

    static final Stm32F7Line F76 = Stm32F7Line.F76X_F77X;

    /** A minimal vector table: SP = top of DTCM, reset handler (Thumb) at {@code linkBase} + 0x1C1. */
    static byte[] vectors(Stm32F7Line line, long linkBase) {
        long sp = line.dtcm().end();
        long pc = linkBase + 0x1C1;
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (sp >>> (8 * i));
            b[4 + i] = (byte) (pc >>> (8 * i));
        }
        return b;
    }

    static DoctorReport examineAndCompare(SimBench b) throws Exception {
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of());
        assertThat(r.bootPaths()).hasSize(2);
        boolean pin = b.board.boot0();
        for (int level = 0; level < 2; level++) {
            b.board.setBoot0(level == 1);
            BootReport sim = b.board.predictBoot();
            BootPath doc = r.bootPath(level).orElseThrow();
            assertThat(doc.outcome().name()).as("BOOT0=%d outcome (sim: %s)", level, sim).isEqualTo(sim.source().name());
            assertThat(doc.physicalBank()).as("BOOT0=%d bank (sim: %s)", level, sim).isEqualTo(sim.physicalBank());
            assertThat(doc.dualBoot()).isEqualTo(sim.dualBoot());
        }
        b.board.setBoot0(pin);
        return r;
    }

    @Test
    void blankFactoryPartLocksUpWithBoot0LowAndRunsTheBootloaderWithBoot0High() throws Exception {
        SimBench b = SimBench.of("STM32F767ZI", OptionBytes.factory(F76));
        DoctorReport r = examineAndCompare(b);
        assertThat(r.bootPath(0).orElseThrow().outcome()).isEqualTo(BootPath.Outcome.LOCKUP);
        assertThat(r.bootPath(1).orElseThrow().outcome()).isEqualTo(BootPath.Outcome.SYSTEM_MEMORY);
        assertThat(r.finding(FindingCode.BOOT_BOOT0_LOW).orElseThrow().message()).contains("erased");
        assertThat(r.finding(FindingCode.BOOT_NEXT).orElseThrow().severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void aValidImageInBank1Boots() throws Exception {
        SimBench b = SimBench.of("STM32F767ZI", OptionBytes.factory(F76));
        b.driver.programAndVerify(0x0800_0000L, vectors(F76, 0x0800_0000L), FlashProgress.NONE);
        DoctorReport r = examineAndCompare(b);
        assertThat(r.bootPath(0).orElseThrow().physicalBank()).isEqualTo(1);
        assertThat(r.finding(FindingCode.BOOT_NEXT).orElseThrow().severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void bootAdd2040StartsBank2AndAnImageLinkedForBank1IsFlagged() throws Exception {
        OptionBytes o = OptionBytes.factory(F76).withBankMode(BankMode.DUAL).withBootAdd0(0x2040);
        SimBench good = SimBench.of("STM32F767ZI", o);
        good.driver.programAndVerify(0x0810_0000L, vectors(F76, 0x0810_0000L), FlashProgress.NONE);
        DoctorReport r = examineAndCompare(good);
        assertThat(r.bootPath(0).orElseThrow().physicalBank()).isEqualTo(2);
        assertThat(r.finding(FindingCode.LINK_ADDRESS_MISMATCH)).isEmpty();

        SimBench wrongLink = SimBench.of("STM32F767ZI", o);
        wrongLink.driver.programAndVerify(0x0810_0000L, vectors(F76, 0x0800_0000L), FlashProgress.NONE);
        DoctorReport w = examineAndCompare(wrongLink);
        assertThat(w.finding(FindingCode.LINK_ADDRESS_MISMATCH)).hasValueSatisfying(f -> {
            assertThat(f.message()).contains("physical bank 2").contains("linked for the other bank");
            assertThat(f.fix()).hasValueSatisfying(x -> assertThat(x).contains("0x08100000"));
        });
    }

    @Test
    void dualBootLetsTheBootloaderPickTheBankNotBootAdd() throws Exception {
        OptionBytes o = OptionBytes.factory(F76).withBankMode(BankMode.DUAL).withNDBoot(false).withBootAdd0(0x2000);
        SimBench b = SimBench.of("STM32F767ZI", o);
        b.driver.programAndVerify(0x0810_0000L, vectors(F76, 0x0810_0000L), FlashProgress.NONE);
        DoctorReport r = examineAndCompare(b);
        BootPath p = r.bootPath(0).orElseThrow();
        assertThat(p.dualBoot()).isTrue();
        assertThat(p.physicalBank()).isEqualTo(2);
        assertThat(r.finding(FindingCode.BOOT_BOOT0_LOW).orElseThrow().message()).contains("nDBOOT = 0")
                .contains("does not select the bank");

        SimBench empty = SimBench.of("STM32F767ZI", o);
        assertThat(examineAndCompare(empty).bootPath(0).orElseThrow().outcome())
                .isEqualTo(BootPath.Outcome.SYSTEM_MEMORY);
    }

    @Test
    void atRdpLevel1TheImageCannotBeCheckedButTheOptionsAreStillExplained() throws Exception {
        SimBench b = SimBench.of("STM32F767ZI", OptionBytes.factory(F76).withRdp(0x55));
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of());
        assertThat(r.bootPath(0).orElseThrow().outcome()).isEqualTo(BootPath.Outcome.UNKNOWN);
        assertThat(r.finding(FindingCode.BOOT_BOOT0_LOW).orElseThrow().message()).contains("RDP level 1");
        assertThat(r.finding(FindingCode.BANK_MODE)).isPresent();
        assertThat(r.render()).contains("RDP 0x55").contains("FLASH_READ_BLOCKED");
    }
}
