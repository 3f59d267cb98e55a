package dev.flashbank.family.pageflash.tests;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/** The line differences of the page-flash register model that the three SVDs cannot show (lines without an SVD). */
class PageFlashRegistersTest {

    @Test
    void bkerIsBit11OnL4AndG4AndBit13OnG0WithThePnbWidthOfEachLine() {
        // stlink #1456: BKER at bit 13 on a G4 never selected bank 2
        Register g4 = PageFlashRegisters.of(PageFlashLine.G47X_G48X).cr();
        assertThat(g4.field(BKER).lsb()).isEqualTo(11);
        assertThat(g4.field(PNB).mask()).isEqualTo(0x3F8);
        Register g0 = PageFlashRegisters.of(PageFlashLine.G0BX_G0CX).cr();
        assertThat(g0.field(BKER).lsb()).isEqualTo(13);
        assertThat(g0.field(PNB).mask()).isEqualTo(0x1FF8); // stlink #1321: 6 bits wrapped page 64 to page 0
        assertThat(PageFlashRegisters.of(PageFlashLine.L4RX_L4SX).cr().field(BKER).lsb()).isEqualTo(11);
        assertThat(PageFlashRegisters.of(PageFlashLine.L47X_L48X).cr().field(PNB).mask()).isEqualTo(0x7F8);
        assertThat(PageFlashRegisters.of(PageFlashLine.G49X_G4AX).cr().field(PNB).mask()).isEqualTo(0x7F8);
    }

    @Test
    void singleBankLinesHaveNoBkerMer2OrBank2OptionRegisters() {
        PageFlashRegisters g431 = PageFlashRegisters.of(PageFlashLine.G43X_G44X);
        assertThat(g431.cr().hasField(BKER)).isFalse();
        assertThat(g431.cr().hasField(MER2)).isFalse();
        assertThat(g431.cr().field(PNB).mask()).isEqualTo(0x1F8);
        assertThat(g431.flash().hasRegister("WRP2AR")).isFalse();
        assertThatThrownBy(() -> g431.wrp(2, "A")).isInstanceOf(UnknownModelElementException.class)
                .hasMessageContaining("no bank-2");
        assertThat(g431.optr().hasField(BFB2)).isFalse();
        assertThat(g431.optr().hasField(DBANK)).isFalse();
        assertThat(PageFlashRegisters.of(PageFlashLine.G49X_G4AX).optr().field(PB4_PUPEN).lsb()).isEqualTo(22);
    }

    @Test
    void bankModeAndSwapBitsPerLine() {
        assertThat(PageFlashRegisters.of(PageFlashLine.G47X_G48X).optr().field(DBANK).lsb()).isEqualTo(22);
        assertThat(PageFlashRegisters.of(PageFlashLine.L47X_L48X).optr().field(DUALBANK).lsb()).isEqualTo(21);
        PageFlashRegisters l4r = PageFlashRegisters.of(PageFlashLine.L4RX_L4SX);
        assertThat(l4r.optr().field(DB1M).lsb()).isEqualTo(21);
        assertThat(l4r.optr().field(DBANK).lsb()).isEqualTo(22);
        assertThat(l4r.sr().field(PEMPTY).lsb()).isEqualTo(17);
        PageFlashRegisters g0 = PageFlashRegisters.of(PageFlashLine.G0BX_G0CX);
        assertThat(g0.optr().field(NSWAP_BANK).lsb()).isEqualTo(20);
        assertThat(g0.optr().field(DUAL_BANK).lsb()).isEqualTo(21);
        assertThat(g0.optr().hasField(BFB2)).isFalse();
        assertThat(g0.fbMode()).isEmpty();
        assertThat(PageFlashRegisters.of(PageFlashLine.G47X_G48X).fbMode().orElseThrow().mask()).isEqualTo(0x100);
    }

    @Test
    void softwareBoot0OnlyFromL496On() {
        assertThat(PageFlashRegisters.of(PageFlashLine.L47X_L48X).optr().hasField(NSWBOOT0)).isFalse();
        assertThat(PageFlashRegisters.of(PageFlashLine.L49X_L4AX).optr().field(NSWBOOT0).lsb()).isEqualTo(26);
        assertThat(PageFlashRegisters.of(PageFlashLine.L4RX_L4SX).optr().field(NBOOT0).lsb()).isEqualTo(27);
        assertThat(PageFlashRegisters.of(PageFlashLine.G0BX_G0CX).optr().field(NBOOT0).lsb()).isEqualTo(26);
    }

    @Test
    void g0HasPerBankBusyFlagsCfgbsyTwoPcropAreasPerBankAndAnEccRegisterPerBank() {
        PageFlashRegisters g0 = PageFlashRegisters.of(PageFlashLine.G0BX_G0CX);
        assertThat(g0.srBusyMask()).isEqualTo(0x3_0000);
        assertThat(g0.sr().field(CFGBSY).lsb()).isEqualTo(18);
        assertThat(g0.pcropAreas()).containsExactly("A", "B");
        assertThat(g0.pcropStart(2, "B").address()).isEqualTo(0x4002_2054L);
        assertThat(g0.eccr(2).address()).isEqualTo(0x4002_201CL);
        assertThat(g0.flash().register(SECR).field(SEC_SIZE2).lsb()).isEqualTo(20);
        assertThat(g0.debug().base()).isEqualTo(0x4001_5800L);
        PageFlashRegisters g4 = PageFlashRegisters.of(PageFlashLine.G47X_G48X);
        assertThat(g4.srBusyMask()).isEqualTo(0x1_0000);
        assertThat(g4.pcropStart(2, "").address()).isEqualTo(0x4002_2044L);
        assertThat(g4.debug().base()).isEqualTo(0xE004_2000L);
    }

    /**
     * The G4 lines without an SVD here, against the masks of ST's CMSIS headers stm32g431xx.h / stm32g491xx.h
     * (cmsis-device-g4 v1.2.6): the page, WRP, PCROP, securable-area and ECC address widths differ per category.
     */
    @Test
    void g431AndG491FieldsHaveTheCmsisMasks() {
        PageFlashRegisters g431 = PageFlashRegisters.of(PageFlashLine.G43X_G44X);
        assertThat(g431.wrp(1, "A").field("WRP1A_STRT").mask()).isEqualTo(0x3F);
        assertThat(g431.wrp(1, "B").field("WRP1B_END").mask()).isEqualTo(0x003F_0000);
        assertThat(g431.pcropStart(1, "").field("PCROP1_STRT").mask()).isEqualTo(0x3FFF);
        assertThat(g431.flash().register(SEC1R).field(SEC_SIZE1).mask()).isEqualTo(0x7F);
        assertThat(g431.eccr(1).field(ADDR_ECC).mask()).isEqualTo(0x3_FFFF);
        assertThat(g431.eccr(1).hasField(BK_ECC)).isFalse();
        assertThat(g431.cr().field(SEC_PROT1).lsb()).isEqualTo(28);
        PageFlashRegisters g491 = PageFlashRegisters.of(PageFlashLine.G49X_G4AX);
        assertThat(g491.wrp(1, "A").field("WRP1A_END").mask()).isEqualTo(0x007F_0000);
        assertThat(g491.pcropStart(1, "").field("PCROP1_STRT").mask()).isEqualTo(0x7FFF);
        assertThat(g491.flash().register(SEC1R).field(SEC_SIZE1).mask()).isEqualTo(0xFF);
        assertThat(g491.eccr(1).field(BK_ECC).mask()).isEqualTo(0x0020_0000);
        assertThat(g491.eccr(1).hasField(ECCC2)).isFalse();
        assertThat(g491.cr().hasField(SEC_PROT2)).isFalse();
        assertThat(g491.fbMode()).as("SYSCFG_MEMRMP_FB_MODE is defined for every G4").isPresent();
    }

    @ParameterizedTest
    @EnumSource(PageFlashLine.class)
    void everyLineSharesTheOffsetsAndErrorFlags(PageFlashLine line) {
        PageFlashRegisters r = PageFlashRegisters.of(line);
        assertThat(r.keyr().offset()).isEqualTo(0x08);
        assertThat(r.optkeyr().offset()).isEqualTo(0x0C);
        assertThat(r.sr().offset()).isEqualTo(0x10);
        assertThat(r.cr().offset()).isEqualTo(0x14);
        assertThat(r.optr().offset()).isEqualTo(0x20);
        assertThat(r.wrp(1, "A").offset()).isEqualTo(0x2C);
        assertThat(r.wrp(1, "B").offset()).isEqualTo(0x30);
        assertThat(r.cr().resetValue()).isEqualTo(0xC000_0000);
        assertThat(r.cr().field(OBL_LAUNCH).lsb()).isEqualTo(27);
        // PGSERR|SIZERR|PGAERR|WRPERR|PROGERR|OPERR (OpenOCD's 0xFA) plus MISERR, FASTERR, RDERR, OPTVERR
        assertThat(r.srErrorMask()).isEqualTo(0xC3FA);
        assertThat(r.optionRegisters().get(0).name()).isEqualTo(OPTR);
        assertThat(r.idcode().address()).isEqualTo(line.idcodeAddress());
    }
}
