package dev.flashbank.family.pageflash.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.flash.PageFlashDriver;
import dev.flashbank.family.pageflash.flash.PageFlashFamily;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The doctor on the simulated G474, L476 and G0B1 with the page-flash checks: page layout, the bank mapping and the
 * erase-by-BKER trap once the banks are swapped, the next boot through BFB2, write protection, ECC and status flags.
 */
class PageFlashDoctorTest {

    private static final long FLASH = PageFlashLine.MAIN_FLASH;

    /** One simulated board, its probe and a driver on it. */
    private static final class Bench {
        final PageFlashBoard board;
        final SimulatedProbe probe;
        final PageFlashDriver driver;

        Bench(String part) throws Exception {
            board = PageFlashSimulatedFamily.INSTANCE.create(part, BoardOptions.defaults());
            probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET);
            PollClock clock = new SimulatorPollClock(probe);
            driver = new PageFlashDriver(probe, (PageFlashDescriptor) board.descriptor(), board.flashSizeKiB(), clock,
                    FlashDriverSettings.defaults());
        }

        DoctorReport examine() {
            return new Doctor(new Families(List.of(new PageFlashFamily()))).examine(probe, List.of());
        }

        OptionImage withOptr(String field, int value) throws Exception {
            OptionImage o = driver.readOptions();
            Register optr = PageFlashRegisters.of(board.line()).optr();
            return o.withWord(PageFlashRegisters.OPTR, optr.field(field).insert(o.word(PageFlashRegisters.OPTR),
                    value));
        }
    }

    /** A vector table the ROM bootloader accepts (SP in SRAM1), then a pattern. */
    private static byte[] image(int seed) {
        byte[] b = new byte[2048];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        int sp = 0x2000_8000;
        int reset = (int) FLASH + 0x101;
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (sp >>> (8 * i));
            b[4 + i] = (byte) (reset >>> (8 * i));
        }
        return b;
    }

    @Test
    void aFactoryG474ShowsItsTwoBanksOf128PagesAndNoSwapTrap() throws Exception {
        DoctorReport r = new Bench("STM32G474RE").examine();
        assertThat(r.identity()).as(r.render()).isPresent();
        assertThat(r.finding(FindingCode.PART).orElseThrow().message()).contains("RM0440", "64-bit double words");
        assertThat(r.finding(FindingCode.BANK_MODE).orElseThrow().message()).contains("DBANK = 1",
                "bank 2: pages 0-127 (128 x 2 KiB) at 0x08040000");
        assertThat(r.finding(FindingCode.BANK_MAPPING).orElseThrow().message()).contains(
                "SYSCFG_MEMRMP.FB_MODE = 0", "physical bank 2 at 0x08040000");
        assertThat(r.finding(FindingCode.SWAPPED_BANK_ERASE)).isEmpty();
        assertThat(r.finding(FindingCode.RDP).orElseThrow().severity()).isEqualTo(Severity.INFO);
        assertThat(r.finding(FindingCode.WRITE_PROTECTION).orElseThrow().message()).contains("No page");
        assertThat(r.finding(FindingCode.ASSUMPTIONS).orElseThrow().message()).contains("eraseSelectsPhysicalBank");
    }

    @Test
    void afterABfb2BootIntoBank2TheDoctorWarnsThatBker1ErasesTheRunningBank() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        PageFlashDriver driver = g4.driver;
        driver.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE);
        driver.program(FLASH, image(1), FlashProgress.NONE);
        driver.eraseRange(new AddressRange(FLASH + 0x4_0000L, 2048), FlashProgress.NONE);
        driver.program(FLASH + 0x4_0000L, image(2), FlashProgress.NONE);
        driver.writeOptions(g4.withOptr(PageFlashRegisters.BFB2, 1), FlashProgress.NONE);
        assertThat(g4.board.fbMode()).isTrue();

        DoctorReport r = g4.examine();
        assertThat(r.finding(FindingCode.BANK_MAPPING).orElseThrow().message()).contains("FB_MODE = 1",
                "physical bank 2 at 0x08000000");
        assertThat(r.finding(FindingCode.SWAPPED_BANK_ERASE).orElseThrow()).satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("RUNNING image at 0x08000000 is physical bank 2 (BKER = 1, MER2)",
                    "erases the RUNNING bank");
        });
        assertThat(r.findings(FindingCode.BOOT_NEXT)).anySatisfy(f -> assertThat(f.message())
                .contains("finds a valid stack pointer in bank 2"));
        assertThat(r.findings(FindingCode.BOOT_NEXT)).anySatisfy(f -> assertThat(f.message()).contains("VTOR"));
    }

    @Test
    void aWrpAreaOfL476IsNamedWithItsPhysicalPagesAndTheFix() throws Exception {
        Bench l4 = new Bench("STM32L476RG");
        OptionImage o = l4.driver.readOptions();
        o = o.withWord("WRP2AR", 0x0003_0002); // pages 2-3 of physical bank 2
        l4.driver.writeOptions(o, FlashProgress.NONE);
        DoctorReport r = l4.examine();
        assertThat(r.finding(FindingCode.WRITE_PROTECTION).orElseThrow()).satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("WRP2A pages 2-3 of physical bank 2", "pages 258-259 of bank 2");
            assertThat(f.fix().orElseThrow()).contains("flashbank ob set WRP2A_STRT=255 WRP2A_END=0");
        });
    }

    @Test
    void g0b1SwappedByNSwapBankHasTheSameTrap() throws Exception {
        Bench g0 = new Bench("STM32G0B1RE");
        g0.driver.writeOptions(g0.withOptr(PageFlashRegisters.NSWAP_BANK, 0), FlashProgress.NONE);
        DoctorReport r = g0.examine();
        assertThat(r.finding(FindingCode.SWAPPED_BANK_ERASE).orElseThrow().message())
                .contains("FLASH_OPTR.nSWAP_BANK = 0", "physical bank 2");
        // the active-low bit is shown with the value it holds, not as "swapped = 1"
        assertThat(r.finding(FindingCode.PART).orElseThrow().message()).contains("nSWAP_BANK=0");
    }
}
