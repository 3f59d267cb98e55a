package dev.flashbank.family.pageflash.tests.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.flash.PageFlashDriver;
import dev.flashbank.family.pageflash.flash.PageFlashStatusException;
import dev.flashbank.family.pageflash.flash.PageFlashStatusFlag;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimParameters;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The page-flash driver against the simulated G474, L476 and G0B1 boards (connected under reset as the CLI connects,
 * polling on the board's virtual clock): what ends up in the PHYSICAL banks after a bank swap, what the silicon
 * answers to a second program of a double word, and option writes ending in OBL_LAUNCH, the reset and the reconnect.
 */
class PageFlashDriverOnSimulatorTest {

    private static final long FLASH = PageFlashLine.MAIN_FLASH;

    /** One board, its probe and a driver on it. */
    private static final class Bench {
        final PageFlashBoard board;
        final SimulatedProbe probe;
        final PollClock clock;
        final PageFlashRegisters regs;
        PageFlashDriver driver;

        Bench(String part) throws Exception {
            this(part, BoardOptions.defaults());
        }

        /** A board built with {@code options}; the driver takes the model parameters from the board's descriptor. */
        Bench(String part, BoardOptions options) throws Exception {
            board = PageFlashSimulatedFamily.INSTANCE.create(part, options);
            probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET);
            clock = new SimulatorPollClock(probe);
            regs = PageFlashRegisters.of(board.line());
            driver = newDriver();
        }

        /** A driver opened anew on the same probe: it knows nothing of what earlier drivers did. */
        PageFlashDriver newDriver() throws TargetException {
            return new PageFlashDriver(probe, (PageFlashDescriptor) board.descriptor(), board.flashSizeKiB(), clock,
                    FlashDriverSettings.defaults());
        }

        OptionImage withOptr(String field, int value) throws TargetException {
            OptionImage o = driver.readOptions();
            Register optr = regs.optr();
            return o.withWord(OPTR, optr.field(field).insert(o.word(OPTR), value));
        }
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 13 + seed + (i >>> 9));
        }
        return b;
    }

    /** An image whose vector table the ROM bootloader accepts: SP at the top of the first 32 KiB of SRAM. */
    private static byte[] image(int length, int seed) {
        byte[] b = pattern(length, seed);
        int sp = 0x2000_8000;
        int reset = (int) FLASH + 0x101;
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (sp >>> (8 * i));
            b[4 + i] = (byte) (reset >>> (8 * i));
        }
        return b;
    }

    private static boolean erased(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Test
    void afterABfb2BootIntoBank2TheInactiveBankIsErasedByItsPhysicalNumber() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        PageFlashDriver d = g4.driver;
        long bank2 = FLASH + 0x4_0000L;
        byte[] a = image(4096, 1);
        byte[] b = image(4096, 2);
        d.eraseRange(new AddressRange(FLASH, a.length), FlashProgress.NONE);
        d.program(FLASH, a, FlashProgress.NONE);
        d.eraseRange(new AddressRange(bank2, b.length), FlashProgress.NONE);
        d.program(bank2, b, FlashProgress.NONE);

        OptionWriteResult r = d.writeOptions(g4.withOptr(BFB2, 1), FlashProgress.NONE);

        assertThat(r.readBackMatches()).isTrue();
        assertThat(g4.board.fbMode()).as("the ROM bootloader started bank 2 and set FB_MODE").isTrue();
        assertThat(d.banksSwapped()).isTrue();
        assertThat(d.readFlash(FLASH, 16)).as("0x0800_0000 shows physical bank 2").isEqualTo(Arrays.copyOf(b, 16));

        // the update of the inactive bank: the address 0x0804_0000 shows PHYSICAL bank 1 now
        var pages = d.eraseRange(new AddressRange(bank2, 2048), FlashProgress.NONE);
        assertThat(pages).singleElement().satisfies(p -> assertThat(p.bank()).isEqualTo(1));
        assertThat(erased(g4.board.readCells(1, 0, 2048))).as("physical bank 1, page 0").isTrue();
        assertThat(g4.board.readCells(2, 0, 4096)).as("the running bank").isEqualTo(b);

        d.eraseBank(1, FlashProgress.NONE);
        assertThat(erased(g4.board.readCells(1, 0, 4096))).isTrue();
        assertThat(d.readFlash(FLASH, 4096)).as("still running from bank 2").isEqualTo(b);
    }

    @Test
    void progerrFromTheSiliconIsReportedByNameWhenADoubleWordWasProgrammedBehindTheDriversBack() throws Exception {
        Bench l4 = new Bench("STM32L476RG");
        PageFlashDriver d = l4.driver;
        d.eraseRange(new AddressRange(FLASH + 0x800, 2048), FlashProgress.NONE);
        // another tool (here: a second driver) programs a double word the first driver knows as erased
        l4.newDriver().program(FLASH + 0x810, pattern(8, 9), FlashProgress.NONE);

        assertThatThrownBy(() -> d.program(FLASH + 0x800, pattern(64, 3), FlashProgress.NONE))
                .isInstanceOfSatisfying(PageFlashStatusException.class, e -> {
                    assertThat(e.primary()).isEqualTo(PageFlashStatusFlag.PROGERR);
                    assertThat(e.getMessage()).contains("PROGERR", "0x08000810", "page 1");
                    assertThat(e.fix()).contains("erase the page");
                });
        assertThat(d.readStatus() & l4.regs.srErrorMask()).as("cleared for the next operation").isZero();
        assertThat(d.isLocked()).isTrue();
        // and the next driver refuses before writing, naming the double word
        assertThatThrownBy(() -> l4.newDriver().program(FLASH + 0x810, pattern(8, 1), FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class).hasMessageContaining("0x08000810");
    }

    @Test
    void theNSwapBankLoadResetsTheG0AndTheDriverReconnectsAndVerifies() throws Exception {
        Bench g0 = new Bench("STM32G0B1RE");
        PageFlashDriver d = g0.driver;
        long bank2 = FLASH + 0x4_0000L;
        byte[] a = image(2048, 5);
        byte[] b = image(2048, 6);
        d.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE);
        d.program(FLASH, a, FlashProgress.NONE);
        d.eraseRange(new AddressRange(bank2, 2048), FlashProgress.NONE);
        d.program(bank2, b, FlashProgress.NONE);
        assertThat(d.banksSwapped()).isFalse();

        OptionImage requested = g0.withOptr(NSWAP_BANK, 0);
        OptionWriteResult r = d.writeOptions(requested, FlashProgress.NONE);

        assertThat(r.after()).isEqualTo(requested);
        assertThat(r.readBackMatches()).isTrue();
        assertThat(r.resetRequired()).isFalse();
        assertThat(g0.board.swapped()).isTrue();
        assertThat(d.banksSwapped()).isTrue();
        assertThat(d.bankMappingLabel()).isEqualTo(NSWAP_BANK);
        assertThat(d.readFlash(FLASH, 2048)).isEqualTo(b);

        // BKER (bit 13 on G0) still names the PHYSICAL bank: the upper address is physical bank 1 now
        d.eraseRange(new AddressRange(bank2, 2048), FlashProgress.NONE);
        assertThat(erased(g0.board.readCells(1, 0, 2048))).isTrue();
        assertThat(g0.board.readCells(2, 0, 2048)).isEqualTo(b);
    }

    @Test
    void aDbankChangeIsLoadedAndThePagesAreLaidOutAgain() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        PageFlashDriver d = g4.driver;
        assertThat(d.geometry().mode()).isEqualTo(BankMode.DUAL);

        OptionWriteResult r = d.writeOptions(g4.withOptr(DBANK, 0), FlashProgress.NONE);

        assertThat(r.bankModeChanged()).isTrue();
        assertThat(d.geometry().mode()).isEqualTo(BankMode.SINGLE);
        assertThat(d.geometry().sectors()).hasSize(128).allSatisfy(s -> assertThat(s.size()).isEqualTo(4096));
        d.massErase(FlashProgress.NONE);
        byte[] data = pattern(8192, 4);
        d.program(FLASH + 0x1_0000, data, FlashProgress.NONE);
        assertThat(d.readFlash(FLASH + 0x1_0000, data.length)).isEqualTo(data);
    }

    @Test
    void fastRowsAfterABankEraseProgramWhatStandardProgrammingWould() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        PageFlashDriver d = g4.driver;
        byte[] data = pattern(16 * 1024, 7);
        long bank2 = FLASH + 0x4_0000L;

        d.eraseBank(2, FlashProgress.NONE);
        long t0 = g4.board.clock().nanos();
        d.program(bank2, data, FlashProgress.NONE);
        long fast = g4.board.clock().nanos() - t0;

        assertThat(d.readFlash(bank2, data.length)).isEqualTo(data);
        assertThat(d.readStatus() & g4.regs.srErrorMask()).isZero();

        d.eraseRange(new AddressRange(FLASH, data.length), FlashProgress.NONE);
        t0 = g4.board.clock().nanos();
        d.program(FLASH, data, FlashProgress.NONE);
        long standard = g4.board.clock().nanos() - t0;
        assertThat(d.readFlash(FLASH, data.length)).isEqualTo(data);
        assertThat(fast).as("programming in fast rows after a bank erase vs double words after page erases").isLessThan(standard);
    }

    @Test
    void aWriteProtectedPageIsRefusedAndStaysIntact() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        PageFlashDriver d = g4.driver;
        byte[] a = pattern(2048, 8);
        d.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE);
        d.program(FLASH, a, FlashProgress.NONE);
        Register wrp = g4.regs.wrp(1, "A");
        OptionImage o = d.readOptions();
        o = o.withWord(wrp.name(), wrp.field(wrpStartField(1, "A")).encode(0) | wrp.field(wrpEndField(1, "A"))
                .encode(0));
        d.writeOptions(o, FlashProgress.NONE);

        assertThatThrownBy(() -> d.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE))
                .hasMessageContaining("write-protected").hasMessageContaining("Nothing was written");
        assertThat(d.readFlash(FLASH, 2048)).isEqualTo(a);
    }

    @Test
    void programmingTheBootAddressOfABlankG0ClearsItsEmptyFlagSoTheNextResetStartsTheCode() throws Exception {
        Bench g0 = new Bench("STM32G0B1RE");
        assertThat(g0.board.lastBootReport().physicalBank()).as("factory-fresh: the empty check sends the boot to "
                + "the bootloader").isZero();
        g0.driver.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE);
        g0.driver.program(FLASH, image(2048, 3), FlashProgress.NONE);

        g0.board.reset(dev.flashbank.core.target.ResetKind.SYSTEM);

        assertThat(g0.board.lastBootReport().physicalBank()).isEqualTo(1);
    }

    @Test
    void aDoubleWordTornByAPowerLossIsExplainedByItsEccErrorAndRefusedForProgramming() throws Exception {
        Bench g4 = new Bench("STM32G474RE");
        long a = FLASH + 0x2000;
        // a programming cut by a power loss (another tool, or firmware): the first word written, then power gone
        var bus = g4.board.debugBus();
        bus.write(g4.regs.keyr().address(), dev.flashbank.core.target.AccessWidth.WORD, KEYR_KEYS.key1());
        bus.write(g4.regs.keyr().address(), dev.flashbank.core.target.AccessWidth.WORD, KEYR_KEYS.key2());
        bus.write(g4.regs.cr().address(), dev.flashbank.core.target.AccessWidth.WORD, g4.regs.cr().field(PG).mask());
        bus.write(a, dev.flashbank.core.target.AccessWidth.WORD, 0);
        g4.board.faults().powerLossAt(java.time.Duration.ofNanos(g4.board.clock().nanos() + 20_000));
        bus.write(a + 4, dev.flashbank.core.target.AccessWidth.WORD, 0);
        bus.elapse(java.time.Duration.ofMillis(1));
        g4.board.powerOn();
        SimulatedProbe probe = SimulatedProbe.connect(g4.board, SimulatedProbe.ConnectMode.UNDER_RESET);
        PageFlashDriver d = new PageFlashDriver(probe, (PageFlashDescriptor) g4.board.descriptor(), 512,
                new SimulatorPollClock(probe), FlashDriverSettings.defaults());

        assertThatThrownBy(() -> d.readFlash(a, 8)).isInstanceOf(FlashRequestException.class)
                .hasMessageContaining("0x08002000").hasMessageContaining("ECCD").hasMessageContaining("torn");
        assertThatThrownBy(() -> d.program(a, pattern(8, 1), FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("0x08002000", "ECCD", "Nothing was written");
                    assertThat(e.fix()).contains("erase page 4");
                });

        d.eraseRange(new AddressRange(a, 8), FlashProgress.NONE);
        d.program(a, pattern(8, 1), FlashProgress.NONE);
        assertThat(d.readFlash(a, 8)).isEqualTo(pattern(8, 1));
    }

    @Test
    void underTheMappedReadingOfBkerTheDriverStillErasesThePhysicalPageAsked() throws Exception {
        // the L5-like reading: BKER names the bank mapped at the address (model parameter eraseSelectsPhysicalBank)
        PageFlashParameters mapped = new PageFlashParameters(false, true, true, true, false, true, true);
        Bench g4 = new Bench("STM32G474RE", BoardOptions.defaults().withParameters(mapped));
        PageFlashDriver d = g4.driver;
        long bank2 = FLASH + 0x4_0000L;
        byte[] a = pattern(2048, 1);
        byte[] b = pattern(2048, 2);
        d.eraseRange(new AddressRange(FLASH, 2048), FlashProgress.NONE);
        d.program(FLASH, a, FlashProgress.NONE);
        d.eraseRange(new AddressRange(bank2, 2048), FlashProgress.NONE);
        d.program(bank2, b, FlashProgress.NONE);
        // a run-time swap, as HAL_SYSCFG_EnableMemorySwappingBank does it
        g4.probe.memory().write32(g4.regs.memoryRemap().address(), g4.regs.fbMode().orElseThrow().mask());

        d.eraseRange(new AddressRange(bank2, 2048), FlashProgress.NONE); // physical bank 1 now

        assertThat(erased(g4.board.readCells(1, 0, 2048))).isTrue();
        assertThat(g4.board.readCells(2, 0, 2048)).as("the bank at 0x0800_0000").isEqualTo(b);
    }

    @Test
    void aG0ThatWantsBank2PagesNumberedFrom256GetsThem() throws Exception {
        PageFlashParameters from256 = new PageFlashParameters(true, false, true, true, false, true, true);
        Bench g0 = new Bench("STM32G0B1RE", BoardOptions.defaults().withParameters(from256)
                .withFamilySim(PageFlashSimParameters.defaults().withStrictG0Bank2PageNumber(true)));
        PageFlashDriver d = g0.driver;
        long page3OfBank2 = FLASH + 0x4_0000L + 3 * 2048;
        d.eraseRange(new AddressRange(page3OfBank2, 2048), FlashProgress.NONE);
        d.program(page3OfBank2, pattern(64, 4), FlashProgress.NONE);

        d.eraseRange(new AddressRange(page3OfBank2, 2048), FlashProgress.NONE);

        assertThat(erased(g0.board.readCells(2, 3 * 2048, 2048))).isTrue();
    }
}
