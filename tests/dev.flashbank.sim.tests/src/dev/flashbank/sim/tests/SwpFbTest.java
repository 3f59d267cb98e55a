package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;

/**
 * SYSCFG_MEMRMP.SWP_FB remap of both windows and physical erase selection (RM0410 SYSCFG_MEMRMP; HAL LL_SYSCFG_BANKMODE
 * comments).
 */
class SwpFbTest {

    private static final long AXIM_SLOT1 = 0x0800_0000L, AXIM_SLOT2 = 0x0810_0000L;
    private static final long ITCM_SLOT1 = 0x0020_0000L, ITCM_SLOT2 = 0x0030_0000L;
    private static final int BANK1_MARK = 0x1111_AAAA, BANK2_MARK = 0x2222_BBBB;

    private static Fx marked() throws Exception {
        Fx fx = Fx.dualBank();
        fx.programWords(AXIM_SLOT1, BANK1_MARK);
        fx.programWords(AXIM_SLOT2, BANK2_MARK);
        return fx;
    }

    private static int cellWord(Fx fx, int bank, long offset) {
        return ByteBuffer.wrap(fx.board.readCells(bank, offset, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void swpFbNeedsTheSyscfgClock() throws Exception {
        Fx fx = marked();
        long memrmp = fx.r.memrmp().address();
        fx.mem.write32(memrmp, fx.r.memrmp().field(SWP_FB).mask()); // SYSCFG clock still off: ignored
        assertThat(fx.mem.read32(memrmp)).isZero();
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(BANK1_MARK);
        fx.setSwpFb(true);
        assertThat(fx.mem.read32(memrmp) & fx.r.memrmp().field(SWP_FB).mask()).isNotZero();
    }

    @Test
    void swapExchangesBothAximAndItcmWindowsForDebuggerReads() throws Exception {
        Fx fx = marked();
        assertThat(fx.mem.read32(ITCM_SLOT1)).isEqualTo(BANK1_MARK);
        assertThat(fx.mem.read32(ITCM_SLOT2)).isEqualTo(BANK2_MARK);
        fx.setSwpFb(true);
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(BANK2_MARK);
        assertThat(fx.mem.read32(AXIM_SLOT2)).isEqualTo(BANK1_MARK);
        assertThat(fx.mem.read32(ITCM_SLOT1)).isEqualTo(BANK2_MARK);
        assertThat(fx.mem.read32(ITCM_SLOT2)).isEqualTo(BANK1_MARK);
        fx.setSwpFb(false);
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(BANK1_MARK);
        assertThat(fx.mem.read32(ITCM_SLOT2)).isEqualTo(BANK2_MARK);
    }

    @Test
    void programmingGoesThroughTheRemapInBothDirections() throws Exception {
        Fx fx = Fx.dualBank();
        fx.setSwpFb(true);
        fx.programWords(AXIM_SLOT1 + 0x10, 0x0000_1234); // lands in PHYSICAL bank 2
        fx.programWords(AXIM_SLOT2 + 0x20, 0x0000_5678); // lands in PHYSICAL bank 1
        assertThat(cellWord(fx, 2, 0x10)).isEqualTo(0x0000_1234);
        assertThat(cellWord(fx, 1, 0x20)).isEqualTo(0x0000_5678);
        assertThat(cellWord(fx, 1, 0x10)).isEqualTo(0xFFFF_FFFF);
        fx.setSwpFb(false);
        assertThat(fx.mem.read32(AXIM_SLOT2 + 0x10)).isEqualTo(0x0000_1234);
        assertThat(fx.mem.read32(ITCM_SLOT1 + 0x20)).isEqualTo(0x0000_5678);
    }

    @Test
    void merSelectsPhysicalBank1EvenWhenSwapped_theUserProblemOfSection61() throws Exception {
        Fx fx = marked();
        fx.setSwpFb(true); // "running from bank 2"
        fx.massErase(fx.crBit(MER)); // the firmware's "erase bank 1"
        assertThat(fx.mem.read32(AXIM_SLOT2)).as("physical bank 1, now at 0x0810_0000").isEqualTo(0xFFFF_FFFF);
        assertThat(fx.mem.read32(AXIM_SLOT1)).as("running image untouched").isEqualTo(BANK2_MARK);
        fx.programWords(AXIM_SLOT1, 0x3333_CCCC); // "program the new image at 0x0800_0000"
        assertThat(fx.errors()).as("programming reports no error").isZero();
        assertThat(fx.mem.read32(AXIM_SLOT1)).as("verify fails: old AND new").isEqualTo(BANK2_MARK & 0x3333_CCCC);
    }

    @Test
    void mer2AndSnbAlsoSelectPhysicalBanks() throws Exception {
        Fx fx = marked();
        fx.setSwpFb(true);
        fx.eraseSector(12); // bank-2 sector 0 (SNB 0x10)
        assertThat(cellWord(fx, 2, 0)).isEqualTo(0xFFFF_FFFF);
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(0xFFFF_FFFF); // bank 2 shown at 0x0800_0000
        assertThat(fx.mem.read32(AXIM_SLOT2)).isEqualTo(BANK1_MARK);
        fx.programWords(AXIM_SLOT2, 0); // bank 1
        fx.massErase(fx.crBit(MER2));
        assertThat(cellWord(fx, 1, 0)).isZero();
    }

    @Test
    void withTheMappedBankParameterEraseFollowsTheSwap() throws Exception {
        Fx fx = Fx.dualBank(BoardOptions.defaults().withParameters(
                Stm32F7Parameters.defaults().toBuilder().bankEraseSelectsPhysicalBank(false).build()));
        fx.programWords(AXIM_SLOT1, BANK1_MARK);
        fx.programWords(AXIM_SLOT2, BANK2_MARK);
        fx.setSwpFb(true);
        fx.massErase(fx.crBit(MER)); // now erases the bank mapped at 0x0800_0000: physical bank 2
        assertThat(cellWord(fx, 2, 0)).isEqualTo(0xFFFF_FFFF);
        assertThat(cellWord(fx, 1, 0)).isEqualTo(BANK1_MARK);
    }

    @Test
    void swpFbIsVolatileAndClearedByReset() throws Exception {
        Fx fx = marked();
        fx.setSwpFb(true);
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThat(fx.board.swpFb()).isFalse();
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(BANK1_MARK);
    }

    @Test
    void inSingleBankModeSwpFbDoesNotRemap() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(AXIM_SLOT1, BANK1_MARK);
        fx.setSwpFb(true);
        assertThat(fx.mem.read32(AXIM_SLOT1)).isEqualTo(BANK1_MARK);
    }
}
