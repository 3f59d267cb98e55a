package dev.flashbank.core.tests.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;

/** Erase and program of a sector under one unlock/lock (issue 11). */
class EraseAndProgramTest {

    private static final Stm32F7Line F76 = Stm32F7Line.F76X_F77X;

    @Test
    void erasesThenProgramsUnderOneUnlockAndLocksAtTheEnd() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, OptionBytes.factory(F76));
        Stm32F7FlashDriver d = Stm32F7FlashDriverTest.driver(t);
        Sector s1 = d.geometry().sector(1);
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0x5A);
        d.eraseAndProgram(List.of(s1), 0x0800_0000L + s1.offset(), data, FlashProgress.NONE);

        assertThat(t.writesTo(KEYR)).hasSize(2); // KEY1, KEY2 once
        int strt = t.regs.cr().field(STRT).mask();
        int pg = t.regs.cr().field(PG).mask();
        List<Integer> cr = java.util.stream.IntStream.range(0, t.writesTo(CR).size()).mapToObj(i -> t.written(CR, i))
                .toList();
        int start = indexOf(cr, v -> (v & strt) != 0);
        int program = indexOf(cr, v -> (v & pg) != 0);
        assertThat(start).isNotNegative();
        assertThat(program).isGreaterThan(start); // erase started before PG was set
        assertThat(t.regs.cr().field(SNB).extract(cr.get(start))).isEqualTo(1);
        assertThat(t.flashWrites).isNotEmpty();
        assertThat(t.flashWrites.get(0)[0]).isEqualTo(0x0800_0000L + s1.offset());
        assertThat(cr.get(cr.size() - 1) & t.regs.cr().field(LOCK).mask()).isNotZero(); // ends locked
        assertThat(cr.get(cr.size() - 1) & (pg | strt | t.regs.cr().field(SER).mask())).isZero();
    }

    @Test
    void anAddressOutsideTheFlashIsRefusedBeforeAnythingIsErased() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, OptionBytes.factory(F76));
        Stm32F7FlashDriver d = Stm32F7FlashDriverTest.driver(t);
        Sector s0 = d.geometry().sector(0);
        assertThatThrownBy(() -> d.eraseAndProgram(List.of(s0), 0x0900_0000L, new byte[4], FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class).hasMessageContaining("not inside the flash");
        int strt = t.regs.cr().field(STRT).mask();
        assertThat(t.writesTo(CR).stream().map(w -> (int) Long.parseLong(w.substring(CR.length() + 3), 16))
                .filter(v -> (v & strt) != 0)).isEmpty();
    }

    private static int indexOf(List<Integer> values, java.util.function.IntPredicate p) {
        for (int i = 0; i < values.size(); i++) {
            if (p.test(values.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
