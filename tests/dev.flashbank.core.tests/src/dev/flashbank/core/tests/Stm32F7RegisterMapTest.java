package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Registers;

/**
 * Every FLASH / SYSCFG_MEMRMP / DBGMCU register of the three F7 lines against tables copied by hand from
 * CMSIS cmsis_device_f7, OpenOCD src/flash/nor/stm32f2x.c and ST's SVDs (not generated from the model).
 */
class Stm32F7RegisterMapTest {

    /**
     * "REGISTER absoluteAddress resetValue FIELD:lsb:width ..." per line. Reset values: ST's SVDs (ACR 0, SR 0,
     * CR 0x8000_0000, OPTCR factory F76x 0xFFFF_AAFD / F72x,F74x 0xC0FF_AAFD, OPTCR1 0x0040_0080, OPTCR2 factory
     * parameter 0).
     */
    private static final Map<Stm32F7Line, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        String acr = "ACR 0x40023C00 0x00000000 LATENCY:0:4 PRFTEN:8:1 ARTEN:9:1 ARTRST:11:1";
        String keyr = "KEYR 0x40023C04 0x00000000 KEY:0:32";
        String optkeyr = "OPTKEYR 0x40023C08 0x00000000 OPTKEY:0:32";
        String srCommon = "SR 0x40023C0C 0x00000000 EOP:0:1 OPERR:1:1 WRPERR:4:1 PGAERR:5:1 PGPERR:6:1 ERSERR:7:1 BSY:16:1";
        String optcr1 = "OPTCR1 0x40023C18 0x00400080 BOOT_ADD0:0:16 BOOT_ADD1:16:16";
        String optcrCommon = "OPTLOCK:0:1 OPTSTRT:1:1 BOR_LEV:2:2 WWDG_SW:4:1 IWDG_SW:5:1 nRST_STOP:6:1 nRST_STDBY:7:1"
                + " RDP:8:8 IWDG_STDBY:30:1 IWDG_STOP:31:1";
        String crCommon = "PG:0:1 SER:1:1 MER:2:1 PSIZE:8:2 STRT:16:1 EOPIE:24:1 ERRIE:25:1 LOCK:31:1";
        String dbg = "IDCODE 0xE0042000 - DEV_ID:0:12 REV_ID:16:16|CR 0xE0042004 0x00000000 DBG_SLEEP:0:1 DBG_STOP:1:1"
                + " DBG_STANDBY:2:1 TRACE_IOEN:5:1 TRACE_MODE:6:2|APB1_FZ 0xE0042008 0x00000000 DBG_WWDG_STOP:11:1"
                + " DBG_IWDG_STOP:12:1|APB2_FZ 0xE004200C 0x00000000";
        String rcc = "APB2ENR 0x40023844 0x00000000 SYSCFGEN:14:1";

        EXPECTED.put(Stm32F7Line.F72X_F73X, List.of(acr, keyr, optkeyr,
                srCommon + " RDERR:8:1",
                "CR 0x40023C10 0x80000000 " + crCommon + " SNB:3:4 RDERRIE:26:1",
                "OPTCR 0x40023C14 0xC0FFAAFD " + optcrCommon + " nWRP:16:8",
                optcr1,
                "OPTCR2 0x40023C1C 0x00000000 PCROP:0:8 PCROP_RDP:31:1",
                "MEMRMP 0x40013800 0x00000000 MEM_BOOT:0:1 SWP_FMC:10:2", dbg, rcc));
        EXPECTED.put(Stm32F7Line.F74X_F75X, List.of(acr, keyr, optkeyr, srCommon,
                "CR 0x40023C10 0x80000000 " + crCommon + " SNB:3:4",
                "OPTCR 0x40023C14 0xC0FFAAFD " + optcrCommon + " nWRP:16:8",
                optcr1,
                "MEMRMP 0x40013800 0x00000000 MEM_BOOT:0:1 SWP_FMC:10:2", dbg, rcc));
        EXPECTED.put(Stm32F7Line.F76X_F77X, List.of(acr, keyr, optkeyr, srCommon,
                "CR 0x40023C10 0x80000000 " + crCommon + " SNB:3:5 MER2:15:1",
                "OPTCR 0x40023C14 0xFFFFAAFD " + optcrCommon + " nWRP:16:12 nDBOOT:28:1 nDBANK:29:1",
                optcr1,
                "MEMRMP 0x40013800 0x00000000 MEM_BOOT:0:1 SWP_FB:8:1 SWP_FMC:10:2", dbg, rcc));
    }

    private static List<String> rows(Stm32F7Line line) {
        List<String> rows = new ArrayList<>();
        for (String r : EXPECTED.get(line)) {
            rows.addAll(List.of(r.split("\\|")));
        }
        return rows;
    }

    private static Register find(Stm32F7Registers regs, String name, long address) {
        for (RegisterBlock b : regs.blocks()) {
            for (Register r : b.registers()) {
                if (r.name().equals(name) && r.address() == address) {
                    return r;
                }
            }
        }
        throw new AssertionError(name + " at 0x" + Long.toHexString(address) + " not in the model");
    }

    @ParameterizedTest
    @EnumSource(Stm32F7Line.class)
    void everyRegisterFieldAndResetValueMatchesTheFactTables(Stm32F7Line line) {
        Stm32F7Registers regs = Stm32F7Registers.of(line);
        int expectedCount = 0;
        for (String row : rows(line)) {
            String[] t = row.trim().split("\\s+");
            long address = Long.decode(t[1]);
            Register r = find(regs, t[0], address);
            expectedCount++;
            if (!t[2].equals("-")) {
                assertThat(r.resetValue()).as(line + " " + t[0] + " reset").isEqualTo(Long.decode(t[2]).intValue());
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 3; i < t.length; i++) {
                String[] f = t[i].split(":");
                expected.put(f[0], f[1] + ":" + f[2]);
            }
            Map<String, String> actual = r.fields().stream()
                    .collect(Collectors.toMap(Field::name, f -> f.lsb() + ":" + f.width(), (a, b) -> a, LinkedHashMap::new));
            assertThat(actual).as(line + " " + t[0] + " fields").containsExactlyInAnyOrderEntriesOf(expected);
        }
        int modelCount = regs.blocks().stream().mapToInt(b -> b.registers().size()).sum();
        assertThat(modelCount).as(line + ": no register beyond the fact table").isEqualTo(expectedCount);
    }

    @Test
    void keysAreTheReferenceManualKeys() {
        assertThat(Stm32F7Registers.KEYR_KEYS.key1()).isEqualTo(0x4567_0123);
        assertThat(Stm32F7Registers.KEYR_KEYS.key2()).isEqualTo(0xCDEF_89AB);
        assertThat(Stm32F7Registers.OPTKEYR_KEYS.key1()).isEqualTo(0x0819_2A3B);
        assertThat(Stm32F7Registers.OPTKEYR_KEYS.key2()).isEqualTo(0x4C5D_6E7F);
    }

    @Test
    void lineFactsMatchSection11() {
        // DEV_ID, flash-size register, UID, package register, OTP first..last (CMSIS cmsis_device_f7)
        Object[][] rows = {
                { Stm32F7Line.F72X_F73X, 0x452, 0x1FF0_7A22L, 0x1FF0_7A10L, 0x1FF0_7BF0L, 0x1FF0_7800L, 0x1FF0_7A0FL, "RM0431" },
                { Stm32F7Line.F74X_F75X, 0x449, 0x1FF0_F442L, 0x1FF0_F420L, 0x1FF0_F7E0L, 0x1FF0_F000L, 0x1FF0_F41FL, "RM0385" },
                { Stm32F7Line.F76X_F77X, 0x451, 0x1FF0_F442L, 0x1FF0_F420L, 0x1FF0_F7E0L, 0x1FF0_F000L, 0x1FF0_F41FL, "RM0410" } };
        for (Object[] r : rows) {
            Stm32F7Line l = (Stm32F7Line) r[0];
            assertThat(l.devId()).isEqualTo(r[1]);
            assertThat(l.flashSizeRegister()).isEqualTo(r[2]);
            assertThat(l.uniqueIdAddress()).isEqualTo(r[3]);
            assertThat(l.packageRegister()).isEqualTo(r[4]);
            assertThat(l.otpArea().start()).isEqualTo(r[5]);
            assertThat(l.otpArea().last()).isEqualTo(r[6]);
            assertThat(l.referenceManual()).isEqualTo(r[7]);
        }
        assertThat(Stm32F7Line.F72X_F73X.otpArea().size()).isEqualTo(528);
        assertThat(Stm32F7Line.F76X_F77X.otpArea().size()).isEqualTo(1056);
    }

    @Test
    void errorFlagsAreWriteOneToClearAndBsyIsReadOnly() {
        Stm32F7Registers f76 = Stm32F7Registers.of(Stm32F7Line.F76X_F77X);
        for (String flag : List.of("EOP", "OPERR", "WRPERR", "PGAERR", "PGPERR", "ERSERR")) {
            assertThat(f76.sr().field(flag).access()).as(flag).isEqualTo(Access.READ_WRITE_1_TO_CLEAR);
        }
        assertThat(f76.sr().field("BSY").access()).isEqualTo(Access.READ_ONLY);
        // OpenOCD's F2/F4/F7 error mask PGSERR|PGPERR|PGAERR|WRPERR|OPERR = 0xF2 (OpenOCD src/flash/nor/stm32f2x.c)
        assertThat(f76.srErrorMask()).isEqualTo(0xF2);
        assertThat(Stm32F7Registers.of(Stm32F7Line.F72X_F73X).srErrorMask()).isEqualTo(0x1F2);
        assertThat(f76.keyr().access()).isEqualTo(Access.WRITE_ONLY);
    }

    @Test
    void fieldArithmetic() {
        Field snb = Stm32F7Registers.of(Stm32F7Line.F76X_F77X).cr().field("SNB");
        assertThat(snb.mask()).isEqualTo(0xF8);
        assertThat(Stm32F7Registers.of(Stm32F7Line.F74X_F75X).cr().field("SNB").mask()).isEqualTo(0x78);
        assertThat(snb.insert(0x8000_0000, 0x1B)).isEqualTo(0x8000_00D8);
        assertThat(snb.extract(0xFFFF_FFFF)).isEqualTo(0x1F);
        assertThatThrownBy(() -> snb.insert(0, 0x20)).isInstanceOf(IllegalArgumentException.class);
        Field key = Stm32F7Registers.of(Stm32F7Line.F76X_F77X).keyr().field("KEY");
        assertThat(key.mask()).isEqualTo(0xFFFF_FFFF);
        assertThat(key.extract(0xCDEF_89AB)).isEqualTo(0xCDEF_89AB);
        assertThatThrownBy(() -> Stm32F7Registers.of(Stm32F7Line.F74X_F75X).cr().field("MER2"))
                .isInstanceOf(UnknownModelElementException.class).hasMessageContaining("MER2");
        assertThat(Stm32F7Registers.of(Stm32F7Line.F74X_F75X).optcr2()).isEmpty();
    }
}
