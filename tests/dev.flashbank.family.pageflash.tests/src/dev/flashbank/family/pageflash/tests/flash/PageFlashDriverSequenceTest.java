package dev.flashbank.family.pageflash.tests.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static dev.flashbank.family.pageflash.tests.flash.ScriptedPageFlash.BANK;
import static dev.flashbank.family.pageflash.tests.flash.ScriptedPageFlash.BASE;
import static dev.flashbank.family.pageflash.tests.flash.ScriptedPageFlash.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.flash.PageFlashDriver;
import dev.flashbank.family.pageflash.flash.PageFlashStatusException;
import dev.flashbank.family.pageflash.flash.PageFlashStatusFlag;

/**
 * Register sequences of {@link PageFlashDriver} against {@link ScriptedPageFlash} (a G474xE, two banks of 128 x 2 KiB
 * pages): which FLASH_CR values, keys and flash writes reach the controller, and how SR errors come back.
 */
class PageFlashDriverSequenceTest {

    private final ScriptedPageFlash fake = new ScriptedPageFlash();

    private PageFlashDriver driver() throws TargetException {
        return new PageFlashDriver(fake, PageFlashDescriptor.of(ScriptedPageFlash.LINE), 512, fake.clock(),
                FlashDriverSettings.defaults());
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    private static boolean erased(byte[] cells, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (cells[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ erase by PHYSICAL bank

    @Test
    void afterABfb2SwapAPageEraseAtTheBootAddressSetsBkerForPhysicalBank2() throws Exception {
        fake.poke(1, 0, pattern(16, 1)); // the image physical bank 1 holds (mapped at 0x0804_0000 now)
        fake.poke(2, 0, pattern(16, 2));
        fake.fbMode(true);
        PageFlashDriver d = driver();

        List<Sector> pages = d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE);

        assertThat(pages).singleElement().satisfies(s -> {
            assertThat(s.bank()).isEqualTo(2);
            assertThat(s.snb()).isZero();
        });
        assertThat(fake.crWritesWith(fake.bit(PER) | fake.bit(STRT)))
                .containsExactly(fake.bit(PER) | fake.bit(BKER) | fake.bit(STRT));
        assertThat(erased(fake.cells[1], 0, PAGE)).as("physical bank 2, page 0").isTrue();
        assertThat(Arrays.copyOf(fake.cells[0], 16)).as("physical bank 1 (the other image) untouched")
                .isEqualTo(pattern(16, 1));
    }

    @Test
    void withoutASwapTheUpperHalfIsPhysicalBank2() throws Exception {
        PageFlashDriver d = driver();
        d.eraseRange(new AddressRange(BASE + BANK + 5 * PAGE, 1), FlashProgress.NONE);
        int pnb5 = fake.regs.cr().field(PNB).encode(5);
        assertThat(fake.crWritesWith(fake.bit(STRT))).containsExactly(fake.bit(PER) | fake.bit(BKER) | pnb5
                | fake.bit(STRT));
    }

    @Test
    void bankEraseNamesThePhysicalBankWhateverIsMappedAtTheBootAddress() throws Exception {
        fake.poke(1, 100, pattern(8, 3));
        fake.poke(2, 100, pattern(8, 4));
        fake.fbMode(true);
        PageFlashDriver d = driver();

        d.eraseBank(1, FlashProgress.NONE);

        assertThat(fake.crWritesWith(fake.bit(STRT))).containsExactly(fake.bit(MER1) | fake.bit(STRT));
        assertThat(erased(fake.cells[0], 0, BANK)).isTrue();
        assertThat(Arrays.copyOfRange(fake.cells[1], 100, 108)).isEqualTo(pattern(8, 4));
        assertThat(d.isLocked()).isTrue();
    }

    @Test
    void massEraseSetsMer1AndMer2() throws Exception {
        driver().massErase(FlashProgress.NONE);
        assertThat(fake.crWritesWith(fake.bit(STRT))).containsExactly(fake.bit(MER1) | fake.bit(MER2)
                | fake.bit(STRT));
    }

    @Test
    void aWriteProtectedPageIsRefusedBeforeAnythingIsErased() throws Exception {
        // WRP1AR = pages 2..3 of physical bank 1
        var wrp = fake.regs.wrp(1, "A");
        fake.set(wrp, wrp.field(wrpStartField(1, "A")).encode(2) | wrp.field(wrpEndField(1, "A")).encode(3));
        PageFlashDriver d = driver();

        assertThatThrownBy(() -> d.eraseRange(new AddressRange(BASE, 4 * PAGE), FlashProgress.NONE))
                .hasMessageContaining("Nothing was written");
        assertThat(fake.crWritesWith(fake.bit(STRT))).isEmpty();
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keysAreWrittenOnlyWhileLocked() throws Exception {
        PageFlashDriver d = driver();
        d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE);
        d.eraseRange(new AddressRange(BASE + PAGE, PAGE), FlashProgress.NONE);
        // two operations, each one unlock of a locked FLASH_CR: exactly two key pairs, never a key while unlocked
        assertThat(fake.writesTo(KEYR)).hasSize(4);
        assertThat(fake.lockedUntilReset).isFalse();
        assertThat(d.isLocked()).isTrue();
    }

    @Test
    void aFlashLockedUntilResetIsReportedWithWhatToDo() throws Exception {
        PageFlashDriver d = driver();
        fake.lockedUntilReset = true;
        assertThatThrownBy(() -> d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE))
                .isInstanceOf(FlashUnlockException.class).hasMessageContaining("until the next reset");
        assertThat(fake.crWritesWith(fake.bit(STRT))).isEmpty();
    }

    // ------------------------------------------------------------------ programming

    @Test
    void doubleWordsGoThroughTheMappingAndErasedOnesAreSkipped() throws Exception {
        fake.fbMode(true);
        PageFlashDriver d = driver();
        d.eraseBank(1, FlashProgress.NONE);
        byte[] data = new byte[24];
        Arrays.fill(data, (byte) 0xFF);
        System.arraycopy(pattern(8, 5), 0, data, 0, 8);
        System.arraycopy(pattern(8, 6), 0, data, 16, 8);

        d.program(BASE + BANK, data, FlashProgress.NONE); // 0x0804_0000 shows physical bank 1 now

        assertThat(Arrays.copyOf(fake.cells[0], 24)).isEqualTo(data);
        assertThat(erased(fake.cells[1], 0, 24)).isTrue();
        assertThat(fake.crWritesWith(fake.bit(PG))).hasSize(1); // one PG for the run
        assertThat(d.isLocked()).isTrue();
    }

    @Test
    void aNonErasedDoubleWordIsRefusedBeforeAnythingIsWritten() throws Exception {
        fake.poke(1, 8, pattern(8, 9));
        PageFlashDriver d = driver();

        assertThatThrownBy(() -> d.program(BASE, pattern(32, 1), FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class).hasMessageContaining("0x08000008")
                .hasMessageContaining("PROGERR").hasMessageContaining("Nothing was written");
        assertThat(fake.crWritesWith(fake.bit(PG))).isEmpty();
        assertThat(erased(fake.cells[0], 0, 8)).isTrue();
    }

    @Test
    void verifyNamesTheFirstDifferingByteAndCountsThem() throws Exception {
        fake.poke(1, 0, pattern(16, 1));
        byte[] expected = pattern(16, 1);
        expected[5] ^= 0x10;
        expected[9] ^= 0x01;

        var r = driver().verify(BASE, expected);

        assertThat(r.ok()).isFalse();
        assertThat(r.mismatchCount()).isEqualTo(2);
        assertThat(r.firstMismatch()).hasValue(BASE + 5);
        assertThat(r.actual()).isEqualTo(pattern(16, 1)[5] & 0xFF);
        assertThat(driver().verify(BASE, pattern(16, 1)).ok()).isTrue();
    }

    @Test
    void zerosMayBeWrittenOverAProgrammedDoubleWord() throws Exception {
        fake.poke(1, 8, pattern(8, 9));
        driver().program(BASE + 8, new byte[8], FlashProgress.NONE);
        assertThat(Arrays.copyOfRange(fake.cells[0], 8, 16)).isEqualTo(new byte[8]);
    }

    @Test
    void progerrFromTheControllerIsReportedByNameWithTheAddressAndCleared() throws Exception {
        PageFlashDriver d = driver();
        d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE);
        fake.poke(1, 16, pattern(8, 7)); // the running firmware wrote it after the erase

        assertThatThrownBy(() -> d.program(BASE, pattern(32, 1), FlashProgress.NONE))
                .isInstanceOfSatisfying(PageFlashStatusException.class, e -> {
                    assertThat(e.primary()).isEqualTo(PageFlashStatusFlag.PROGERR);
                    assertThat(e.flags()).contains(PageFlashStatusFlag.PROGERR, PageFlashStatusFlag.PGSERR);
                    assertThat(e.getMessage()).contains("PROGERR", "0x08000010", "not erased");
                    assertThat(e.fix()).contains("erase");
                    assertThat(e.address()).hasValue(BASE + 16);
                });
        assertThat(d.readStatus() & fake.regs.srErrorMask()).as("flags cleared for the next operation").isZero();
        assertThat(d.isLocked()).isTrue();
        assertThat(Arrays.copyOf(fake.cells[0], 16)).as("the double words before it were written")
                .isEqualTo(Arrays.copyOf(pattern(32, 1), 16));
    }

    @ParameterizedTest
    @EnumSource(value = PageFlashStatusFlag.class, names = { "RDERR", "OPTVERR" }, mode = EnumSource.Mode.EXCLUDE)
    void everyOperationFlagIsDecodedWithItsMeaningAndWhatToDo(PageFlashStatusFlag flag) throws Exception {
        PageFlashDriver d = driver();
        fake.injectOnNextOperation = fake.regs.sr().field(flag.fieldName()).mask();

        assertThatThrownBy(() -> d.eraseRange(new AddressRange(BASE + PAGE, PAGE), FlashProgress.NONE))
                .isInstanceOfSatisfying(PageFlashStatusException.class, e -> {
                    assertThat(e.flags()).containsExactly(flag);
                    assertThat(e.getMessage()).contains(flag.name(), flag.meaning(), "page 1");
                    assertThat(e.fix()).isEqualTo(flag.fix());
                    assertThat(e.failureCause()).isEqualTo(flag.cause());
                });
        assertThat(d.readStatus() & fake.regs.srErrorMask()).isZero();
    }

    @Test
    void staleFlagsAreClearedBeforeTheNextOperationAndDoNotFailIt() throws Exception {
        PageFlashDriver d = driver();
        var sr = fake.regs.sr();
        fake.set(sr, sr.field(PGSERR).mask() | sr.field(OPTVERR).mask()); // left by someone else / a virgin part
        d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE);
        assertThat(d.readStatus() & fake.regs.srErrorMask()).isZero();
    }

    @Test
    void fastRowsAreUsedOnlyInABankThisDriverBankErased() throws Exception {
        PageFlashDriver d = driver();
        byte[] image = pattern(1024, 3);
        d.eraseRange(new AddressRange(BASE, PAGE), FlashProgress.NONE);
        d.program(BASE, image, FlashProgress.NONE);
        assertThat(fake.crWritesWith(fake.bit(FSTPG))).as("after a page erase: double words only").isEmpty();

        d.eraseBank(2, FlashProgress.NONE);
        d.program(BASE + BANK, image, FlashProgress.NONE);

        assertThat(fake.crWritesWith(fake.bit(FSTPG))).hasSize(4); // 1 KiB = 4 rows of 32 double words
        assertThat(Arrays.copyOf(fake.cells[1], 1024)).isEqualTo(image);
        assertThat(Arrays.copyOf(fake.cells[0], 1024)).isEqualTo(image);
    }

    @Test
    void noFastRowsWhileTheCoreRuns() throws Exception {
        PageFlashDriver d = driver();
        d.eraseBank(2, FlashProgress.NONE);
        fake.run();
        d.program(BASE + BANK, pattern(512, 3), FlashProgress.NONE);
        assertThat(fake.crWritesWith(fake.bit(FSTPG))).isEmpty();
    }

    @Test
    void cancelBetweenPagesLeavesWholePagesErasedAndTheFlashLocked() throws Exception {
        for (int p = 0; p < 3; p++) {
            fake.poke(1, p * PAGE, pattern(8, p));
        }
        PageFlashDriver d = driver();
        FlashProgress cancelAfterOne = new FlashProgress() {
            long done;

            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void worked(long units) {
                done += units;
            }

            @Override
            public boolean isCanceled() {
                return done >= 1;
            }
        };

        assertThatThrownBy(() -> d.eraseRange(new AddressRange(BASE, 3 * PAGE), cancelAfterOne))
                .isInstanceOf(FlashCanceledException.class).hasMessageContaining("1 whole page(s) erased");
        assertThat(erased(fake.cells[0], 0, PAGE)).isTrue();
        assertThat(Arrays.copyOfRange(fake.cells[0], PAGE, PAGE + 8)).isEqualTo(pattern(8, 1));
        assertThat(d.isLocked()).isTrue();
    }

    // ------------------------------------------------------------------ options

    private static OptionImage withOptrBit(OptionImage o, int mask, boolean set) {
        int optr = o.word(OPTR);
        return o.withWord(OPTR, set ? optr | mask : optr & ~mask);
    }

    @Test
    void anOptionWriteProgramsWithOptstrtThenLoadsWithOblLaunchAndReadsBackAfterReconnecting() throws Exception {
        PageFlashDriver d = driver();
        OptionImage before = d.readOptions();
        OptionImage requested = withOptrBit(before, fake.regs.optr().field(BFB2).mask(), true);

        OptionWriteResult r = d.writeOptions(requested, FlashProgress.NONE);

        String optstrt = CR + "=" + Integer.toHexString(fake.bit(OPTSTRT));
        assertThat(fake.log.stream().filter(s -> s.equals(optstrt) || s.equals("OBL") || s.equals("HALT")))
                .containsExactly(optstrt, "OBL", "HALT");
        assertThat(r.after()).isEqualTo(requested);
        assertThat(r.readBackMatches()).isTrue();
        assertThat(r.resetRequired()).as("OBL_LAUNCH already reset the part").isFalse();
        assertThat(r.bankModeChanged()).isFalse();
        assertThat(d.readOptions()).isEqualTo(requested);
    }

    @Test
    void whenTheCoreDoesNotAnswerAfterTheLoadTheDriverReconnectsUnderReset() throws Exception {
        PageFlashDriver d = driver();
        fake.haltFailsAfterLoad = true;
        OptionImage requested = withOptrBit(d.readOptions(), fake.regs.optr().field(BFB2).mask(), true);

        OptionWriteResult r = d.writeOptions(requested, FlashProgress.NONE);

        assertThat(fake.log).contains("RESET_HW");
        assertThat(r.readBackMatches()).isTrue();
    }

    @Test
    void anStlinkReportingTheTargetGoneUnderTheOblLaunchWriteIsTheExpectedResetNotAFailure() throws Exception {
        PageFlashDriver d = driver();
        fake.oblAnswersLikeAnStlink = true;
        OptionImage requested = withOptrBit(d.readOptions(), fake.regs.optr().field(BFB2).mask(), true);

        OptionWriteResult r = d.writeOptions(requested, FlashProgress.NONE);

        assertThat(fake.log).containsSubsequence("OBL", "HALT");
        assertThat(r.readBackMatches()).isTrue();
    }

    @Test
    void optvErrAfterTheLoadIsReportedByName() throws Exception {
        PageFlashDriver d = driver();
        fake.optverrAtNextLoad = true;
        OptionImage requested = withOptrBit(d.readOptions(), fake.regs.optr().field(BFB2).mask(), true);

        assertThatThrownBy(() -> d.writeOptions(requested, FlashProgress.NONE))
                .isInstanceOfSatisfying(PageFlashStatusException.class, e -> {
                    assertThat(e.flags()).isEqualTo(EnumSet.of(PageFlashStatusFlag.OPTVERR));
                    assertThat(e.getMessage()).contains("OPTVERR", "did not load validly");
                });
        assertThat(d.readStatus() & fake.regs.srErrorMask()).isZero();
    }

    @Test
    void aDbankChangeRelaysThePagesAfterTheLoad() throws Exception {
        PageFlashDriver d = driver();
        assertThat(d.geometry().mode()).isEqualTo(BankMode.DUAL);
        OptionImage requested = withOptrBit(d.readOptions(), fake.regs.optr().field(DBANK).mask(), false);

        OptionWriteResult r = d.writeOptions(requested, FlashProgress.NONE);

        assertThat(r.bankModeChanged()).isTrue();
        assertThat(d.geometry().mode()).isEqualTo(BankMode.SINGLE);
        assertThat(d.geometry().sectors()).hasSize(128).allSatisfy(s -> assertThat(s.size()).isEqualTo(4096));
    }

    @Test
    void rdpLevel2IsRefusedWithoutConfirmationAndNothingIsWritten() throws Exception {
        PageFlashDriver d = driver();
        assertThatThrownBy(() -> d.writeOptions(d.readOptions().withRdp(0xCC), FlashProgress.NONE))
                .hasMessageContaining("level 2");
        assertThat(fake.crWritesWith(fake.bit(OPTSTRT))).isEmpty();
        assertThat(fake.writesTo(OPTKEYR)).isEmpty();
    }
}
