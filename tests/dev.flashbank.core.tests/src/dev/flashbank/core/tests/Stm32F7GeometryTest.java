package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;

/**
 * Sector layouts of OpenOCD src/flash/nor/stm32f2x.c and the STM32F7 HAL sector defines (addresses derived by hand from
 * the sector sizes, not from the model).
 */
class Stm32F7GeometryTest {

    private static final int K = 1024;

    private static FlashGeometry g(Stm32F7Line line, int kib, BankMode mode) {
        return Stm32F7Descriptor.of(line).geometry(kib, mode);
    }

    /** Asserts logical numbers, AXIM addresses (SWP_FB = 0), sizes and SNB values of all sectors. */
    private static void assertLayout(FlashGeometry g, int[] numbers, long[] axim, int[] sizesKiB, int[] snb) {
        List<Sector> s = g.sectors();
        assertThat(s).hasSize(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
            Sector x = s.get(i);
            assertThat(x.number()).as("number %d", i).isEqualTo(numbers[i]);
            assertThat(g.windowAddress(x.bank(), x.offset(), false, Stm32F7Window.AXIM)).as("address of %s", x).isEqualTo(axim[i]);
            assertThat(x.size()).as("size of %s", x).isEqualTo(sizesKiB[i] * K);
            assertThat(x.snb()).as("SNB of %s", x).isEqualTo(snb[i]);
        }
    }

    private static int[] seq(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }

    @Test
    void f76x2MiBSingleBank() {
        FlashGeometry g = g(Stm32F7Line.F76X_F77X, 2048, BankMode.SINGLE);
        assertLayout(g, seq(0, 11),
                new long[] { 0x0800_0000L, 0x0800_8000L, 0x0801_0000L, 0x0801_8000L, 0x0802_0000L, 0x0804_0000L,
                        0x0808_0000L, 0x080C_0000L, 0x0810_0000L, 0x0814_0000L, 0x0818_0000L, 0x081C_0000L },
                new int[] { 32, 32, 32, 32, 128, 256, 256, 256, 256, 256, 256, 256 }, seq(0, 11));
        assertThat(g.bankCount()).isEqualTo(1);
        assertThat(g.totalSize()).isEqualTo(2048L * K);
        assertThat(g.windowRange(Stm32F7Window.AXIM).last()).isEqualTo(0x081F_FFFFL);
        // SWP_FB has no effect on a single bank
        assertThat(g.physicalBankAt(0x0810_0000L, true)).contains(new BankOffset(1, 0x10_0000));
    }

    @Test
    void f76x2MiBDualBank() {
        FlashGeometry g = g(Stm32F7Line.F76X_F77X, 2048, BankMode.DUAL);
        long[] bank1 = { 0x0800_0000L, 0x0800_4000L, 0x0800_8000L, 0x0800_C000L, 0x0801_0000L, 0x0802_0000L,
                0x0804_0000L, 0x0806_0000L, 0x0808_0000L, 0x080A_0000L, 0x080C_0000L, 0x080E_0000L };
        long[] all = new long[24];
        for (int i = 0; i < 12; i++) {
            all[i] = bank1[i];
            all[12 + i] = bank1[i] + 0x0010_0000L;
        }
        int[] sizes = { 16, 16, 16, 16, 64, 128, 128, 128, 128, 128, 128, 128, 16, 16, 16, 16, 64, 128, 128, 128, 128,
                128, 128, 128 };
        int[] snb = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
                0x1A, 0x1B };
        int[] numbers = new int[24];
        for (int i = 0; i < 24; i++) {
            numbers[i] = i;
        }
        assertLayout(g, numbers, all, sizes, snb);
        assertThat(g.bank(2).sectors().get(0).bank()).isEqualTo(2);

        // RM0410 SYSCFG_MEMRMP: SWP_FB = 0 -> 0x0800_0000 / 0x0020_0000 bank 1, 0x0810_0000 / 0x0030_0000 bank 2;
        // SWP_FB = 1 swapped
        assertThat(g.physicalBankAt(0x0800_0000L, false)).contains(new BankOffset(1, 0));
        assertThat(g.physicalBankAt(0x0810_0000L, false)).contains(new BankOffset(2, 0));
        assertThat(g.physicalBankAt(0x0800_0000L, true)).contains(new BankOffset(2, 0));
        assertThat(g.physicalBankAt(0x0810_0000L, true)).contains(new BankOffset(1, 0));
        assertThat(g.physicalBankAt(0x0020_0000L, false)).contains(new BankOffset(1, 0));
        assertThat(g.physicalBankAt(0x0030_0000L, false)).contains(new BankOffset(2, 0));
        assertThat(g.physicalBankAt(0x0020_0000L, true)).contains(new BankOffset(2, 0));
        assertThat(g.physicalBankAt(0x0030_0004L, true)).contains(new BankOffset(1, 4));
        assertThat(g.physicalBankAt(0x081F_FFFFL, true)).contains(new BankOffset(1, 0x0F_FFFF));
        assertThat(g.physicalBankAt(0x0820_0000L, false)).isEmpty();
        assertThat(g.physicalBankAt(0x0040_0000L, false)).isEmpty();

        assertThat(g.windowAddress(2, 0, false, Stm32F7Window.AXIM)).isEqualTo(0x0810_0000L);
        assertThat(g.windowAddress(2, 0, true, Stm32F7Window.AXIM)).isEqualTo(0x0800_0000L);
        assertThat(g.windowAddress(1, 0x20, true, Stm32F7Window.AXIM)).isEqualTo(0x0810_0020L);
        assertThat(g.windowAddress(2, 0, false, Stm32F7Window.ITCM)).isEqualTo(0x0030_0000L);
        assertThat(g.windowAddress(2, 0, true, Stm32F7Window.ITCM)).isEqualTo(0x0020_0000L);
        assertThat(g.windowAddress(1, 0, true, Stm32F7Window.ITCM)).isEqualTo(0x0030_0000L);

        // sector 12 (bank 2 start) seen through the swapped window at 0x0800_0000
        assertThat(g.sectorAt(0x0800_0000L, true).orElseThrow().number()).isEqualTo(12);
        assertThat(g.sectorAt(0x0800_0000L, false).orElseThrow().number()).isEqualTo(0);
        assertThat(g.sectorRange(g.sector(23), true, Stm32F7Window.AXIM).start()).isEqualTo(0x080E_0000L);
        assertThat(g.bankRange(2, true, Stm32F7Window.ITCM).toString()).isEqualTo("0x00200000-0x002FFFFF");

        // round trip for every sector in both windows and both SWP_FB values
        for (Sector s : g.sectors()) {
            for (boolean swp : new boolean[] { false, true }) {
                for (Stm32F7Window w : Stm32F7Window.values()) {
                    long a = g.windowAddress(s.bank(), s.offset(), swp, w);
                    assertThat(g.physicalBankAt(a, swp)).contains(new BankOffset(s.bank(), s.offset()));
                    assertThat(g.sectorAt(a + s.size() - 1, swp)).contains(s);
                }
            }
        }
    }

    @Test
    void f76x1MiBSingleAndDualBank() {
        FlashGeometry single = g(Stm32F7Line.F76X_F77X, 1024, BankMode.SINGLE);
        assertLayout(single, seq(0, 7),
                new long[] { 0x0800_0000L, 0x0800_8000L, 0x0801_0000L, 0x0801_8000L, 0x0802_0000L, 0x0804_0000L,
                        0x0808_0000L, 0x080C_0000L },
                new int[] { 32, 32, 32, 32, 128, 256, 256, 256 }, seq(0, 7));

        FlashGeometry dual = g(Stm32F7Line.F76X_F77X, 1024, BankMode.DUAL);
        // STM32CubeProgrammer device database: bank 2 at 0x0808_0000: sectors 12-15 at 0x0808_0000.., 16 at
        // 0x0809_0000, 17-19 at 0x080A_0000..
        int[] numbers = { 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17, 18, 19 };
        long[] axim = { 0x0800_0000L, 0x0800_4000L, 0x0800_8000L, 0x0800_C000L, 0x0801_0000L, 0x0802_0000L,
                0x0804_0000L, 0x0806_0000L, 0x0808_0000L, 0x0808_4000L, 0x0808_8000L, 0x0808_C000L, 0x0809_0000L,
                0x080A_0000L, 0x080C_0000L, 0x080E_0000L };
        int[] sizes = { 16, 16, 16, 16, 64, 128, 128, 128, 16, 16, 16, 16, 64, 128, 128, 128 };
        int[] snb = { 0, 1, 2, 3, 4, 5, 6, 7, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17 };
        assertLayout(dual, numbers, axim, sizes, snb);
        assertThat(dual.physicalBankAt(0x0808_0000L, false)).contains(new BankOffset(2, 0));
        assertThat(dual.physicalBankAt(0x0808_0000L, true)).contains(new BankOffset(1, 0));
        assertThat(dual.windowAddress(2, 0, false, Stm32F7Window.ITCM)).isEqualTo(0x0028_0000L);
        assertThat(dual.findSector(8)).isEmpty();
        assertThat(Stm32F7Geometry.sectorForSnb(dual, 0x08)).isEmpty();
        assertThat(Stm32F7Geometry.sectorForSnb(dual, 0x17)).contains(dual.sector(19));
        assertThat(Stm32F7Geometry.sectorForSnb(dual, 0x18)).isEmpty();
    }

    @Test
    void f74xLayouts() {
        assertLayout(g(Stm32F7Line.F74X_F75X, 1024, BankMode.SINGLE), seq(0, 7),
                new long[] { 0x0800_0000L, 0x0800_8000L, 0x0801_0000L, 0x0801_8000L, 0x0802_0000L, 0x0804_0000L,
                        0x0808_0000L, 0x080C_0000L },
                new int[] { 32, 32, 32, 32, 128, 256, 256, 256 }, seq(0, 7));
        assertLayout(g(Stm32F7Line.F74X_F75X, 512, BankMode.SINGLE), seq(0, 5),
                new long[] { 0x0800_0000L, 0x0800_8000L, 0x0801_0000L, 0x0801_8000L, 0x0802_0000L, 0x0804_0000L },
                new int[] { 32, 32, 32, 32, 128, 256 }, seq(0, 5));
        assertThat(Stm32F7Descriptor.of(Stm32F7Line.F74X_F75X).bankModes(1024)).containsExactly(BankMode.SINGLE);
        assertThatThrownBy(() -> g(Stm32F7Line.F74X_F75X, 1024, BankMode.DUAL))
                .isInstanceOf(UnknownModelElementException.class);
    }

    @Test
    void f72xAndValueLineLayouts() {
        assertLayout(g(Stm32F7Line.F72X_F73X, 512, BankMode.SINGLE), seq(0, 7),
                new long[] { 0x0800_0000L, 0x0800_4000L, 0x0800_8000L, 0x0800_C000L, 0x0801_0000L, 0x0802_0000L,
                        0x0804_0000L, 0x0806_0000L },
                new int[] { 16, 16, 16, 16, 64, 128, 128, 128 }, seq(0, 7));
        assertLayout(g(Stm32F7Line.F72X_F73X, 256, BankMode.SINGLE), seq(0, 5),
                new long[] { 0x0800_0000L, 0x0800_4000L, 0x0800_8000L, 0x0800_C000L, 0x0801_0000L, 0x0802_0000L },
                new int[] { 16, 16, 16, 16, 64, 128 }, seq(0, 5));
        // F730: 64 KiB = sectors 0-3 of 16 KiB (HAL FLASH_SECTOR_TOTAL), FLASH_END 0x0800_FFFF
        FlashGeometry f730 = g(Stm32F7Line.F72X_F73X, 64, BankMode.SINGLE);
        assertLayout(f730, seq(0, 3), new long[] { 0x0800_0000L, 0x0800_4000L, 0x0800_8000L, 0x0800_C000L },
                new int[] { 16, 16, 16, 16 }, seq(0, 3));
        assertThat(f730.windowRange(Stm32F7Window.AXIM).last()).isEqualTo(0x0800_FFFFL);
        // F750: UNCONFIRMED 2 x 32 KiB by default, switchable by parameter
        assertLayout(g(Stm32F7Line.F74X_F75X, 64, BankMode.SINGLE), seq(0, 1),
                new long[] { 0x0800_0000L, 0x0800_8000L }, new int[] { 32, 32 }, seq(0, 1));
        FlashGeometry f750alt = Stm32F7Descriptor.of(Stm32F7Line.F74X_F75X)
                .withParameters(Stm32F7Parameters.defaults().toBuilder().f750SectorSizeKiB(16).build())
                .geometry(64, BankMode.SINGLE);
        assertThat(f750alt.sectors()).hasSize(4);
    }

    @Test
    void snbEncodingAndNwrpMapping() {
        assertThat(Stm32F7Geometry.snbFor(11)).isEqualTo(11);
        assertThat(Stm32F7Geometry.snbFor(12)).isEqualTo(0x10);
        assertThat(Stm32F7Geometry.snbFor(23)).isEqualTo(0x1B);
        for (int n = 0; n <= 23; n++) {
            assertThat(Stm32F7Geometry.sectorForSnb(Stm32F7Geometry.snbFor(n))).isEqualTo(n);
        }
        for (int snb : new int[] { 0x0C, 0x0D, 0x0E, 0x0F, 0x1C, 0x1F, 0x20 }) {
            assertThatThrownBy(() -> Stm32F7Geometry.sectorForSnb(snb)).isInstanceOf(UnknownModelElementException.class);
        }
        FlashGeometry single = g(Stm32F7Line.F76X_F77X, 2048, BankMode.SINGLE);
        assertThat(Stm32F7Geometry.sectorForSnb(single, 0x10)).isEmpty();
        // nWRP: single bank bit i = sector i; F76x dual bank bit i = sectors 2i, 2i+1 (bank 2 -> bits 6..11)
        for (int i = 0; i < 12; i++) {
            assertThat(Stm32F7Geometry.nWrpBit(i, BankMode.SINGLE)).isEqualTo(i);
            assertThat(Stm32F7Geometry.sectorsOfNwrpBit(single, i)).extracting(Sector::number).containsExactly(i);
        }
        FlashGeometry dual = g(Stm32F7Line.F76X_F77X, 2048, BankMode.DUAL);
        for (int i = 0; i < 12; i++) {
            assertThat(Stm32F7Geometry.sectorsOfNwrpBit(dual, i)).extracting(Sector::number).containsExactly(2 * i, 2 * i + 1);
        }
        assertThat(Stm32F7Geometry.nWrpBit(12, BankMode.DUAL)).isEqualTo(6);
        assertThat(Stm32F7Geometry.nWrpBit(23, BankMode.DUAL)).isEqualTo(11);
    }

    @Test
    void eraseUnderSwpFbFollowsTheNamedParameter() {
        FlashGeometry g = g(Stm32F7Line.F76X_F77X, 2048, BankMode.DUAL);
        Stm32F7Parameters physical = Stm32F7Parameters.defaults();
        Stm32F7Parameters mapped = physical.toBuilder().bankEraseSelectsPhysicalBank(false).build();
        assertThat(physical.bankEraseSelectsPhysicalBank()).isTrue(); // best-supported default (no RM0410 sentence)
        // default: SNB 0x10 erases physical sector 12 whatever SWP_FB says (AN4826: erase by PHYSICAL bank)
        assertThat(Stm32F7Geometry.sectorErasedBySnb(g, 0x10, true, physical)).contains(g.sector(12));
        assertThat(Stm32F7Geometry.physicalBankErased(g, 2, true, physical)).isEqualTo(2);
        // alternative: names follow the remap
        assertThat(Stm32F7Geometry.sectorErasedBySnb(g, 0x10, true, mapped)).contains(g.sector(0));
        assertThat(Stm32F7Geometry.sectorErasedBySnb(g, 0x15, false, mapped)).contains(g.sector(17));
        assertThat(Stm32F7Geometry.physicalBankErased(g, 1, true, mapped)).isEqualTo(2);
        for (Stm32F7Parameters p : new Stm32F7Parameters[] { physical, mapped }) {
            for (boolean swp : new boolean[] { false, true }) {
                for (Sector s : g.sectors()) {
                    int snb = Stm32F7Geometry.snbToErase(g, s, swp, p);
                    assertThat(Stm32F7Geometry.sectorErasedBySnb(g, snb, swp, p)).contains(s);
                }
            }
        }
        FlashGeometry single = g(Stm32F7Line.F76X_F77X, 2048, BankMode.SINGLE);
        assertThat(Stm32F7Geometry.physicalBankErased(single, 1, true, mapped)).isEqualTo(1);
    }

    @Test
    void unknownSizesAndSectorsAreRefused() {
        assertThatThrownBy(() -> g(Stm32F7Line.F76X_F77X, 512, BankMode.SINGLE))
                .isInstanceOf(UnknownModelElementException.class).hasMessageContaining("512");
        FlashGeometry g = g(Stm32F7Line.F76X_F77X, 2048, BankMode.SINGLE);
        assertThatThrownBy(() -> g.sector(12)).isInstanceOf(UnknownModelElementException.class);
        assertThatThrownBy(() -> g.bank(2)).isInstanceOf(UnknownModelElementException.class);
        assertThatThrownBy(() -> g.windowAddress(1, 2048L * K, false, Stm32F7Window.AXIM))
                .isInstanceOf(UnknownModelElementException.class);
    }
}
