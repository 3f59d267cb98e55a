package dev.flashbank.sim.tests;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.WRITE_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.sim.ClockRegisterFile;
import dev.flashbank.sim.ReadyFlag;

/**
 * The family-neutral RCC/PWR mechanism on a made-up clock block (no family's facts): reset values and write masks,
 * ready flags that follow their enables at once, after a delay counted from the rising write, only where the source
 * exists, or always; SWS that follows SW only when the source runs; the 4-bit AHB prescaler codes.
 */
class ClockRegisterFileTest {

    static final long BASE = 0x4000_0000L;
    /** CR: HSION 0 / HSIRDY 1 (ready at reset), HSEON 16 / HSERDY 17, PLLON 24 / PLLRDY 25, RANGESEL write-only. */
    static final RegisterBlock RCC = RegisterBlock.builder("RCC", BASE)
            .register("CR", 0x00, 0x0000_0003, READ_WRITE, "clock control", "",
                    List.of(Field.bit("HSION", 0, READ_WRITE, ""), Field.bit("HSIRDY", 1, READ_ONLY, ""),
                            Field.bit("RANGESEL", 3, WRITE_ONLY, ""), new Field("RANGE", 4, 4, READ_WRITE, ""),
                            Field.bit("HSEON", 16, READ_WRITE, ""), Field.bit("HSERDY", 17, READ_ONLY, ""),
                            Field.bit("PLLON", 24, READ_WRITE, ""), Field.bit("PLLRDY", 25, READ_ONLY, "")))
            .register("CFGR", 0x08, 0, READ_WRITE, "clock configuration", "",
                    List.of(new Field("SW", 0, 2, READ_WRITE, ""), new Field("SWS", 2, 2, READ_ONLY, ""),
                            new Field("HPRE", 4, 4, READ_WRITE, "")))
            .register("CSR", 0x0C, 0x0000_0100, READ_ONLY, "status", "",
                    List.of(Field.bit("VOSRDY", 13, READ_ONLY, ""), new Field("ACTVOS", 14, 2, READ_ONLY, "")))
            .register("VCR", 0x10, 0x0000_4000, READ_WRITE, "voltage", "",
                    List.of(new Field("VOS", 14, 2, READ_WRITE, "")))
            .build();
    static final Register CR = RCC.register("CR");
    static final Register CFGR = RCC.register("CFGR");
    static final Register CSR = RCC.register("CSR");
    static final Register VCR = RCC.register("VCR");
    static final long LOCK = 100_000;

    long now;

    ClockRegisterFile file(boolean hse) {
        return ClockRegisterFile.of(RCC).clock(() -> now)
                .flags(ReadyFlag.follows(CR, "HSIRDY", "HSION"),
                        ReadyFlag.follows(CR, "HSERDY", "HSEON").when(hse),
                        ReadyFlag.follows(CR, "PLLRDY", "PLLON").after(LOCK),
                        ReadyFlag.always(CSR, "VOSRDY"),
                        ReadyFlag.follows(CSR, "ACTVOS", VCR, "VOS"))
                .build();
    }

    @Test
    void writesChangeOnlyWhatSoftwareMayWriteAndResetRestoresTheModelsValues() {
        ClockRegisterFile f = file(true);
        assertThat(f.read(CR.address())).isEqualTo(0x0000_0003);
        f.write(CR.address(), 0x0000_00F8); // HSION off, HSIRDY written 0 (read-only), RANGESEL 1, RANGE 0xF
        assertThat(f.stored(CR)).as("HSIRDY keeps its bit, RANGESEL reads 0").isEqualTo(0x0000_00F2);
        assertThat(f.read(CR.address())).as("HSIRDY follows HSION off").isEqualTo(0x0000_00F0);
        f.write(CSR.address(), 0xFFFF_FFFF);
        assertThat(f.stored(CSR)).as("a read-only register ignores writes").isEqualTo(0x0000_0100);
        long plain = BASE + 0x40;
        f.write(plain, 0x1234_5678);
        assertThat(f.read(plain)).isEqualTo(0x1234_5678);
        assertThat(f.holds(plain)).isFalse();
        assertThat(f.holds(CFGR.address())).isTrue();

        f.reset();
        assertThat(f.read(CR.address())).isEqualTo(0x0000_0003);
        assertThat(f.read(plain)).isZero();
    }

    @Test
    void readyFlagsFollowTheirEnablesOnlyWhereTheSourceExistsOrAlways() {
        ClockRegisterFile withHse = file(true);
        ClockRegisterFile noHse = file(false);
        for (ClockRegisterFile f : List.of(withHse, noHse)) {
            f.write(CR.address(), f.stored(CR) | HSEON);
        }
        assertThat(withHse.read(CR.address()) & HSERDY).isEqualTo(HSERDY);
        assertThat(noHse.read(CR.address()) & HSERDY).as("no HSE on the board").isZero();
        withHse.write(CR.address(), withHse.stored(CR) & ~HSEON);
        assertThat(withHse.read(CR.address()) & HSERDY).isZero();

        // a flag that always reads 1 and a status field that shows a selection in another register
        assertThat(withHse.read(CSR.address())).isEqualTo(0x100 | 1 << 13 | 1 << 14);
        withHse.write(VCR.address(), 3 << 14);
        assertThat(withHse.read(CSR.address())).isEqualTo(0x100 | 1 << 13 | 3 << 14);
    }

    @Test
    void aDelayedFlagRisesItsDelayAfterTheWriteThatSetItsEnable() {
        ClockRegisterFile f = file(true);
        now = 5_000;
        f.write(CR.address(), f.stored(CR) | PLLON);
        now += LOCK - 1;
        assertThat(f.read(CR.address()) & PLLRDY).isZero();
        f.write(CR.address(), f.stored(CR) | PLLON); // written again while on: the lock does not start over
        now += 1;
        assertThat(f.read(CR.address()) & PLLRDY).isEqualTo(PLLRDY);

        f.write(CR.address(), f.stored(CR) & ~PLLON);
        assertThat(f.read(CR.address()) & PLLRDY).isZero();
        f.write(CR.address(), f.stored(CR) | PLLON); // off and on again: a new lock
        assertThat(f.read(CR.address()) & PLLRDY).isZero();
        now += LOCK;
        assertThat(f.read(CR.address()) & PLLRDY).isEqualTo(PLLRDY);

        assertThatThrownBy(() -> ClockRegisterFile.of(RCC)
                .flags(ReadyFlag.follows(CR, "PLLRDY", "PLLON").after(LOCK)).build())
                .as("a delay needs the board's clock").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void swsFollowsSwOnlyWhenTheSelectedSourceRuns() {
        ClockRegisterFile[] holder = new ClockRegisterFile[1];
        // sources: 0 HSI (HSIRDY), 1 HSE (HSERDY), 2 PLL (PLLRDY)
        holder[0] = ClockRegisterFile.of(RCC).clock(() -> now)
                .flags(ReadyFlag.follows(CR, "HSIRDY", "HSION"), ReadyFlag.follows(CR, "HSERDY", "HSEON"),
                        ReadyFlag.follows(CR, "PLLRDY", "PLLON").after(LOCK))
                .systemClockSwitch(CFGR, "SW", "SWS", sw -> {
                    int c = holder[0].read(CR.address());
                    return sw == 0 ? (c & 2) != 0 : sw == 1 ? (c & HSERDY) != 0 : sw == 2 && (c & PLLRDY) != 0;
                }).build();
        ClockRegisterFile f = holder[0];
        f.write(CFGR.address(), 0x0000_0092); // SW = PLL (not on), HPRE 1001, SWS written 0 anyway
        assertThat(f.stored(CFGR)).as("SWS keeps HSI").isEqualTo(0x0000_0092);
        f.write(CR.address(), f.stored(CR) | PLLON);
        f.write(CFGR.address(), 0x0000_0002);
        assertThat(f.stored(CFGR) >> 2 & 3).as("the PLL is not locked yet").isZero();
        now += LOCK;
        f.write(CFGR.address(), 0x0000_000E); // SW = PLL, SWS bits written 11: read-only
        assertThat(f.stored(CFGR)).isEqualTo(0x0000_000A);
        f.write(CFGR.address(), 0x0000_0001); // HSE is off: SWS stays PLL
        assertThat(f.stored(CFGR)).isEqualTo(0x0000_0009);
    }

    @Test
    void ahbPrescalerCodes() {
        long hz = 512_000_000L;
        assertThat(ClockRegisterFile.ahbPrescaled(hz, 0b0111)).isEqualTo(hz);
        assertThat(ClockRegisterFile.ahbPrescaled(hz, 0b1000)).isEqualTo(hz / 2);
        assertThat(ClockRegisterFile.ahbPrescaled(hz, 0b1011)).isEqualTo(hz / 16);
        assertThat(ClockRegisterFile.ahbPrescaled(hz, 0b1100)).as("no /32").isEqualTo(hz / 64);
        assertThat(ClockRegisterFile.ahbPrescaled(hz, 0b1111)).isEqualTo(hz / 512);
    }

    static final int HSEON = 1 << 16, HSERDY = 1 << 17, PLLON = 1 << 24, PLLRDY = 1 << 25;
}
