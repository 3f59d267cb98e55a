package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.bus.BusResult;

/** One test per FLASH_SR flag trigger (RM0410 FLASH_SR; RM0090/RM0402 wording) and the flag rules around them. */
class ErrorFlagTest {

    private static Fx protectSector(String part, int sector) throws Exception {
        Fx fx = Fx.of(part);
        OptionBytes ob = fx.board.storedOptions().withWriteProtection(sector, true);
        fx.programOptions(ob);
        return fx;
    }

    @Test
    void wrperrWhenProgrammingAWriteProtectedSector() throws Exception {
        Fx fx = protectSector("STM32F767ZI", 1);
        fx.programWords(0x0800_8000L, 0x0000_0000); // sector 1 of the 2 MiB single-bank layout
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_8000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void wrperrWhenErasingAWriteProtectedSector() throws Exception {
        Fx fx = protectSector("STM32F767ZI", 2);
        fx.clearErrors();
        fx.programWords(0x0801_0000L, 0x1234_5678); // refused: sector 2 is protected
        fx.clearErrors();
        fx.eraseSector(2);
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
    }

    @Test
    void wrperrRefusesMassEraseWhenAnySectorIsProtectedButSectorEraseElsewhereWorks() throws Exception {
        Fx fx = protectSector("STM32F767ZI", 11);
        fx.programWords(0x0800_0000L, 0xCAFE_F00D);
        fx.massErase(fx.crBit(MER));
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
        // "protected sectors are not erased" (RM0090 mass erase)
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xCAFE_F00D);
        fx.clearErrors();
        fx.eraseSector(0);
        assertThat(fx.errors()).isZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void wrperrForPcropSectorsOnF72xProgramAndMassErase() throws Exception {
        Fx fx = Fx.of("STM32F722ZE");
        fx.programOptions(fx.board.storedOptions().withPcropProtection(3, true));
        fx.programWords(0x0800_C000L, 0); // sector 3
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
        fx.clearErrors();
        fx.massErase(fx.crBit(MER));
        Stm32F7Parameters p = fx.board.descriptor().stm32F7Parameters();
        assertThat(fx.errors() & fx.srBit(p.pcropMassEraseFlag())).isNotZero();
    }

    @Test
    void pgperrWhenAccessSizeDiffersFromPsize() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        fx.mem.write16(0x0800_0000L, 0x1234);
        assertThat(fx.errors() & fx.srBit(PGPERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void pgaerrWhenAUnitCrossesAProgrammingRow() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        int row = fx.board.descriptor().stm32F7Parameters().pgaerrRowBytes(false);
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X16));
        // a halfword at the last byte of a row straddles two rows; the raw debug bus lets us issue it
        BusResult r = fx.board.debugBus().write(0x0800_0000L + row - 1, AccessWidth.HALFWORD, 0);
        assertThat(r.isOk()).isTrue();
        assertThat(fx.errors() & fx.srBit(PGAERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L + row - 4)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void pgaerrRowWidthIsTheBankModeParameter() throws Exception {
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults()
                .withParameters(Stm32F7Parameters.defaults().toBuilder().pgaerrRowBits(64, 64).build()));
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X16));
        fx.board.debugBus().write(0x0800_0007L, AccessWidth.HALFWORD, 0); // crosses an 8-byte row
        assertThat(fx.errors() & fx.srBit(PGAERR)).isNotZero();
    }

    @Test
    void pgaerrWhenX64HalvesAreNotOneDoubleWord() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X64));
        fx.mem.write32(0x0800_0004L, 0); // first half must be 8-aligned
        assertThat(fx.errors() & fx.srBit(PGAERR)).isNotZero();
        fx.clearErrors();
        fx.mem.write32(0x0800_0008L, 0x1111_1111);
        fx.mem.write32(0x0800_000CL, 0x2222_2222);
        fx.waitIdle();
        assertThat(fx.errors()).isZero();
        assertThat(fx.mem.read32(0x0800_0008L)).isEqualTo(0x1111_1111);
        assertThat(fx.mem.read32(0x0800_000CL)).isEqualTo(0x2222_2222);
    }

    @Test
    void erserrWhenWritingFlashWithoutPg() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, 0);
        fx.mem.write32(0x0800_0000L, 0);
        assertThat(fx.errors() & fx.srBit(ERSERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void erserrWhenMerAndSerAreBothSet() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0);
        fx.unlock();
        int v = fx.crBit(MER) | fx.crBit(SER) | fx.snb(0) | fx.psize(Parallelism.X32);
        fx.mem.write32(fx.cr, v | fx.crBit(STRT));
        assertThat(fx.readSr() & fx.srBit(BSY)).isZero();
        assertThat(fx.errors() & fx.srBit(ERSERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isZero();
    }

    @Test
    void rderrWhenReadingAPcropSectorOnF72x() throws Exception {
        Fx fx = Fx.of("STM32F722ZE");
        fx.programOptions(fx.board.storedOptions().withPcropProtection(1, true));
        assertThatThrownBy(() -> fx.mem.read32(0x0800_4000L)).isInstanceOf(BusFaultException.class);
        assertThat(fx.readSr() & fx.srBit(RDERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF); // sector 0 is readable
    }

    @Test
    void errorFlagsAreWriteOneToClear() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, 0);
        fx.mem.write32(0x0800_0000L, 0); // ERSERR
        fx.mem.write32(fx.sr, 0); // writing 0 clears nothing
        assertThat(fx.errors() & fx.srBit(ERSERR)).isNotZero();
        fx.mem.write32(fx.sr, fx.srBit(ERSERR));
        assertThat(fx.errors()).isZero();
    }

    @Test
    void staleErrorsBlockStrtWithTheDefaultParameter() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0x5555_5555);
        fx.unlock();
        fx.mem.write32(fx.cr, 0);
        fx.mem.write32(0x0800_0000L, 0); // leaves ERSERR pending
        fx.eraseSector(0);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x5555_5555); // STRT ignored
    }

    @Test
    void staleErrorsDoNotBlockWhenTheParameterSaysSo() throws Exception {
        Stm32F7Parameters.Builder b = Stm32F7Parameters.defaults().toBuilder();
        b.staleErrorsBlockStart = false;
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults().withParameters(b.build()));
        fx.programWords(0x0800_0000L, 0x5555_5555);
        fx.unlock();
        fx.mem.write32(fx.cr, 0);
        fx.mem.write32(0x0800_0000L, 0);
        fx.eraseSector(0);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void operrOnlyWithErrieAndEopOnlyWithEopie() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, 0);
        fx.mem.write32(0x0800_0000L, 0);
        assertThat(fx.readSr() & fx.srBit(OPERR)).isZero();
        fx.clearErrors();
        fx.mem.write32(fx.cr, fx.crBit(ERRIE));
        fx.mem.write32(0x0800_0000L, 0);
        assertThat(fx.readSr() & fx.srBit(OPERR)).isNotZero();
        fx.clearErrors();

        fx.programWords(0x0800_0100L, 0);
        assertThat(fx.readSr() & fx.srBit(EOP)).isZero();
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.crBit(EOPIE) | fx.psize(Parallelism.X32));
        fx.mem.write32(0x0800_0104L, 0);
        fx.waitIdle();
        assertThat(fx.readSr() & fx.srBit(EOP)).isNotZero();
    }
}
