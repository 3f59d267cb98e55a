package dev.flashbank.family.pageflash.tests.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;

/**
 * Bank mapping on the simulated page-flash boards: BKER names the PHYSICAL bank after a swap (FB_MODE on G4, nSWAP_BANK
 * on G0B1), the ROM bootloader's BFB2 boot (bank 2 first when its stack pointer is valid, FB_MODE set, system memory
 * left at 0), nSWAP_BANK with the G0's two bank-2 page numberings, and the DBANK re-layout (4 KiB pages, 128-bit rows
 * interleaving the two arrays).
 */
class PageFlashBankSwapTest {

    static final long FLASH = PageFlashLine.MAIN_FLASH;
    static final long A = 0xAAAA_AAAA_1111_1111L, B = 0xBBBB_BBBB_2222_2222L, C = 0xCCCC_CCCC_3333_3333L;

    static long dw(SimRegs s, long address) {
        return s.r(address) | s.r(address + 4) << 32;
    }

    @Test
    void bkerErasesThePhysicalBankWhileFbModeSwapsTheAddresses() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        long bank2 = FLASH + 0x4_0000L;
        s.unlock();
        assertThat(s.program(FLASH, A)).isZero();
        assertThat(s.program(bank2, B)).isZero();
        // software swap as HAL_SYSCFG_EnableMemorySwappingBank does it
        s.ok(s.regs.memoryRemap().address(), s.regs.fbMode().orElseThrow().mask());
        assertThat(s.board.swapped()).isTrue();
        assertThat(dw(s, FLASH)).as("0x0800_0000 shows physical bank 2").isEqualTo(B);
        assertThat(dw(s, bank2)).isEqualTo(A);

        // BKER = 0 PNB = 0: page 0 of PHYSICAL bank 1 - now mapped at 0x0804_0000 - not the page at 0x0800_0000
        assertThat(s.erasePage(1, 0)).isZero();
        assertThat(dw(s, bank2)).isEqualTo(-1L);
        assertThat(dw(s, FLASH)).isEqualTo(B);
    }

    @Test
    void withTheMappedReadingOfBkerTheSameEraseHitsTheRunningBank() throws Exception {
        PageFlashParameters mapped = new PageFlashParameters(false, true, true, true, false, true, true);
        SimRegs s = SimRegs.of("STM32G474RE", BoardOptions.defaults().withParameters(mapped));
        long bank2 = FLASH + 0x4_0000L;
        s.unlock();
        s.program(FLASH, A);
        s.program(bank2, B);
        s.ok(s.regs.memoryRemap().address(), s.regs.fbMode().orElseThrow().mask());
        assertThat(s.erasePage(1, 0)).isZero();
        assertThat(dw(s, FLASH)).isEqualTo(-1L);
        assertThat(dw(s, bank2)).isEqualTo(A);
    }

    /** A vector table: initial SP in SRAM, reset handler (Thumb) linked for 0x0800_0000. */
    static long vectors(long sp, long resetHandler) {
        return sp | (resetHandler | 1) << 32;
    }

    @Test
    void bfb2BootsBank2ThroughTheRomBootloaderAndFallsBackToBank1() throws Exception {
        SimRegs s = SimRegs.of("STM32L476RG");
        long bank2 = FLASH + 0x8_0000L;
        s.unlock();
        s.program(FLASH, vectors(0x2000_8000L, FLASH + 0x100));
        s.program(bank2, vectors(0x2000_4000L, FLASH + 0x200));
        assertThat(s.board.lastBootReport().source()).as("the erased part").isEqualTo(BootReport.Source.LOCKUP);
        s.board.reset(ResetKind.SYSTEM);
        assertThat(s.board.lastBootReport().source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(s.board.lastBootReport().physicalBank()).isEqualTo(1);

        s.changeOptr(BFB2, 1);
        BootReport boot = s.board.lastBootReport();
        assertThat(boot.source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(boot.dualBoot()).isTrue();
        assertThat(boot.physicalBank()).isEqualTo(2);
        assertThat(boot.imageInitialSp()).isEqualTo(0x2000_4000);
        long systemMemory = s.board.descriptor().memoryRegions(1024).stream()
                .filter(r -> r.kind() == dev.flashbank.core.device.MemoryRegion.Kind.SYSTEM_MEMORY).findFirst()
                .orElseThrow().range().start();
        assertThat(boot.coreVectorTable()).as("the core starts in the bootloader").isEqualTo(systemMemory);
        assertThat(boot.swpFbAfterBoot()).isTrue();
        assertThat(s.board.fbMode()).isTrue();
        long memrmp = s.memRemap();
        assertThat(s.regs.fbMode().orElseThrow().isSet((int) memrmp)).isTrue();
        assertThat(s.regs.memoryRemap().field(MEM_MODE).extract((int) memrmp)).isEqualTo(MEM_MODE_SYSTEM_FLASH);
        assertThat(s.r(FLASH)).as("0x0800_0000 shows bank 2").isEqualTo(0x2000_4000L);
        assertThat(s.r(0)).as("address 0 stays the bootloader (VTOR!)").isEqualTo(s.r(systemMemory));

        // bank 2 invalid: the bootloader falls back to bank 1 and leaves FB_MODE = 0 although BFB2 = 1
        s.unlock();
        assertThat(s.erasePage(2, 0)).isZero();
        s.board.reset(ResetKind.SYSTEM);
        assertThat(s.board.lastBootReport().physicalBank()).isEqualTo(1);
        assertThat(s.board.fbMode()).isFalse();
        assertThat(s.r(FLASH)).isEqualTo(0x2000_8000L);
    }

    @Test
    void nSwapBankMapsBank2AtTheStartAndBkerStillNamesThePhysicalBank() throws Exception {
        SimRegs s = SimRegs.of("STM32G0B1RE");
        long bank2 = FLASH + 0x4_0000L;
        s.unlock();
        assertThat(s.program(FLASH, vectors(0x2000_8000L, FLASH + 0x100))).isZero();
        assertThat(s.program(bank2, vectors(0x2000_4000L, FLASH + 0x200))).isZero();

        s.changeOptr(NSWAP_BANK, 0);
        assertThat(s.board.swapped()).isTrue();
        assertThat(s.board.lastBootReport().physicalBank()).isEqualTo(2);
        assertThat(s.board.lastBootReport().dualBoot()).as("no bootloader detour on G0").isFalse();
        assertThat(s.r(FLASH)).isEqualTo(0x2000_4000L);

        s.unlock();
        assertThat(s.erasePage(1, 0)).isZero(); // physical bank 1, mapped at 0x0804_0000 now
        assertThat(dw(s, bank2)).isEqualTo(-1L);
        assertThat(s.r(FLASH)).isEqualTo(0x2000_4000L);
        // RM0444's numbering of bank-2 pages (256 + n) is accepted as well as HAL's n
        assertThat(s.erasePage(2, 256)).isZero();
        assertThat(dw(s, FLASH)).isEqualTo(-1L);
    }

    @Test
    void clearingDbankRelaysTheArraysAsOneBankOf4KiBPagesWith128BitRows() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        s.unlock();
        s.program(FLASH, A);
        s.program(FLASH + 8, B);
        s.program(FLASH + 0x4_0000L, C);
        assertThat(s.board.geometry().mode()).isEqualTo(BankMode.DUAL);

        s.changeOptr(DBANK, 0);
        FlashGeometry g = s.board.geometry();
        assertThat(g.mode()).isEqualTo(BankMode.SINGLE);
        assertThat(g.bankCount()).isEqualTo(1);
        assertThat(g.bank(1).sectors()).hasSize(128).allMatch(p -> p.size() == 4096);
        // the old contents re-read through the 128-bit rows: the low double word from array 1, the high from array 2
        assertThat(dw(s, FLASH)).isEqualTo(A);
        assertThat(dw(s, FLASH + 8)).isEqualTo(C);
        assertThat(dw(s, FLASH + 16)).isEqualTo(B);

        s.unlock();
        assertThat(s.erasePage(1, 0)).isZero();
        assertThat(s.program(FLASH + 0x0FF8, A)).isZero();
        assertThat(s.program(FLASH + 0x1000, B)).isZero();
        assertThat(s.program(FLASH + 0x1FF8, C)).isZero();
        assertThat(s.program(FLASH + 0x2000, A)).isZero();
        assertThat(s.erasePage(1, 1)).isZero(); // one 4 KiB page: 0x0800_1000..0x0800_1FFF
        assertThat(dw(s, FLASH + 0x0FF8)).isEqualTo(A);
        assertThat(dw(s, FLASH + 0x1000)).isEqualTo(-1L);
        assertThat(dw(s, FLASH + 0x1FF8)).isEqualTo(-1L);
        assertThat(dw(s, FLASH + 0x2000)).isEqualTo(A);
    }

    @Test
    void theGapOfATrimmedG474IsNoFlash() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RC"); // 256 KiB: bank 1 0x0800_0000.., bank 2 at 0x0804_0000
        s.unlock();
        assertThat(s.program(FLASH + 0x4_0000L, A)).isZero();
        assertThat(s.board.readCells(2, 0, 8)).containsOnly((byte) 0x11, (byte) 0xAA);
        assertThat(s.read(FLASH + 0x2_0000L)).isInstanceOf(dev.flashbank.sim.bus.BusResult.Fault.class);
    }
}
