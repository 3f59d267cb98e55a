package dev.flashbank.family.stm32h7.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.Stm32H7Family;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.tests.H7Bench;
import dev.flashbank.sim.SimulatedProbe;

/**
 * The doctor on a simulated STM32H743ZI: the neutral examination with the H7 checks (RDP, WPSN/PRAR/SCAR, a pending
 * SWAP_BANK_OPT, OPTCHANGEERR, FLASH_SRx flags with the ECC_FA word, BOOT_ADDx) and the erase predictions from the H7
 * protection model.
 */
class Stm32H7DoctorTest {

    private static final long W2 = 0x0810_0000L;

    private Stm32H7Board board;
    private SimulatedProbe probe;
    private Stm32H7FlashDriver driver;

    @BeforeEach
    void connect() throws Exception {
        H7Bench bench = new H7Bench();
        board = bench.board;
        probe = bench.probe;
        driver = bench.driver();
    }

    private DoctorReport examine(List<AddressRange> ranges) {
        return new Doctor(new Families(List.of(new Stm32H7Family()))).examine(probe, ranges);
    }

    private Stm32H7OptionImage with(Stm32H7OptionImage o, String name, int value) {
        OptionField f = driver.descriptor().optionFields(driver.flashSizeKiB(), driver.geometry().mode()).stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return o.with(f, value);
    }

    @Test
    void aFactoryPartIsHealthyAndEveryEraseWouldSucceed() {
        DoctorReport r = examine(List.of(new AddressRange(W2, 0x20000)));
        assertThat(r.identity()).isPresent();
        assertThat(r.worst()).as(r.render()).isNotEqualTo(Severity.ERROR);
        assertThat(r.finding(FindingCode.PART).orElseThrow().message()).contains("STM32H7").contains("RM0433");
        assertThat(r.finding(FindingCode.BANK_MAPPING).orElseThrow().message()).contains("FLASH_OPTCR.SWAP_BANK = 0")
                .contains("physical bank 2 at 0x08100000");
        assertThat(r.finding(FindingCode.RDP).orElseThrow().severity()).isEqualTo(Severity.INFO);
        assertThat(r.finding(FindingCode.WRITE_PROTECTION).orElseThrow().message()).contains("No sector");
        assertThat(r.finding(FindingCode.PCROP).orElseThrow().message()).contains("No PCROP");
        assertThat(r.finding(FindingCode.SECURE_AREA).orElseThrow().message()).contains("No secure-only");
        assertThat(r.findings(FindingCode.BANK_ERASE)).hasSize(2).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(r.eraseCheck("mass erase").orElseThrow().wouldSucceed()).isTrue();
        assertThat(r.finding(FindingCode.RANGE_ERASE).orElseThrow().message())
                .contains("sector 0 of bank 2").contains("would succeed");
        assertThat(r.finding(FindingCode.BANK_SWAP_PENDING)).isEmpty();
        assertThat(r.finding(FindingCode.ECC_ERROR)).isEmpty();
        // the assumptions come after the erase predictions
        List<FindingCode> order = r.findings().stream().map(Finding::code).toList();
        assertThat(order.indexOf(FindingCode.ASSUMPTIONS)).isGreaterThan(order.indexOf(FindingCode.MASS_ERASE));
    }

    @Test
    void protectionAPendingSwapAndABootAddressOutsideMemoryAreNamedWithRegistersAndFixes() throws Exception {
        Stm32H7OptionImage o = with(driver.readOptions(), "WRPSN2_3", 0);
        o = with(o, "SWAP_BANK_OPT", 1);
        o = with(o, "BOOT_ADD0", 0x5000); // 0x50000000: no memory of the part
        driver.writeOptions(o, FlashProgress.NONE);

        DoctorReport r = examine(List.of());
        Finding wp = r.finding(FindingCode.WRITE_PROTECTION).orElseThrow();
        assertThat(wp.severity()).isEqualTo(Severity.WARNING);
        assertThat(wp.message()).contains("sector 3 of bank 2").contains("WRPSN2_3 = 0");
        assertThat(wp.fix()).hasValueSatisfying(f -> assertThat(f).contains("flashbank ob set WRPSN2_3=1"));

        Finding mass = r.finding(FindingCode.MASS_ERASE).orElseThrow();
        assertThat(mass.severity()).isEqualTo(Severity.ERROR);
        assertThat(mass.message()).contains("sector 3 of bank 2").contains("[flag WRPERR]").contains("one by one");
        assertThat(r.eraseCheck("erase of physical bank 1").orElseThrow().wouldSucceed()).isTrue();
        assertThat(r.eraseCheck("erase of physical bank 2").orElseThrow().wouldSucceed()).isFalse();

        Finding pending = r.finding(FindingCode.BANK_SWAP_PENDING).orElseThrow();
        assertThat(pending.severity()).isEqualTo(Severity.WARNING);
        assertThat(pending.message()).contains("SWAP_BANK_OPT = 1").contains("SWAP_BANK = 0")
                .contains("next reset");

        Finding boot = r.finding(FindingCode.BOOT_BOOT0_LOW).orElseThrow();
        assertThat(boot.severity()).isEqualTo(Severity.ERROR);
        assertThat(boot.message()).contains("BOOT_ADD0 = 0x5000").contains("0x50000000").contains("locks up");
        assertThat(boot.fix()).hasValueSatisfying(f -> assertThat(f).contains("BOOT_ADD0="));
        assertThat(r.finding(FindingCode.BOOT_BOOT0_HIGH).orElseThrow().message()).contains("system memory");
    }

    @Test
    void aDoubleEccErrorIsReportedWithTheFailingWordAndItsSectorFromEccFa() throws Exception {
        Stm32H7Registers regs = driver.descriptor().registers();
        MemoryAccess mem = probe.memory();
        driver.unlock(2);
        Register cr = regs.cr(2);
        for (int pass = 0; pass < 2; pass++) { // the same flash word programmed twice: uncorrectable (RM0433 §4.3.9)
            mem.write32(cr.address(), cr.field(Stm32H7Registers.PG).insert(mem.read32(cr.address()), 1));
            for (int i = 0; i < 8; i++) {
                mem.write32(W2 + 0x40 + 4L * i, pass == 0 ? 0x7000 + i : 0x0600 + i);
            }
            while (regs.sr(2).field(Stm32H7Registers.QW).isSet(mem.read32(regs.sr(2).address()))) {
                probe.elapse(Duration.ofMillis(1));
            }
        }
        driver.lock(2);
        assertThatThrownBy(() -> mem.read32(W2 + 0x40)).isInstanceOf(BusFaultException.class);

        DoctorReport r = examine(List.of());
        Finding ecc = r.finding(FindingCode.ECC_ERROR).orElseThrow();
        assertThat(ecc.severity()).isEqualTo(Severity.ERROR);
        assertThat(ecc.message()).contains("FLASH_SR2").contains("DBECCERR").contains("0x08100040")
                .contains("ECC_FA").contains("sector 0 of bank 2");
        assertThat(ecc.fix()).hasValueSatisfying(f -> assertThat(f).contains("flashbank erase --range 0x8100000+0x20000"));
    }
}
