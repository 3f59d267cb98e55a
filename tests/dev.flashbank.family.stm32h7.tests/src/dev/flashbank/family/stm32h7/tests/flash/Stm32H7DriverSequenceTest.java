package dev.flashbank.family.stm32h7.tests.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32h7.flash.H7FlashStatusException;
import dev.flashbank.family.stm32h7.flash.H7SectorProtection;
import dev.flashbank.family.stm32h7.flash.SwapBank;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;

/**
 * Sequencing of the STM32H7 driver against a scripted register stand-in ({@link ScriptedH7}): which register set,
 * which bits, in which order, and what is refused before anything is written.
 */
class Stm32H7DriverSequenceTest {

    private final ScriptedH7 chip = new ScriptedH7();

    private Stm32H7FlashDriver driver() {
        return new Stm32H7FlashDriver(chip, chip.descriptor, 2048, chip.clock(), FlashDriverSettings.defaults());
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    private void swapBanksAndReset() throws Exception {
        chip.set(chip.regs.optsrCur(), chip.reg(chip.regs.optsrCur())
                | chip.regs.optsrCur().field(SWAP_BANK_OPT).mask());
        chip.reset(ResetKind.SYSTEM);
    }

    @Test
    void keysAreWrittenOnlyWhileLocked() throws Exception {
        Stm32H7FlashDriver d = driver();
        d.unlock(2);
        d.unlock(2); // already unlocked: a second key sequence would lock CR2 until reset
        assertThat(chip.writesTo("KEYR2")).hasSize(2);
        assertThat(d.isLocked(2)).isFalse();
        d.lock(2);
        d.unlock(2);
        assertThat(chip.writesTo("KEYR2")).hasSize(4);
        assertThat(chip.writesTo("KEYR1")).isEmpty();
    }

    @Test
    void afterASwapPhysicalBank1IsErasedThroughRegisterSet2() throws Exception {
        chip.cells[0][3 * 128 * 1024] = 0x12; // physical bank 1, sector 3
        chip.cells[1][3 * 128 * 1024] = 0x34; // physical bank 2, sector 3
        swapBanksAndReset();
        Stm32H7FlashDriver d = driver();
        assertThat(d.banksSwapped()).isTrue();
        Sector bank1Sector3 = d.geometry().bank(1).sectors().get(3);

        d.eraseSector(bank1Sector3);

        assertThat(chip.cells[0][3 * 128 * 1024]).isEqualTo((byte) 0xFF);
        assertThat(chip.cells[1][3 * 128 * 1024]).isEqualTo((byte) 0x34);
        int ser = chip.regs.cr(2).field(SER).mask() | chip.regs.cr(2).field(SNB).encode(3)
                | chip.regs.cr(2).field(PSIZE).encode(3);
        assertThat(chip.writesTo("CR2")).contains(String.format("CR2=0x%08X", ser),
                String.format("CR2=0x%08X", ser | chip.regs.cr(2).field(START).mask()));
        assertThat(chip.writesTo("CR1")).isEmpty();
        assertThat(d.isLocked(2)).isTrue();
    }

    @Test
    void programAcrossTheBankBoundaryWritesWholeWordsPaddedWithFf() throws Exception {
        Stm32H7FlashDriver d = driver();
        long at = ScriptedH7.W1 + ScriptedH7.BANK - 40; // 40 bytes before the end of window 1 ...
        byte[] data = pattern(100, 1); // ... and 60 into window 2: its last flash word is partial
        d.eraseAndProgram(List.of(d.geometry().bank(1).sectors().get(7), d.geometry().bank(2).sectors().get(0)), at,
                data, FlashProgress.NONE);

        assertThat(d.verify(at, data).ok()).isTrue();
        byte[] w2 = d.readFlash(ScriptedH7.W2, 64);
        assertThat(Arrays.copyOfRange(w2, 0, 60)).isEqualTo(Arrays.copyOfRange(data, 40, 100));
        assertThat(Arrays.copyOfRange(w2, 60, 64)).containsOnly((byte) 0xFF); // padding of the partial word
        byte[] before = d.readFlash(at - 24, 24); // the first word starts 24 bytes before the data: padded too
        assertThat(before).containsOnly((byte) 0xFF);
        assertThat(chip.brokenWords).isEmpty();
        assertThat(chip.writesTo("CR1")).anyMatch(s -> s.equals(String.format("CR1=0x%08X",
                chip.regs.cr(1).field(PG).mask() | chip.regs.cr(1).field(PSIZE).encode(3))));
        assertThat(chip.writesTo("CR2")).anyMatch(s -> s.equals(String.format("CR2=0x%08X",
                chip.regs.cr(2).field(PG).mask() | chip.regs.cr(2).field(PSIZE).encode(3))));
    }

    @Test
    void aWordThatIsNotErasedIsRefusedBeforeAnythingIsWritten() throws Exception {
        Stm32H7FlashDriver d = driver();
        d.program(ScriptedH7.W1 + 0x100, pattern(64, 5), FlashProgress.NONE);
        int writes = chip.log.size();
        byte[] cellsBefore = chip.cells[0].clone();

        // a fresh driver knows nothing about what was erased: it reads and finds the second word programmed
        assertThatThrownBy(() -> driver().program(ScriptedH7.W1 + 0xE0, pattern(128, 9), FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class)
                .hasMessageContaining("0x08000100").hasMessageContaining("sector 0 of bank 1")
                .hasMessageContaining("not erased")
                .hasMessageContaining("Nothing was written");
        assertThat(chip.cells[0]).isEqualTo(cellsBefore);
        assertThat(chip.log.subList(writes, chip.log.size())).noneMatch(s -> s.startsWith("CR1="));
        assertThat(chip.brokenWords).isEmpty();
    }

    @Test
    void aProtectedSectorIsNamedAndNothingIsErased() throws Exception {
        chip.protect(2, 5);
        chip.cells[1][5 * 128 * 1024] = 0x55;
        Stm32H7FlashDriver d = driver();
        Sector s = d.geometry().bank(2).sectors().get(5);

        assertThatThrownBy(() -> d.eraseSector(s)).isInstanceOf(FlashProtectionException.class)
                .hasMessageContaining("sector 5 of bank 2").hasMessageContaining("write-protected")
                .satisfies(e -> assertThat(((FlashOperationException) e).failureCause())
                        .isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR));
        assertThatThrownBy(() -> d.eraseBank(2, FlashProgress.NONE)).isInstanceOf(FlashProtectionException.class)
                .hasMessageContaining("sector 5 of bank 2").hasMessageContaining("refused as a whole");
        assertThat(chip.cells[1][5 * 128 * 1024]).isEqualTo((byte) 0x55);
        assertThat(chip.writesTo("CR2")).isEmpty();
    }

    @Test
    void theControllersWrperrIsDecodedWithTheSector() throws Exception {
        Stm32H7FlashDriver d = driver();
        Sector s = d.geometry().bank(1).sectors().get(2);
        // the options in force say "unprotected" when the driver looks, the controller answers WRPERR anyway
        chip.wrperrOnNextStart = true;
        assertThatThrownBy(() -> d.eraseSector(s)).isInstanceOf(H7FlashStatusException.class)
                .hasMessageContaining("WRPERR").hasMessageContaining("sector 2 of bank 1")
                .hasMessageContaining("FLASH_CR1");
        assertThat(d.readStatus(1) & chip.regs.sr(1).field(WRPERR).mask()).isZero(); // cleared through CCR1
    }

    @Test
    void massEraseIsBerOnBothBanks() throws Exception {
        chip.cells[0][0] = 1;
        chip.cells[1][ScriptedH7.BANK - 1] = 2;
        Stm32H7FlashDriver d = driver();
        d.massErase(FlashProgress.NONE);
        assertThat(chip.cells[0][0]).isEqualTo((byte) 0xFF);
        assertThat(chip.cells[1][ScriptedH7.BANK - 1]).isEqualTo((byte) 0xFF);
        int ber = chip.regs.cr(1).field(BER).mask() | chip.regs.cr(1).field(PSIZE).encode(3)
                | chip.regs.cr(1).field(START).mask();
        assertThat(chip.writesTo("CR1")).contains(String.format("CR1=0x%08X", ber));
        assertThat(chip.writesTo("CR2")).contains(String.format("CR2=0x%08X", ber));
        assertThat(chip.writesTo("OPTCR")).isEmpty(); // no OPTCR.MER
    }

    @Test
    void anOptionChangeRefusedWithOptchangeerrIsReportedAndTheOptionsRelocked() throws Exception {
        Stm32H7FlashDriver d = driver();
        Stm32H7OptionImage now = d.readOptions();
        Stm32H7OptionImage wanted = now.withWord(chip.regs.wpsnPrg(1).name(), 0xF0);
        chip.optChangeErrorNextStart = true;

        assertThatThrownBy(() -> d.writeOptionImage(wanted, false, FlashProgress.NONE))
                .isInstanceOf(H7FlashStatusException.class).hasMessageContaining("OPTCHANGEERR");
        assertThat(chip.regs.optcr().field(OPTLOCK).isSet(chip.reg(chip.regs.optcr()))).isTrue();
        assertThat(chip.regs.optsrCur().field(OPTCHANGEERR).isSet(chip.reg(chip.regs.optsrCur()))).isFalse();
        assertThat(chip.writesTo("OPTKEYR")).hasSize(2);

        var ok = d.writeOptionImage(wanted, false, FlashProgress.NONE); // the next try goes through
        assertThat(ok.readBackMatches()).isTrue();
        assertThat(d.writeProtectedSectors()).extracting(Sector::number).containsExactly(0, 1, 2, 3);
        assertThat(chip.writesTo("OPTKEYR")).hasSize(4); // OPTLOCK was set again after the failure
    }

    @Test
    void rdpLevel2IsRefusedWithoutConfirmation() throws Exception {
        Stm32H7FlashDriver d = driver();
        Stm32H7OptionImage now = d.readOptions();
        String optsr = chip.regs.optsrPrg().name();
        Stm32H7OptionImage level2 = now.withWord(optsr,
                chip.regs.optsrPrg().field(RDP).insert(now.word(optsr), 0xCC));
        assertThatThrownBy(() -> d.writeOptionImage(level2, false, FlashProgress.NONE))
                .isInstanceOf(FlashProtectionException.class).hasMessageContaining("level 2");
        assertThat(chip.writesTo("OPTKEYR")).isEmpty();
    }

    @Test
    void targetCrcAgreesWithReadBackAndAWrongEngineAssumptionFallsBackToReading() throws Exception {
        Stm32H7FlashDriver d = driver();
        byte[] data = pattern(4096, 3);
        d.eraseAndProgram(List.of(d.geometry().bank(2).sectors().get(1)), ScriptedH7.W2 + 0x2_0000, data,
                FlashProgress.NONE);
        assertThat(d.matchesOnTarget(ScriptedH7.W2 + 0x2_0000, data, 0, data.length)).isTrue();
        byte[] other = data.clone();
        other[100] ^= 1;
        assertThat(d.matchesOnTarget(ScriptedH7.W2 + 0x2_0000, other, 0, other.length)).isFalse();
        assertThat(d.crcEngineTrusted()).isTrue(); // the data differs: the engine was right

        chip.crcInitial = 0; // the silicon's engine differs from the assumption
        assertThat(d.matchesOnTarget(ScriptedH7.W2 + 0x2_0000, data, 0, data.length)).isFalse();
        assertThat(d.crcEngineTrusted()).isFalse();
        assertThat(d.targetCrc(ScriptedH7.W2 + 0x2_0000, data.length)).isEmpty();
        assertThat(d.verify(ScriptedH7.W2 + 0x2_0000, data).ok()).isTrue();
    }

    @Test
    void aDoubleEccWordIsNamedFromEccFa() throws Exception {
        chip.brokenWords.computeIfAbsent(1, b -> new java.util.HashSet<>()).add(5);
        Stm32H7FlashDriver d = driver();
        assertThatThrownBy(() -> d.readFlash(ScriptedH7.W1, 256)).isInstanceOf(H7FlashStatusException.class)
                .hasMessageContaining("DBECCERR").hasMessageContaining("0x080000A0")
                .hasMessageContaining("ECC_FA1R = 5");
    }

    @Test
    void protectionIsDecodedPerSectorFromWpsnPrarAndScar() throws Exception {
        chip.protect(1, 6);
        Register prar = chip.regs.prarCur(2);
        chip.set(prar, prar.field(PROT_AREA_START).encode(0x200) | prar.field(PROT_AREA_END).encode(0x20F));
        Stm32H7FlashDriver d = driver();
        List<H7SectorProtection> p = d.protection();
        assertThat(p).hasSize(16);
        assertThat(p).filteredOn(x -> !x.unprotected()).extracting(H7SectorProtection::describe).containsExactly(
                "sector 6 of bank 1: write-protected (WPSN)",
                "sector 1 of bank 2: PCROP (PRAR) bank offsets 0x020000-0x020FFF");
    }

    @Test
    void swapBankProgramsTheInactiveImageThroughWindow2WhicheverPhysicalBankItIs() throws Exception {
        swapBanksAndReset(); // physical bank 2 runs (window 1), physical bank 1 is in window 2
        Stm32H7FlashDriver d = driver();
        SwapBank scheme = new SwapBank(d);
        assertThat(scheme.inactivePhysicalBank()).isEqualTo(1);
        byte[] image = pattern(512, 11);
        d.eraseAndProgram(d.sectorsCovering(new AddressRange(scheme.inactiveWindow().start(), image.length), true),
                scheme.inactiveWindow().start(), image, FlashProgress.NONE);
        assertThat(Arrays.copyOf(chip.cells[0], 512)).isEqualTo(image); // PHYSICAL bank 1 changed
        assertThat(chip.cells[1][0]).isEqualTo((byte) 0xFF);
        assertThat(chip.writesTo("CR1")).isEmpty(); // register set 2 did all of it

        var w = scheme.activate(FlashProgress.NONE);
        assertThat(w.readBackMatches()).isTrue();
        assertThat(scheme.pending()).isTrue();
        assertThat(d.banksSwapped()).isTrue(); // not before the reset
        assertThat(scheme.activePhysicalBankAfterReset()).isEqualTo(1);
        d.resetAndReprobe(ResetKind.SYSTEM);
        assertThat(d.banksSwapped()).isFalse();
        assertThat(d.readFlash(scheme.linkAddress(), 512)).isEqualTo(image);
        assertThat(scheme.pending()).isFalse();
    }

    @Test
    void the1MiBPartsHaveAHoleBetweenTheWindowsThatIsNotFlash() throws Exception {
        Stm32H7FlashDriver xg = new Stm32H7FlashDriver(chip, chip.descriptor, 1024, chip.clock(),
                FlashDriverSettings.defaults());
        assertThat(xg.windowRange(1)).isEqualTo(new AddressRange(0x0800_0000L, 512 * 1024));
        assertThat(xg.windowRange(2)).isEqualTo(new AddressRange(0x0810_0000L, 512 * 1024));
        assertThatThrownBy(() -> xg.program(0x0808_0000L, new byte[32], FlashProgress.NONE))
                .isInstanceOf(FlashRequestException.class).hasMessageContaining("0x08080000")
                .hasMessageContaining("not inside the flash");
        assertThat(chip.log).isEmpty(); // refused before any register access
    }

    @Test
    void h7abPartsProgram128BitWordsIn8KiBSectorsProtectedFourAtATime() throws Exception {
        var h7ab = dev.flashbank.family.stm32h7.Stm32H7Descriptor.of(dev.flashbank.family.stm32h7.Stm32H7Line.H7AX_H7BX);
        Stm32H7FlashDriver d = new Stm32H7FlashDriver(chip, h7ab, 2048, chip.clock(), FlashDriverSettings.defaults());
        assertThat(d.programUnitBytes()).isEqualTo(16);
        assertThat(d.geometry().bank(2).sectors()).hasSize(128);
        assertThat(d.sectorsCovering(new AddressRange(0x0810_3000L, 0x4000), false)).extracting(Sector::number)
                .containsExactly(1, 2, 3);
        assertThat(d.programSettingNotice()).isEmpty(); // no PSIZE on H7A/B
        chip.set(chip.regs.wpsnCur(1), 0xFFFF_FFFD); // WPSN bit 1 = 0: sectors 4..7 of bank 1 (RM0455: 4 per bit)
        chip.set(chip.regs.wpsnCur(2), 0xFFFF_FFFF);
        assertThat(d.writeProtectedSectors()).extracting(Sector::number).containsExactly(4, 5, 6, 7);
    }
}
