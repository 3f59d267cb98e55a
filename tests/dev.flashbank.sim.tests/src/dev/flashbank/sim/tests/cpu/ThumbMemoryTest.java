package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CFSR_UNALIGNED;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.CODE;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.DATA;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.RAM_SIZE;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.STACK;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m0plus;
import static dev.flashbank.sim.tests.cpu.ThumbTestCore.m7;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Loads and stores: LDM/STM writeback rules, PUSH/POP order, every LDR/STR addressing mode, LDRD/STRD, the exclusive
 * monitor, and the alignment rules of A3.2 with the guarantee that a faulting instruction changes no register.
 * Encodings from arm-none-eabi-as.
 */
class ThumbMemoryTest {

    private static ThumbTestCore withData(ThumbTestCore t) {
        for (int i = 0; i < 8; i++) {
            t.word(DATA + 4 * i, 0x1111_1111 * (i + 1));
        }
        return t;
    }

    // ----------------------------------------------------------------- LDM / STM / PUSH / POP

    @Test
    void ldmWritesBackUnlessTheBaseIsLoaded() {
        ThumbTestCore t = withData(m7().code(0xC806 /* ldmia r0!, {r1, r2} */)).r(0, DATA).run();
        assertThat(new int[] { t.r(0), t.r(1), t.r(2) }).containsExactly(DATA + 8, 0x1111_1111, 0x2222_2222);
        t = withData(m7().code(0xC803 /* ldmia r0, {r0, r1} */)).r(0, DATA).run();
        assertThat(new int[] { t.r(0), t.r(1) }).containsExactly(0x1111_1111, 0x2222_2222);
    }

    @Test
    void stmStoresTheOriginalBaseWhenItIsTheLowestRegister() {
        ThumbTestCore t = m7().code(0xC003 /* stmia r0!, {r0, r1} */).r(0, DATA).r(1, 0x55).run();
        assertThat(t.word(DATA)).isEqualTo(DATA);
        assertThat(t.word(DATA + 4)).isEqualTo(0x55);
        assertThat(t.r(0)).isEqualTo(DATA + 8);
    }

    @Test
    void ldmdbAndWideLdmWriteBack() {
        ThumbTestCore t = withData(m7().code(0xE930, 0x000E /* ldmdb r0!, {r1, r2, r3} */)).r(0, DATA + 12).run();
        assertThat(new int[] { t.r(0), t.r(1), t.r(2), t.r(3) }).containsExactly(DATA, 0x1111_1111, 0x2222_2222,
                0x3333_3333);
        t = withData(m7().code(0xE8B0, 0x0006 /* ldmia.w r0!, {r1, r2} */)).r(0, DATA + 4).run();
        assertThat(new int[] { t.r(0), t.r(1), t.r(2) }).containsExactly(DATA + 12, 0x2222_2222, 0x3333_3333);
    }

    @Test
    void pushStoresLowestRegisterAtLowestAddress() {
        ThumbTestCore t = m7().code(0xE92D, 0x4070 /* stmdb sp!, {r4, r5, r6, lr} */).r(4, 4).r(5, 5).r(6, 6)
                .r(14, 0xE).run();
        assertThat(t.r(13)).isEqualTo(STACK - 16);
        assertThat(new int[] { t.word(STACK - 16), t.word(STACK - 12), t.word(STACK - 8), t.word(STACK - 4) })
                .containsExactly(4, 5, 6, 0xE);
        t = m7().code(0xB501, /* push {r0, lr} */ 0xB084, /* sub sp, #16 */ 0xA802, /* add r0, sp, #8 */
                0x9001, /* str r0, [sp, #4] */ 0xB004 /* add sp, #16 */).r(0, 0xA).r(14, 0xB).run();
        assertThat(t.r(13)).isEqualTo(STACK - 8);
        assertThat(t.word(STACK - 8)).isEqualTo(0xA);
        assertThat(t.word(STACK - 24 + 4)).isEqualTo(STACK - 24 + 8);
    }

    // ----------------------------------------------------------------- single loads and stores

    @Test
    void postAndPreIndexedWriteback() {
        ThumbTestCore t = withData(m7().code(0xF851, 0x0B04 /* ldr.w r0, [r1], #4 */)).r(1, DATA).run();
        assertThat(t.r(0)).isEqualTo(0x1111_1111);
        assertThat(t.r(1)).isEqualTo(DATA + 4);
        t = withData(m7().code(0xF851, 0x0D04 /* ldr.w r0, [r1, #-4]! */)).r(1, DATA + 8).run();
        assertThat(t.r(0)).isEqualTo(0x2222_2222);
        assertThat(t.r(1)).isEqualTo(DATA + 4);
        t = m7().code(0xF801, 0x0901 /* strb.w r0, [r1], #-1 */).r(0, 0x1AB).r(1, DATA + 3).run();
        assertThat(t.word(DATA)).isEqualTo(0xAB00_0000);
        assertThat(t.r(1)).isEqualTo(DATA + 2);
    }

    @Test
    void signExtendingAndRegisterOffsetLoads() {
        ThumbTestCore t = m7().code(0x5688 /* ldrsb r0, [r1, r2] */).word(DATA, 0x0000_8000).r(1, DATA).r(2, 1).run();
        assertThat(t.r(0)).isEqualTo(0xFFFF_FF80);
        t = m7().code(0xF9B1, 0x0002 /* ldrsh.w r0, [r1, #2] */).word(DATA, 0x8001_0000).r(1, DATA).run();
        assertThat(t.r(0)).isEqualTo(0xFFFF_8001);
        t = withData(m7().code(0xF851, 0x0022 /* ldr.w r0, [r1, r2, lsl #2] */)).r(1, DATA).r(2, 3).run();
        assertThat(t.r(0)).isEqualTo(0x4444_4444);
        t = m7().code(0xF811, 0x0C01 /* ldrb.w r0, [r1, #-1] */).word(DATA, 0x7700_0000).r(1, DATA + 4).run();
        assertThat(t.r(0)).isEqualTo(0x77);
        t = withData(m7().code(0xF851, 0x0E04 /* ldrt r0, [r1, #4] */)).r(1, DATA).run();
        assertThat(t.r(0)).isEqualTo(0x2222_2222);
    }

    @Test
    void strhWritesOnlyTheHalfword() {
        ThumbTestCore t = m7().code(0x8048 /* strh r0, [r1, #2] */).word(DATA, 0x1234_5678).r(0, 0xFFFF_ABCD)
                .r(1, DATA).run();
        assertThat(t.word(DATA)).isEqualTo(0xABCD_5678);
    }

    @Test
    void literalLoadsUseTheWordAlignedPc() {
        ThumbTestCore t = m7().code(0x4801, /* ldr r0, [pc, #4] */ 0xBF00, 0xBF00, 0xBF00, 0xCAFE, 0xBEEF);
        t.step();
        assertThat(t.r(0)).as("Align(PC + 4, 4) + 4 = CODE + 8").isEqualTo(0xBEEF_CAFE);
        t = m7().code(0xF85F, 0x0004 /* ldr.w r0, [pc, #-4] */).step();
        assertThat(t.r(0)).isEqualTo(0x0004_F85F);
    }

    @Test
    void preloadHintsDoNotAccessMemory() {
        ThumbTestCore t = m7().code(0xF890, 0xF004 /* pld [r0, #4] */).r(0, 0x3000_0000).run();
        assertThat(t.regs.pc()).isEqualTo(CODE + 4);
    }

    @Test
    void ldrdStrdWithWriteback() {
        ThumbTestCore t = m7().code(0xE960, 0x2302, /* strd r2, r3, [r0, #-8]! */ 0xE8F0, 0x2302 /* ldrd r2, r3, [r0], #8 */)
                .r(0, DATA + 8).r(2, 0x22).r(3, 0x33);
        t.step();
        assertThat(t.word(DATA)).isEqualTo(0x22);
        assertThat(t.word(DATA + 4)).isEqualTo(0x33);
        assertThat(t.r(0)).isEqualTo(DATA);
        t.r(2, 0).r(3, 0).step();
        assertThat(new int[] { t.r(0), t.r(2), t.r(3) }).containsExactly(DATA + 8, 0x22, 0x33);
    }

    // ----------------------------------------------------------------- exclusive monitor

    @Test
    void strexSucceedsOnceAfterLdrex() {
        ThumbTestCore t = m7().code(0xE850, 0x1F00, /* ldrex r1, [r0] */ 0xE840, 0x3200, /* strex r2, r3, [r0] */
                0xE840, 0x3200 /* strex r2, r3, [r0] */).word(DATA, 5).r(0, DATA).r(3, 6);
        t.step(2);
        assertThat(t.r(1)).isEqualTo(5);
        assertThat(t.r(2)).as("first STREX passes").isZero();
        assertThat(t.word(DATA)).isEqualTo(6);
        t.r(3, 7).step();
        assertThat(t.r(2)).as("the monitor is closed").isEqualTo(1);
        assertThat(t.word(DATA)).isEqualTo(6);
    }

    @Test
    void clrexClosesTheMonitor() {
        ThumbTestCore t = m7().code(0xE850, 0x1F00, /* ldrex r1, [r0] */ 0xF3BF, 0x8F2F, /* clrex */
                0xE840, 0x3200 /* strex r2, r3, [r0] */).word(DATA, 5).r(0, DATA).r(3, 6).run();
        assertThat(t.r(2)).isEqualTo(1);
        assertThat(t.word(DATA)).isEqualTo(5);
    }

    @Test
    void byteAndHalfwordExclusives() {
        ThumbTestCore t = m7().code(0xE8D0, 0x1F4F, /* ldrexb r1, [r0] */ 0xE8C0, 0x3F52 /* strexh r2, r3, [r0] */)
                .word(DATA, 0x1234_56F0).r(0, DATA).r(3, 0xABCD).run();
        assertThat(t.r(1)).isEqualTo(0xF0);
        assertThat(t.r(2)).isZero();
        assertThat(t.word(DATA)).isEqualTo(0x1234_ABCD);
    }

    // ----------------------------------------------------------------- alignment and faults change nothing

    @Test
    void unalignedLdrIsAllowedOnArmv7m() {
        ThumbTestCore t = m7().code(0x6801 /* ldr r1, [r0, #0] */).word(DATA, 0x4433_2211).word(DATA + 4, 0x88_7766_55)
                .r(0, DATA + 1).run();
        assertThat(t.r(1)).isEqualTo(0x5544_3322);
    }

    @Test
    void unalignedLdrFaultsOnArmv6mAndChangesNothing() {
        ThumbTestCore t = m0plus().code(0x6801 /* ldr r1, [r0, #0] */).r(0, DATA + 1).r(1, 0x77).step();
        t.assertFaulted(CODE);
        assertThat(t.r(1)).isEqualTo(0x77);
    }

    @Test
    void unalignedLdmFaultsWithoutWriteback() {
        ThumbTestCore t = withData(m7().code(0xC806 /* ldmia r0!, {r1, r2} */)).r(0, DATA + 2).r(1, 0x71).r(2, 0x72)
                .step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_UNALIGNED).isNotZero();
        assertThat(new int[] { t.r(0), t.r(1), t.r(2) }).containsExactly(DATA + 2, 0x71, 0x72);
    }

    @Test
    void unalignedLdrdAndStrdFault() {
        ThumbTestCore t = withData(m7().code(0xE9D0, 0x2300 /* ldrd r2, r3, [r0] */)).r(0, DATA + 2).r(2, 0x72)
                .r(3, 0x73).step();
        t.assertFaulted(CODE);
        assertThat(t.cfsr() & CFSR_UNALIGNED).isNotZero();
        assertThat(new int[] { t.r(2), t.r(3) }).containsExactly(0x72, 0x73);
        t = withData(m7().code(0xE960, 0x2302 /* strd r2, r3, [r0, #-8]! */)).r(0, DATA + 10).step();
        t.assertFaulted(CODE);
        assertThat(t.r(0)).isEqualTo(DATA + 10);
        assertThat(t.word(DATA)).isEqualTo(0x1111_1111);
    }

    @Test
    void popWithABusFaultOnItsLastWordChangesNoRegister() {
        int sp = RAM_SIZE - 12; // r4, r5, r6 in RAM; the PC's word beyond it
        ThumbTestCore t = m7().code(0xBD70 /* pop {r4, r5, r6, pc} */).r(13, sp).r(4, 0x44).r(5, 0x55).r(6, 0x66)
                .word(sp, 1).word(sp + 4, 2).word(sp + 8, 3).step();
        t.assertFaulted(CODE);
        assertThat(new int[] { t.r(4), t.r(5), t.r(6) }).containsExactly(0x44, 0x55, 0x66);
    }

    @Test
    void loadFromNowhereIsAPreciseBusFault() {
        ThumbTestCore t = m7().code(0x6801 /* ldr r1, [r0, #0] */).r(0, 0x3000_0000).r(1, 0x77).step();
        t.assertFaulted(CODE);
        assertThat(t.r(1)).isEqualTo(0x77);
        assertThat(t.core.memory().read32(0xE000_ED38)).as("BFAR").isEqualTo(0x3000_0000);
    }
}
