package dev.flashbank.core.tests.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashBusyTimeoutException;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashDriverSettings.WriteMode;
import dev.flashbank.family.stm32f7.flash.FlashErrorFlag;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.family.stm32f7.flash.FlashStatusException;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.family.stm32f7.flash.ParallelismChoice;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.TargetException;

/** The STM32F7 flash driver against a fake FLASH interface: sequences, encodings, flags, timeouts, modes, cancel. */
class Stm32F7FlashDriverTest {

    static final Stm32F7Line F76 = Stm32F7Line.F76X_F77X;
    static final Stm32F7Line F72 = Stm32F7Line.F72X_F73X;

    static OptionBytes factory(Stm32F7Line line) {
        return OptionBytes.factory(line);
    }

    static OptionBytes dualBank() {
        return factory(F76).withBankMode(BankMode.DUAL);
    }

    static Stm32F7FlashDriver driver(FakeFlashTarget t) throws TargetException {
        return driver(t, FlashDriverSettings.defaults());
    }

    static Stm32F7FlashDriver driver(FakeFlashTarget t, FlashDriverSettings s) throws TargetException {
        return new Stm32F7FlashDriver(t, t.descriptor, t.descriptor.stm32F7Line().maxFlashSizeKiB(), t, s);
    }

    static Stm32F7FlashDriver driver(FakeFlashTarget t, Stm32F7Parameters p) throws TargetException {
        Stm32F7Descriptor d = t.descriptor.withParameters(p);
        return new Stm32F7FlashDriver(t, d, d.stm32F7Line().maxFlashSizeKiB(), t, FlashDriverSettings.defaults());
    }

    int field(FakeFlashTarget t, int crValue, String name) {
        return t.regs.cr().field(name).extract(crValue);
    }

    /** The CR value written together with STRT (the erase start). */
    int crAtStart(FakeFlashTarget t) {
        int strt = t.regs.cr().field(STRT).mask();
        for (int i = 0; i < t.writesTo(CR).size(); i++) {
            int v = t.written(CR, i);
            if ((v & strt) != 0) {
                return v;
            }
        }
        throw new AssertionError("no STRT written: " + t.log);
    }

    // ------------------------------------------------------------------------------------------ unlock

    @Test
    void unlockWritesKey1ThenKey2OnlyWhileLockedAndChecksLock() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        Stm32F7FlashDriver d = driver(t);
        d.unlock();
        assertThat(t.writesTo(KEYR)).containsExactly(String.format("KEYR=0x%08X", KEYR_KEYS.key1()),
                String.format("KEYR=0x%08X", KEYR_KEYS.key2()));
        assertThat(d.isLocked()).isFalse();
        d.unlock(); // already unlocked: no key written again (a key while unlocked is a wrong sequence)
        assertThat(t.writesTo(KEYR)).hasSize(2);
        d.lock();
        assertThat(d.isLocked()).isTrue();
    }

    @Test
    void lockThatStaysSetIsATypedUnlockError() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        t.keysBroken = true;
        assertThatThrownBy(() -> driver(t).unlock()).isInstanceOf(FlashUnlockException.class)
                .hasMessageContaining("FLASH_KEYR").hasMessageContaining("until reset")
                .satisfies(e -> assertThat(((FlashUnlockException) e).failureCause()).isEqualTo(FailureCause.LOCKED));
    }

    @Test
    void everyOperationLocksFlashCrAgain() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F72, factory(F72));
        Stm32F7FlashDriver d = driver(t);
        d.eraseSector(d.geometry().sector(2));
        assertThat(d.isLocked()).isTrue();
        d.program(0x0800_0000L, new byte[] { 1, 2, 3, 4 }, FlashProgress.NONE);
        assertThat(d.isLocked()).isTrue();
        assertThat(t.cr & t.regs.cr().field(PG).mask()).isZero();
    }

    // ------------------------------------------------------------------------------------------ PSIZE

    @ParameterizedTest
    @CsvSource({ "3300,false,X32", "2701,false,X32", "2700,false,X16", "2500,false,X16", "2100,false,X8",
            "1900,false,X8", "-1,false,X8", "0,false,X8", "3300,true,X64", "2500,true,X16" })
    void parallelismFollowsTheMeasuredVoltage(int mv, boolean vpp, Parallelism expected) throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        t.voltage = mv;
        Stm32F7FlashDriver d = driver(t, FlashDriverSettings.defaults().withExternalVpp(vpp));
        assertThat(d.parallelism()).isEqualTo(expected);
        d.eraseSector(d.geometry().sector(1));
        assertThat(field(t, crAtStart(t), PSIZE)).isEqualTo(expected.psize());
        t.log.clear();
        t.flashWrites.clear();
        d.program(0x0800_8000L, new byte[16], FlashProgress.NONE);
        int expectedWidth = expected == Parallelism.X64 ? 4 : expected.bytes(); // x64 = two word writes
        assertThat(t.flashWrites).allSatisfy(w -> assertThat(w[2]).isEqualTo(expectedWidth));
        int pgMask = t.regs.cr().field(PG).mask();
        int crWithPg = t.writesTo(CR).stream().map(x -> (int) Long.parseLong(x.substring(5), 16))
                .filter(v -> (v & pgMask) != 0).findFirst().orElseThrow();
        assertThat(field(t, crWithPg, PSIZE)).isEqualTo(expected.psize());
    }

    /** Issue 14 item 11: a gdbserver cannot measure the supply; the parallelism is then chosen or the safe x8. */
    @ParameterizedTest
    @CsvSource({ "-1,,X8,SAFE_DEFAULT", "-1,X32,X32,EXPLICIT", "-1,X16,X16,EXPLICIT", "3300,X16,X16,EXPLICIT",
            "3300,X64,X64,EXPLICIT", "3300,,X32,MEASURED", "2500,,X16,MEASURED" })
    void parallelismIsExplicitOrX8WhenTheSupplyIsUnknown(int mv, Parallelism chosen, Parallelism expected,
            ParallelismChoice.Source source) throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        t.voltage = mv;
        FlashDriverSettings settings = chosen == null ? FlashDriverSettings.defaults()
                : FlashDriverSettings.defaults().withParallelism(chosen);
        Stm32F7FlashDriver d = driver(t, settings);
        ParallelismChoice choice = d.parallelismChoice();
        assertThat(choice.parallelism()).isEqualTo(expected);
        assertThat(choice.source()).isEqualTo(source);
        assertThat(choice.supplyMillivolts().isPresent()).isEqualTo(mv >= 0);
        d.eraseSector(d.geometry().sector(1));
        assertThat(field(t, crAtStart(t), PSIZE)).isEqualTo(expected.psize());
        if (mv < 0) {
            assertThat(choice.supplyText()).isEqualTo("unknown");
            assertThat(choice.text()).contains("unknown").contains(ParallelismChoice.label(expected))
                    .doesNotContain("0.00 V");
        }
    }

    @Test
    void anExplicitParallelismWiderThanTheMeasuredSupplyAllowsIsRefusedBeforeAnyWrite() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        t.voltage = 2000; // 1.8-2.1 V: x8 only (RM0410 §3.3)
        Stm32F7FlashDriver d = driver(t, FlashDriverSettings.defaults().withParallelism(Parallelism.X32));
        assertThatThrownBy(() -> d.eraseSector(d.geometry().sector(1))).isInstanceOf(FlashRequestException.class)
                .hasMessageContaining("x32").hasMessageContaining("2.00 V").hasMessageContaining("at most x8")
                .satisfies(e -> assertThat(((FlashRequestException) e).fix()).contains("--psize x8"));
        assertThatThrownBy(() -> d.program(0x0800_8000L, new byte[16], FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class);
        assertThat(t.writesTo(CR)).as("FLASH_CR never written").isEmpty();
        assertThat(t.flashWrites).isEmpty();
    }

    @Test
    void psizeValuesAreTheReferenceManualsNames() {
        assertThat(ParallelismChoice.parse("x8")).isEqualTo(Parallelism.X8);
        assertThat(ParallelismChoice.parse("X64")).isEqualTo(Parallelism.X64);
        assertThat(ParallelismChoice.parse("32")).isNull();
        assertThat(ParallelismChoice.parse("x12")).isNull();
        assertThat(ParallelismChoice.label(Parallelism.X16)).isEqualTo("x16");
    }

    // ------------------------------------------------------------------------------------------ SNB / MER

    @ParameterizedTest
    @CsvSource({ "0,0x00", "11,0x0B", "12,0x10", "13,0x11", "23,0x1B" })
    void sectorEraseUsesTheSnbEncodingOfTheModel(int sector, String snbHex) throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank());
        Stm32F7FlashDriver d = driver(t);
        d.eraseSector(d.geometry().sector(sector));
        int cr = crAtStart(t);
        assertThat(field(t, cr, SNB)).isEqualTo(Integer.decode(snbHex));
        assertThat(t.regs.cr().field(SER).isSet(cr)).isTrue();
        assertThat(t.regs.cr().field(MER).isSet(cr) || t.regs.cr().field(MER2).isSet(cr)).isFalse();
    }

    @Test
    void erasesArePhysicalEvenWithSwpFb() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank());
        t.setSwpFb(true);
        Stm32F7FlashDriver d = driver(t);
        d.eraseSector(d.geometry().sector(13)); // physical bank 2 sector
        assertThat(field(t, crAtStart(t), SNB)).isEqualTo(0x11);
        t.log.clear();
        d.eraseBank(1, FlashProgress.NONE);
        int cr = crAtStart(t);
        assertThat(t.regs.cr().field(MER).isSet(cr)).isTrue();
        assertThat(t.regs.cr().field(MER2).isSet(cr)).isFalse();
    }

    @Test
    void theModelParameterDecidesWhatMerAndSnbNameUnderSwpFb() throws Exception {
        Stm32F7Parameters followsMapping = Stm32F7Parameters.defaults().toBuilder().bankEraseSelectsPhysicalBank(false)
                .build();
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank());
        t.setSwpFb(true);
        Stm32F7FlashDriver d = driver(t, followsMapping);
        d.eraseBank(1, FlashProgress.NONE); // physical bank 1 is in slot 2 now: named bank 2 = MER2
        assertThat(t.regs.cr().field(MER2).isSet(crAtStart(t))).isTrue();
        t.log.clear();
        d.eraseSector(d.geometry().sector(13));
        assertThat(field(t, crAtStart(t), SNB)).isEqualTo(0x01);
    }

    @Test
    void massEraseSetsMerAndMer2InDualBankAndOnlyMerInSingleBank() throws Exception {
        FakeFlashTarget dual = new FakeFlashTarget(F76, dualBank());
        driver(dual).massErase(FlashProgress.NONE);
        int cr = crAtStart(dual);
        assertThat(dual.regs.cr().field(MER).isSet(cr) && dual.regs.cr().field(MER2).isSet(cr)).isTrue();
        FakeFlashTarget single = new FakeFlashTarget(F76, factory(F76));
        driver(single).massErase(FlashProgress.NONE);
        cr = crAtStart(single);
        assertThat(single.regs.cr().field(MER).isSet(cr)).isTrue();
        assertThat(single.regs.cr().field(MER2).isSet(cr)).isFalse();
    }

    @Test
    void bank2DoesNotExistInSingleBankMode() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        assertThatThrownBy(() -> driver(t).eraseBank(2, FlashProgress.NONE)).isInstanceOf(FlashRequestException.class)
                .hasMessageContaining("no physical bank 2").satisfies(e -> assertThat(((FlashRequestException) e).fix())
                        .contains("nDBANK = 0"));
        assertThat(t.writesTo(CR)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ flags

    @ParameterizedTest
    @EnumSource(FlashErrorFlag.class)
    void everyErrorFlagBecomesATypedErrorNamingFlagAndSector(FlashErrorFlag flag) throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F72, factory(F72)); // F72x has all six flags (RDERR)
        Stm32F7FlashDriver d = driver(t);
        t.injectedFlags.add(t.regs.sr().field(flag.fieldName()).mask());
        Sector s = d.geometry().sector(5);
        assertThatThrownBy(() -> d.eraseSector(s)).isInstanceOfSatisfying(FlashStatusException.class, e -> {
            assertThat(e.primaryFlag()).isEqualTo(flag);
            assertThat(e.flags()).containsExactly(flag);
            assertThat(e.sector()).contains(s);
            assertThat(e.getMessage()).contains(flag.fieldName()).contains(flag.title()).contains("sector 5");
            assertThat(e.failureCause()).isEqualTo(switch (flag) {
                case PGAERR -> FailureCause.ALIGNMENT;
                case PGPERR -> FailureCause.PARALLELISM_MISMATCH;
                case ERSERR -> FailureCause.SEQUENCE;
                case RDERR -> FailureCause.PCROP_READ;
                case WRPERR, OPERR -> FailureCause.UNKNOWN; // no protection explains them on factory options
            });
        });
        // flags are cleared after reporting, the CR is locked again
        assertThat(t.sr & t.regs.srErrorMask()).isZero();
        assertThat(d.isLocked()).isTrue();
    }

    @Test
    void wrperrIsExplainedByTheProtectionThatCausesIt() throws Exception {
        OptionBytes wrp = factory(F72).withWriteProtection(3, true);
        FakeFlashTarget t = new FakeFlashTarget(F72, wrp);
        Stm32F7FlashDriver d = driver(t);
        t.injectedFlags.add(t.regs.sr().field(WRPERR).mask());
        assertThatThrownBy(() -> d.massErase(FlashProgress.NONE)).isInstanceOfSatisfying(FlashStatusException.class,
                e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR);
                    assertThat(e.getMessage()).contains("sector 3").contains("nWRP[3] = 0");
                    assertThat(e.fix()).contains("nWRP[3] = 1").contains("no erase");
                });

        FakeFlashTarget rdp = new FakeFlashTarget(F72, factory(F72).withRdp(0xFF));
        Stm32F7FlashDriver d2 = driver(rdp);
        rdp.injectedFlags.add(rdp.regs.sr().field(WRPERR).mask());
        assertThatThrownBy(() -> d2.massErase(FlashProgress.NONE)).isInstanceOfSatisfying(FlashStatusException.class,
                e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION);
                    assertThat(e.getMessage()).contains("0xFF").contains("level 1");
                    assertThat(e.fix()).contains("RDP = 0xAA").contains("mass-erases ALL user flash");
                });

        FakeFlashTarget pcrop = new FakeFlashTarget(F72, factory(F72).withPcropProtection(2, true));
        Stm32F7FlashDriver d3 = driver(pcrop);
        String flag = Stm32F7Parameters.defaults().pcropMassEraseFlag();
        pcrop.injectedFlags.add(pcrop.regs.sr().field(flag).mask());
        assertThatThrownBy(() -> d3.massErase(FlashProgress.NONE)).isInstanceOfSatisfying(FlashStatusException.class,
                e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.PCROP_SECTOR);
                    assertThat(e.getMessage()).contains("sector 2").contains("PCROP");
                    assertThat(e.fix()).contains("PCROP_RDP").contains("RDP = 0xAA");
                });
    }

    @Test
    void staleFlagsAreClearedBeforeTheOperationStarts() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        int pgaerr = t.regs.sr().field(PGAERR).mask();
        t.sr = pgaerr;
        Stm32F7FlashDriver d = driver(t);
        d.eraseSector(d.geometry().sector(0));
        int srClear = t.log.indexOf(String.format("SR=0x%08X", pgaerr));
        int start = t.log.indexOf(String.format("CR=0x%08X", crAtStart(t)));
        assertThat(srClear).isNotNegative().isLessThan(start);
    }

    // ------------------------------------------------------------------------------------------ timeouts

    @Test
    void timeoutsScaleWithTheOperation() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank());
        Stm32F7FlashDriver d = driver(t);
        Sector s16 = d.geometry().sector(0);
        long sectorX32 = d.timeouts().sectorErase(s16, Parallelism.X32).nanos();
        long massX8 = d.timeouts().bankErase(2 * 1024 * 1024, Parallelism.X8).nanos();
        // timing-table maxima (Stm32F7Timings): 16 KiB x32 = 500 ms, 2 MiB x8 = 2 x 32 s; x2 safety + 0.25 s slack
        assertThat(sectorX32).isEqualTo(1_250_000_000L);
        assertThat(massX8).isEqualTo(128_250_000_000L);
        assertThat(d.timeouts().sectorErase(d.geometry().sector(11), Parallelism.X8).nanos())
                .isEqualTo(2 * 4_000_000_000L + 250_000_000L); // 128 KiB x8 max 4 s
        assertThat(d.timeouts().program(1000, Parallelism.X32).nanos()).isEqualTo(2 * 100_000_000L + 250_000_000L);
        assertThat(d.timeouts().optionProgram(true, 2 * 1024 * 1024).nanos())
                .isGreaterThan(massX8).isGreaterThan(d.timeouts().optionProgram(false, 0).nanos());
    }

    @Test
    void aHangingEraseTimesOutAfterItsOwnBudgetNotAFixedOne() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank());
        t.voltage = 1900; // x8
        Stm32F7FlashDriver d = driver(t);
        Sector s = d.geometry().sector(0);
        t.neverFinish = false;
        t.opNanos = Long.MAX_VALUE / 4; // STRT never completes
        long before = t.now;
        assertThatThrownBy(() -> d.eraseSector(s)).isInstanceOfSatisfying(FlashBusyTimeoutException.class, e -> {
            long budget = d.timeouts().sectorErase(s, Parallelism.X8).nanos();
            assertThat(e.budget().nanos()).isEqualTo(budget);
            assertThat(e.elapsedNanos()).isBetween(budget, budget + budget / 10);
            assertThat(e.getMessage()).contains("16 KiB sector erase at X8").contains("BSY");
        });
        long sectorWait = t.now - before;
        FakeFlashTarget t2 = new FakeFlashTarget(F76, dualBank());
        t2.voltage = 1900;
        Stm32F7FlashDriver d2 = driver(t2);
        t2.opNanos = Long.MAX_VALUE / 4;
        assertThatThrownBy(() -> d2.massErase(FlashProgress.NONE)).isInstanceOf(FlashBusyTimeoutException.class);
        assertThat(t2.now).isGreaterThan(50 * sectorWait); // 128 s vs 1.85 s
    }

    // ------------------------------------------------------------------------------------------ programming

    @Test
    void streamingWritesOneBlockPerRunAndWordWisePollsAfterEveryUnit() throws Exception {
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0x5A);
        FakeFlashTarget s = new FakeFlashTarget(F76, factory(F76));
        s.streaming = true;
        driver(s).program(0x0800_0000L, data, FlashProgress.NONE);
        assertThat(s.flashWrites).hasSize(1);
        assertThat(s.flashWrites.get(0)).containsExactly(0x0800_0000L, 64, 4);

        FakeFlashTarget w = new FakeFlashTarget(F76, factory(F76));
        w.streaming = false;
        Stm32F7FlashDriver dw = driver(w);
        int pollsBefore = w.srPolls;
        dw.program(0x0800_0000L, data, FlashProgress.NONE);
        assertThat(w.flashWrites).hasSize(16).allSatisfy(x -> assertThat(x[1]).isEqualTo(4));
        assertThat(w.srPolls - pollsBefore).isGreaterThanOrEqualTo(16);
        // every unit write is followed by an SR poll before the next unit
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < w.log.size(); i++) {
            if (w.log.get(i).startsWith("FLASH")) {
                idx.add(i);
            }
        }
        for (int i = 1; i < idx.size(); i++) {
            assertThat(w.log.subList(idx.get(i - 1), idx.get(i))).contains("SR?");
        }
        // streaming: no SR poll between the units of a run (they are one block write)
        assertThat(s.log.stream().filter(x -> x.startsWith("FLASH"))).hasSize(1);
        assertThat(w.flash).isEqualTo(s.flash);

        // forcing word-wise on a streaming transport is honoured
        FakeFlashTarget f = new FakeFlashTarget(F76, factory(F76));
        driver(f, FlashDriverSettings.defaults().withWriteMode(WriteMode.WORD_WISE)).program(0x0800_0000L, data,
                FlashProgress.NONE);
        assertThat(f.flashWrites).hasSize(16);
    }

    @Test
    void runsStopAtSectorBoundariesAndAtTheRunSizeAndSkipErasedData() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, dualBank()); // 16 KiB sectors at 0x0800_0000
        Stm32F7FlashDriver d = driver(t, FlashDriverSettings.defaults().withRunBytes(1024));
        byte[] data = new byte[3 * 1024];
        Arrays.fill(data, (byte) 0x11);
        Arrays.fill(data, 1024, 2048, (byte) 0xFF); // an erased KiB in the middle is skipped
        long address = 0x0800_4000L - 1024; // last KiB of sector 0 + 2 KiB of sector 1
        d.program(address, data, FlashProgress.NONE);
        assertThat(t.flashWrites).extracting(w -> w[0]).containsExactly(address, address + 2048);
        assertThat(t.flashWrites).allSatisfy(w -> assertThat(w[1]).isEqualTo(1024));
    }

    @Test
    void unalignedDataIsPaddedWithErasedBytesToWholeUnits() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        driver(t).program(0x0800_0003L, new byte[] { 1, 2 }, FlashProgress.NONE);
        assertThat(t.flashWrites).hasSize(1);
        assertThat(t.flashWrites.get(0)).containsExactly(0x0800_0000L, 8, 4);
        assertThat(t.flash.get(0x0800_0002L)).isEqualTo((byte) 0xFF);
        assertThat(t.flash.get(0x0800_0003L)).isEqualTo((byte) 1);
        assertThat(t.flash.get(0x0800_0004L)).isEqualTo((byte) 2);
        assertThat(t.flash.get(0x0800_0005L)).isEqualTo((byte) 0xFF);
    }

    @Test
    void itcmAddressesAreProgrammedThroughAxim() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        driver(t).program(0x0020_0100L, new byte[] { 1, 2, 3, 4 }, FlashProgress.NONE);
        assertThat(t.flashWrites.get(0)[0]).isEqualTo(0x0800_0100L);
        assertThatThrownBy(() -> driver(t).program(0x0900_0000L, new byte[4], FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class).hasMessageContaining("not inside the flash");
    }

    @Test
    void cancelIsHonouredOnlyBetweenUnitsAndLeavesWholeRunsWritten() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        Stm32F7FlashDriver d = driver(t, FlashDriverSettings.defaults().withRunBytes(256));
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x42);
        long[] worked = { 0 };
        FlashProgress cancelAfterTwoRuns = new FlashProgress() {
            @Override
            public void begin(String task, long totalUnits) {
                assertThat(totalUnits).isEqualTo(1024);
            }

            @Override
            public void worked(long units) {
                worked[0] += units;
            }

            @Override
            public boolean isCanceled() {
                return worked[0] >= 512;
            }
        };
        assertThatThrownBy(() -> d.program(0x0800_0000L, data, cancelAfterTwoRuns))
                .isInstanceOfSatisfying(FlashCanceledException.class, e -> {
                    assertThat(e.unitsDone()).isEqualTo(512);
                    assertThat(e.unitsTotal()).isEqualTo(1024);
                    assertThat(e.getMessage()).contains("whole runs");
                });
        assertThat(t.flashWrites).hasSize(2).allSatisfy(w -> assertThat(w[1]).isEqualTo(256));
        assertThat(t.cr & t.regs.cr().field(PG).mask()).isZero();
        assertThat(d.isLocked()).isTrue();

        FakeFlashTarget e = new FakeFlashTarget(F76, dualBank());
        Stm32F7FlashDriver de = driver(e);
        List<Sector> sectors = de.geometry().bank(1).sectors().subList(0, 4);
        int[] n = { 0 };
        FlashProgress cancelAfterOne = new FlashProgress() {
            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void worked(long units) {
                n[0] += units;
            }

            @Override
            public boolean isCanceled() {
                return n[0] >= 1;
            }
        };
        assertThatThrownBy(() -> de.eraseSectors(sectors, cancelAfterOne))
                .isInstanceOfSatisfying(FlashCanceledException.class, x -> assertThat(x.unitsDone()).isEqualTo(1));
        int strt = e.regs.cr().field(STRT).mask();
        assertThat(e.writesTo(CR).stream().filter(s -> (Long.parseLong(s.substring(5), 16) & strt) != 0)).hasSize(1);
    }

    @Test
    void progressSplitMapsChildUnitsOntoParentUnits() {
        long[] total = { 0 };
        FlashProgress parent = new FlashProgress() {
            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void worked(long units) {
                total[0] += units;
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        FlashProgress child = parent.split(100);
        child.begin("x", 7);
        for (int i = 0; i < 7; i++) {
            child.worked(1);
        }
        assertThat(total[0]).isEqualTo(100);
    }

    // ------------------------------------------------------------------------------------------ options

    @Test
    void optionWriteOrderIsOptkeyrThenOptcr1AndOptcr2ThenOptcrThenOptstrtThenOptlock() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F72, factory(F72));
        Stm32F7FlashDriver d = driver(t);
        OptionBytes wanted = factory(F72).withWriteProtection(2, true).withBootAdd0(0x2000).withPcropProtection(1, true);
        OptionWriteResult r = d.writeOptions(wanted, FlashProgress.NONE);
        List<String> seq = t.log.stream().filter(s -> s.startsWith("OPT")).toList();
        int optstrt = t.regs.optcr().field(OPTSTRT).mask();
        int optlock = t.regs.optcr().field(OPTLOCK).mask();
        assertThat(seq).containsExactly(
                String.format("OPTKEYR=0x%08X", OPTKEYR_KEYS.key1()),
                String.format("OPTKEYR=0x%08X", OPTKEYR_KEYS.key2()),
                String.format("OPTCR1=0x%08X", wanted.optcr1()),
                String.format("OPTCR2=0x%08X", wanted.optcr2()),
                String.format("OPTCR=0x%08X", wanted.optcrWriteValue()),
                String.format("OPTCR=0x%08X", wanted.optcrWriteValue() | optstrt),
                String.format("OPTCR=0x%08X", wanted.optcrWriteValue() | optlock));
        assertThat(r.after()).isEqualTo(wanted);
        assertThat(r.resetRequired()).isTrue(); // BOOT_ADD0 acts at reset
        assertThat(r.rdpRegression()).isFalse();
    }

    @Test
    void f76xOptionWriteHasNoOptcr2AndReportsABankModeChange() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76));
        Stm32F7FlashDriver d = driver(t);
        OptionWriteResult r = d.writeOptions(dualBank(), FlashProgress.NONE);
        assertThat(t.writesTo(OPTCR2)).isEmpty();
        assertThat(t.log.indexOf(t.writesTo(OPTCR1).get(0))).isLessThan(t.log.indexOf(t.writesTo(OPTCR).get(0)));
        assertThat(r.bankModeChanged()).isTrue();
        assertThat(d.geometry().mode()).isEqualTo(BankMode.SINGLE); // latched only at reset
        assertThat(d.reprobe().mode()).isEqualTo(BankMode.DUAL); // (the fake shows the new options at once)
    }

    @Test
    void rdpRegressionGetsAMassEraseBudgetAndLevel2IsRefused() throws Exception {
        FakeFlashTarget t = new FakeFlashTarget(F76, factory(F76).withRdp(0xFF));
        Stm32F7FlashDriver d = driver(t);
        t.opNanos = 60_000_000_000L; // a 60 s regression erase must not time out (budget 2 MiB x8 = 128 s + ...)
        OptionWriteResult r = d.writeOptions(factory(F76), FlashProgress.NONE);
        assertThat(r.rdpRegression()).isTrue();
        assertThat(r.after().rdp()).isEqualTo(0xAA);
        assertThatThrownBy(() -> d.writeOptions(factory(F76).withRdp(0xCC), FlashProgress.NONE))
                .isInstanceOf(FlashProtectionException.class).hasMessageContaining("FOREVER");
        int optcrWrites = t.writesTo(OPTCR).size();
        assertThat(optcrWrites).isEqualTo(3); // only the first write happened
    }
}
