package dev.flashbank.family.stm32h7.sim.tests;

import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpener;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.Stm32H7Timings;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.family.stm32f7.sim.Stm32F7SimulatedFamily;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.SimulatedBoardProvider;

/**
 * The simulated STM32H743 driven at register level through the simulated probe, with the sequences a driver uses
 * (RM0433 §4.3): unlock per bank, sector erase, flash-word programming through the write buffer, the error flags and
 * ECC they leave, option changes through _PRG + OPTSTART, the bank swap at the next reset and the RDP regression.
 * Addresses, bits and keys come from {@link Stm32H7Registers}.
 */
class Stm32H7SimulatorTest {

    static final long SLOT1 = 0x0800_0000L;
    static final long SLOT2 = 0x0810_0000L;
    static final int SECTOR = 128 * 1024;

    @TempDir
    Path tmp;

    Stm32H7Board board;
    Stm32H7Registers regs;
    SimulatedProbe probe;
    MemoryAccess mem;

    @BeforeEach
    void setUp() throws Exception {
        board = Stm32H7SimulatedFamily.INSTANCE.create("STM32H743ZI", BoardOptions.defaults());
        regs = board.descriptor().registers();
        probe = SimulatedProbe.connect(board);
        mem = probe.memory();
    }

    // ---- helpers: what a driver does

    int read(Register r) throws TargetException {
        return mem.read32(r.address());
    }

    boolean isSet(Register r, String field) throws TargetException {
        return r.field(field).isSet(read(r));
    }

    void unlock(int bank) throws TargetException {
        mem.write32(regs.keyr(bank).address(), KEYR_KEYS.key1());
        mem.write32(regs.keyr(bank).address(), KEYR_KEYS.key2());
    }

    void unlockOptions() throws TargetException {
        mem.write32(regs.optkeyr().address(), OPTKEYR_KEYS.key1());
        mem.write32(regs.optkeyr().address(), OPTKEYR_KEYS.key2());
    }

    /** Polls SRn until QW = 0 (virtual time passes between polls); the number of milliseconds it took. */
    long waitQueue(int bank) throws TargetException {
        for (long ms = 0; ms < 100_000; ms++) {
            if (!isSet(regs.sr(bank), QW)) {
                return ms;
            }
            probe.elapse(Duration.ofMillis(1));
        }
        throw new AssertionError("QW never cleared");
    }

    void waitOptions() throws TargetException {
        for (int ms = 0; ms < 100_000; ms++) {
            if (!isSet(regs.optsrCur(), OPT_BUSY)) {
                return;
            }
            probe.elapse(Duration.ofMillis(1));
        }
        throw new AssertionError("OPT_BUSY never cleared");
    }

    /** PG, eight 32-bit stores of one flash word, wait QW, clear PG. */
    void programWord(int bank, long address, int... words) throws TargetException {
        Register cr = regs.cr(bank);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 1));
        for (int i = 0; i < words.length; i++) {
            mem.write32(address + 4L * i, words[i]);
        }
        waitQueue(bank);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 0));
    }

    static int[] word(int base) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = base + i;
        }
        return w;
    }

    void eraseSector(int bank, int sector) throws TargetException {
        Register cr = regs.cr(bank);
        int v = cr.field(SER).insert(cr.field(SNB).insert(read(cr) & ~cr.field(PG).mask(), sector), 1);
        mem.write32(cr.address(), v);
        mem.write32(cr.address(), cr.field(START).insert(v, 1));
        waitQueue(bank);
        mem.write32(cr.address(), cr.field(SER).insert(read(cr), 0));
    }

    void changeOptions(Register prg, int value) throws TargetException {
        unlockOptions();
        mem.write32(prg.address(), value);
        mem.write32(regs.optccr().address(), regs.optccr().field(CLR_OPTCHANGEERR).mask());
        mem.write32(regs.optcr().address(), regs.optcr().field(OPTSTART).mask());
        waitOptions();
    }

    // ---- identification

    @Test
    void identifiesAsDevId0x450WithFlashSizeAndUniqueId() throws Exception {
        int idcode = mem.read32(DBGMCU_BASE);
        assertThat(regs.idcode().field(DEV_ID).extract(idcode)).isEqualTo(0x450);
        assertThat(mem.read32(DBGMCU_APB_D_BASE)).as("the APB-D view of DBGMCU").isEqualTo(idcode);
        assertThat(mem.read(board.descriptor().flashSizeRegisterAddress(), 2, AccessWidth.HALFWORD))
                .containsExactly((byte) 0x00, (byte) 0x08); // 2048 KiB
        assertThat(mem.read(board.descriptor().uniqueIdAddress(), 12, AccessWidth.WORD)).isEqualTo(board.uniqueId());
        // under NRST only the debug bus answers: DBGMCU through APB-D, not through the system bus
        probe.bus().setNrst(true);
        assertThat(mem.read32(DBGMCU_APB_D_BASE)).isEqualTo(idcode);
        assertThatThrownBy(() -> mem.read32(DBGMCU_BASE)).isInstanceOf(BusFaultException.class);
        probe.bus().setNrst(false);
    }

    // ---- unlock

    @Test
    void eachBankHasItsOwnLockAndAWrongKeyLocksItUntilReset() throws Exception {
        assertThat(isSet(regs.cr(1), LOCK)).isTrue();
        unlock(1);
        assertThat(isSet(regs.cr(1), LOCK)).isFalse();
        assertThat(isSet(regs.cr(2), LOCK)).as("bank 2 is still locked").isTrue();
        assertThat(isSet(regs.optcr(), OPTLOCK)).isTrue();

        mem.write32(regs.keyr(2).address(), KEYR_KEYS.key1());
        assertThatThrownBy(() -> mem.write32(regs.keyr(2).address(), 0x1234_5678)).isInstanceOf(BusFaultException.class);
        assertThatThrownBy(() -> unlock(2)).as("locked until reset").isInstanceOf(BusFaultException.class);
        assertThat(isSet(regs.cr(2), LOCK)).isTrue();
        probe.core().reset(ResetKind.SYSTEM);
        unlock(2);
        assertThat(isSet(regs.cr(2), LOCK)).isFalse();
        assertThat(isSet(regs.cr(1), LOCK)).as("a reset locks bank 1 again").isTrue();
    }

    // ---- program and erase

    @Test
    void aFlashWordGoesThroughTheWriteBufferAndTakesTheProgramTime() throws Exception {
        unlock(2);
        Register cr = regs.cr(2);
        Register sr = regs.sr(2);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 1));
        int[] w = word(0x1111_0000);
        for (int i = 0; i < 7; i++) {
            mem.write32(SLOT2 + 4L * i, w[i]);
        }
        assertThat(isSet(sr, WBNE)).as("partial word waits in the buffer").isTrue();
        assertThat(isSet(sr, QW)).isFalse();
        assertThat(board.readCells(2, 0, 4)).containsOnly((byte) 0xFF);
        long t0 = board.clock().nanos();
        mem.write32(SLOT2 + 28, w[7]);
        assertThat(isSet(sr, WBNE)).isFalse();
        assertThat(isSet(sr, QW)).as("the complete word is queued").isTrue();
        waitQueue(2);
        long took = board.clock().nanos() - t0;
        long x64 = Stm32H7Timings.wordProgramMicros(Parallelism.X64, Bound.TYPICAL) * 1000;
        assertThat(took).isGreaterThanOrEqualTo(x64);
        assertThat(isSet(sr, EOP)).isTrue();
        assertThat(mem.read(SLOT2, 32, AccessWidth.WORD)).isEqualTo(mem.read(SLOT2, 32, AccessWidth.BYTE));
        for (int i = 0; i < 8; i++) {
            assertThat(mem.read32(SLOT2 + 4L * i)).isEqualTo(w[i]);
        }
        assertThat(board.readCells(1, 0, 32)).as("bank 1 untouched").containsOnly((byte) 0xFF);
    }

    @Test
    void sectorEraseErasesOneSectorOfTheBankBehindTheRegisterSetAndTakesTheEraseTime() throws Exception {
        unlock(1);
        programWord(1, SLOT1 + SECTOR, word(0x2000));
        programWord(1, SLOT1 + 2L * SECTOR, word(0x3000));
        long t0 = board.clock().nanos();
        eraseSector(1, 1);
        assertThat(board.clock().nanos() - t0)
                .isGreaterThanOrEqualTo(Stm32H7Timings.sectorEraseMicros(SECTOR, Parallelism.X64, Bound.TYPICAL) * 1000);
        assertThat(mem.read32(SLOT1 + SECTOR)).isEqualTo(-1);
        assertThat(mem.read32(SLOT1 + 2L * SECTOR)).as("sector 2 kept").isEqualTo(0x3000);
        // the erased word can be programmed again without an ECC error
        programWord(1, SLOT1 + SECTOR, word(0x4000));
        assertThat(mem.read32(SLOT1 + SECTOR + 4)).isEqualTo(0x4001);
        assertThat(read(regs.sr(1)) & regs.srErrorMask()).isZero();
    }

    @Test
    void aWriteWithoutPgIsDroppedWithPgserrAndNoBusError() throws Exception {
        unlock(1);
        mem.write32(SLOT1, 0);
        assertThat(isSet(regs.sr(1), PGSERR)).isTrue();
        assertThat(mem.read32(SLOT1)).isEqualTo(-1);
        mem.write32(regs.ccr(1).address(), regs.ccr(1).field(CLR_PREFIX + PGSERR).mask());
        assertThat(isSet(regs.sr(1), PGSERR)).isFalse();
    }

    @Test
    void theSameByteTwiceIsStrberrAndAnotherWordWhilePartialIsIncerr() throws Exception {
        unlock(1);
        Register cr = regs.cr(1);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 1));
        mem.write32(SLOT1, 1);
        mem.write32(SLOT1, 2);
        assertThat(isSet(regs.sr(1), STRBERR)).isTrue();
        assertThat(isSet(regs.sr(1), WBNE)).as("the buffer was dropped").isFalse();
        mem.write32(SLOT1 + 64, 1);
        mem.write32(SLOT1 + 128, 2);
        assertThat(isSet(regs.sr(1), INCERR)).isTrue();
        assertThat(mem.read32(SLOT1 + 64)).as("nothing programmed").isEqualTo(-1);
    }

    @Test
    void forceWritePadsWithOnesAndCompletingTheWordLaterIsAnUncorrectableEccError() throws Exception {
        unlock(2);
        Register cr = regs.cr(2);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 1));
        mem.write32(SLOT2 + 0x40, 0x0000_00AA);
        mem.write32(cr.address(), cr.field(FW).insert(read(cr), 1));
        waitQueue(2);
        assertThat(mem.read32(SLOT2 + 0x40)).isEqualTo(0xAA);
        assertThat(mem.read32(SLOT2 + 0x44)).as("padded with 1s").isEqualTo(-1);
        assertThat(isSet(cr, FW)).as("FW clears itself").isFalse();

        // the rest of the word written later (force-written again): a second program of the word (RM0433 §4.3.9)
        for (int i = 1; i < 8; i++) {
            mem.write32(SLOT2 + 0x40 + 4L * i, 0x5555_0000 + i);
        }
        assertThat(isSet(regs.sr(2), WBNE)).as("28 of 32 bytes: still waiting").isTrue();
        mem.write32(cr.address(), cr.field(FW).insert(read(cr), 1));
        waitQueue(2);
        assertThatThrownBy(() -> mem.read32(SLOT2 + 0x44)).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("DBECCERR");
        assertThat(isSet(regs.sr(2), DBECCERR)).isTrue();
        assertThat(regs.eccFa(2).field(FAIL_ECC_ADDR).extract(read(regs.eccFa(2)))).as("flash-word index")
                .isEqualTo(0x40 / 32);
        // clearing the flag resets ECC_FA; only an erase repairs the word
        mem.write32(regs.ccr(2).address(), regs.ccr(2).field(CLR_PREFIX + DBECCERR).mask());
        assertThat(read(regs.eccFa(2))).isZero();
        eraseSector(2, 0);
        assertThat(mem.read32(SLOT2 + 0x44)).isEqualTo(-1);
    }

    @Test
    void programmingAWordTwiceLeavesADoubleEccError() throws Exception {
        unlock(1);
        programWord(1, SLOT1, word(0x7000));
        assertThat(board.eccState(1, 0)).isEqualTo("PROGRAMMED");
        programWord(1, SLOT1, word(0x0600));
        assertThat(board.eccState(1, 0)).isEqualTo("DOUBLE_ERROR");
        assertThatThrownBy(() -> mem.read32(SLOT1)).isInstanceOf(BusFaultException.class);
    }

    @Test
    void aPowerLossMidWordLeavesATornWordThatReadsDbeccerrAfterPowerUp() throws Exception {
        unlock(2);
        long program = Stm32H7Timings.wordProgramMicros(Parallelism.X64, Bound.TYPICAL) * 1000;
        Register cr = regs.cr(2);
        mem.write32(cr.address(), cr.field(PG).insert(read(cr), 1));
        int[] w = word(0);
        for (int i = 0; i < 7; i++) {
            mem.write32(SLOT2 + 0x100 + 4L * i, w[i]);
        }
        board.faults().powerLossAt(Duration.ofNanos(board.clock().nanos() + probe.accessTime().toNanos() + program / 2));
        mem.write32(SLOT2 + 0x11C, w[7]);
        assertThatThrownBy(() -> waitQueue(2)).isInstanceOf(TargetException.class);
        assertThat(board.isPowered()).isFalse();
        InterruptedOperation cut = board.faults().lastInterruption().orElseThrow();
        assertThat(cut.kind()).isEqualTo(InterruptedOperation.Kind.PROGRAM);
        assertThat(cut.physicalBank()).isEqualTo(2);
        board.powerOn();
        SimulatedProbe p = SimulatedProbe.connect(board);
        assertThatThrownBy(() -> p.memory().read32(SLOT2 + 0x100)).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("DBECCERR");
        assertThat(board.eccState(2, 0x100)).isEqualTo("DOUBLE_ERROR");
        assertThat(p.memory().read32(SLOT2 + 0x120)).as("the next word is fine").isEqualTo(-1);
    }

    // ---- protection and options

    @Test
    void optionsChangeOnlyThroughPrgAndOptstartAndWpsnProtectsAtOnce() throws Exception {
        Register wpsn = regs.wpsnPrg(1);
        int factory = read(wpsn);
        mem.write32(wpsn.address(), factory & ~0b10); // locked: ignored
        assertThat(read(wpsn)).isEqualTo(factory);
        unlockOptions();
        mem.write32(wpsn.address(), factory & ~0b10); // protect sector 1 of bank 1
        assertThat(read(wpsn)).isEqualTo(factory & ~0b10);
        assertThat(read(regs.wpsnCur(1))).as("_CUR unchanged before OPTSTART").isEqualTo(factory);
        mem.write32(regs.optcr().address(), regs.optcr().field(OPTSTART).mask());
        assertThat(isSet(regs.optsrCur(), OPT_BUSY)).isTrue();
        waitOptions();
        assertThat(read(regs.wpsnCur(1))).isEqualTo(factory & ~0b10);
        assertThat(isSet(regs.optsrCur(), OPTCHANGEERR)).isFalse();

        unlock(1);
        programWord(1, SLOT1 + SECTOR, word(0x100));
        assertThat(isSet(regs.sr(1), WRPERR)).isTrue();
        assertThat(mem.read32(SLOT1 + SECTOR)).as("protected: not programmed").isEqualTo(-1);
        mem.write32(regs.ccr(1).address(), regs.srErrorMask());
        eraseSector(1, 1);
        assertThat(isSet(regs.sr(1), WRPERR)).as("protected: not erased").isTrue();
        programWord(1, SLOT1, word(0x200));
        assertThat(isSet(regs.sr(1), WRPERR)).as("still set from before").isTrue();
    }

    @Test
    void swapBankOptTakesEffectAtTheNextResetAndRegisterSetsFollowTheMapping() throws Exception {
        unlock(1);
        unlock(2);
        programWord(1, SLOT1, word(0x1A00)); // physical bank 1
        programWord(2, SLOT2, word(0x2B00)); // physical bank 2
        Register optsr = regs.optsrPrg();
        changeOptions(optsr, optsr.field(SWAP_BANK_OPT).insert(read(optsr), 1));
        assertThat(isSet(regs.optsrCur(), SWAP_BANK_OPT)).isTrue();
        assertThat(isSet(regs.optcr(), SWAP_BANK)).as("not effective before the reset").isFalse();
        assertThat(mem.read32(SLOT1)).isEqualTo(0x1A00);

        probe.core().reset(ResetKind.SYSTEM);
        assertThat(isSet(regs.optcr(), SWAP_BANK)).isTrue();
        assertThat(mem.read32(SLOT1)).as("window 1 shows physical bank 2").isEqualTo(0x2B00);
        assertThat(mem.read32(SLOT2)).isEqualTo(0x1A00);
        BootReport boot = board.lastBootReport();
        assertThat(boot.physicalBank()).isEqualTo(2);

        // register set 2 acts on the bank MAPPED in window 2 (physical bank 1), as the H7 drivers rely on
        unlock(2);
        eraseSector(2, 0);
        assertThat(board.readCells(1, 0, 4)).containsOnly((byte) 0xFF);
        assertThat(board.readCells(2, 0, 4)).as("the running image is intact").containsExactly((byte) 0x00, (byte) 0x2B, (byte) 0, (byte) 0);
    }

    @Test
    void rdpLevel1BlocksTheDebuggerAndTheRegressionMassErasesButKeepsTheOtherOptions() throws Exception {
        unlock(1);
        programWord(1, SLOT1, word(0x55));
        Register optsr = regs.optsrPrg();
        int before = read(optsr);
        changeOptions(optsr, optsr.field(RDP).insert(before, 0xBB));
        assertThatThrownBy(() -> mem.read32(SLOT1)).as("level 1 acts at once").isInstanceOf(TargetException.class);
        probe.core().reset(ResetKind.SYSTEM);
        assertThatThrownBy(() -> mem.read32(SLOT1)).isInstanceOf(TargetException.class);

        Register wpsn2 = regs.wpsnPrg(2);
        changeOptions(optsr, optsr.field(RDP).insert(read(optsr), 0xAA));
        assertThat(mem.read32(SLOT1)).as("the regression erased the user flash").isEqualTo(-1);
        assertThat(board.readCells(1, 0, 32)).containsOnly((byte) 0xFF);
        assertThat(read(regs.optsrCur())).isEqualTo(before);
        assertThat(read(regs.wpsnCur(2))).isEqualTo(read(wpsn2));
    }

    @Test
    void level2FreezesTheOptionsAndLocksTheDebugPortAtTheNextReset() throws Exception {
        Register optsr = regs.optsrPrg();
        changeOptions(optsr, optsr.field(RDP).insert(read(optsr), 0xCC));
        assertThat(board.optionsInForce().get(OPTSR_PRG) >>> 8 & 0xFF).isEqualTo(0xCC);
        board.reset(ResetKind.SYSTEM);
        assertThatThrownBy(() -> SimulatedProbe.connect(board)).isInstanceOf(TargetException.class);
        board.powerCycle();
        assertThatThrownBy(() -> SimulatedProbe.connect(board)).as("forever").isInstanceOf(TargetException.class);
    }

    // ---- boot

    @Test
    void boot0SelectsBootAdd0OrBootAdd1() throws Exception {
        assertThat(board.lastBootReport().source()).as("erased flash: nothing valid").isEqualTo(BootReport.Source.LOCKUP);
        unlock(1);
        programWord(1, SLOT1, 0x2002_0000, 0x0800_0101, 0, 0, 0, 0, 0, 0);
        board.reset(ResetKind.SYSTEM);
        assertThat(board.lastBootReport().source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(1);
        board.setBoot0(true);
        board.reset(ResetKind.HARDWARE);
        assertThat(board.lastBootReport().source()).as("BOOT_ADD1 = system memory")
                .isEqualTo(BootReport.Source.SYSTEM_MEMORY);
    }

    // ---- CRC engine

    @Test
    void theCrcEngineOverABankMatchesTheHostCrcAndReportsCrcend() throws Exception {
        unlock(1);
        programWord(1, SLOT1, word(0x1234));
        Register cr = regs.cr(1);
        Register crccr = regs.crccr(1);
        mem.write32(cr.address(), cr.field(CRC_EN).insert(read(cr), 1));
        int v = crccr.field(CLEAN_CRC).mask();
        mem.write32(crccr.address(), v);
        mem.write32(regs.crcsadd(1).address(), regs.crcsadd(1).field(CRC_START_ADDR).encode(0));
        mem.write32(regs.crceadd(1).address(), regs.crceadd(1).field(CRC_END_ADDR).encode(63 >>> 2 << 0));
        mem.write32(crccr.address(), crccr.field(START_CRC).mask());
        for (int i = 0; i < 1000 && isSet(regs.sr(1), CRC_BUSY); i++) {
            probe.elapse(Duration.ofNanos(10_000));
        }
        assertThat(isSet(regs.sr(1), CRCEND)).isTrue();
        byte[] data = board.readCells(1, 0, 64);
        var host = new dev.flashbank.family.stm32h7.flash.FlashCrc(
                dev.flashbank.family.stm32h7.flash.FlashCrc.ETHERNET_POLYNOMIAL,
                board.descriptor().stm32H7Parameters().crcInitialValue(),
                board.descriptor().stm32H7Parameters().crcReflected());
        assertThat(read(regs.crcdata())).isEqualTo(host.crc(data, 0, 64));
    }

    // ---- state files and the seam

    @Test
    void theStateFileKeepsCellsEccStateOptionsAndLoadsThroughTheH7Family() throws Exception {
        unlock(1);
        programWord(1, SLOT1, word(0x77));
        programWord(1, SLOT1, word(0x66)); // a torn word must survive the file
        Register optsr = regs.optsrPrg();
        changeOptions(optsr, optsr.field(SWAP_BANK_OPT).insert(read(optsr), 1));
        Path f = tmp.resolve("h743.fbboard");
        BoardStateFile.save(board, f);
        String header = new String(Files.readAllBytes(f), 0, 1000, StandardCharsets.US_ASCII);
        assertThat(header).contains("family: stm32h7", "part: STM32H743ZI", "section: ecc.bank1 size=32768");

        SimulatedFamilies families = SimulatedFamilies.of(List.of(Stm32F7SimulatedFamily.INSTANCE,
                Stm32H7SimulatedFamily.INSTANCE));
        BenchBoard loaded = BoardStateFile.load(f, families);
        assertThat(loaded).isInstanceOf(Stm32H7Board.class);
        assertThat(loaded.snapshot().sameContent(board.snapshot())).isTrue();
        Stm32H7Board h7 = (Stm32H7Board) loaded;
        assertThat(h7.eccState(1, 0)).isEqualTo("DOUBLE_ERROR");
        assertThat(h7.swapBank()).as("loading is a power-on reset: the swap is in force").isTrue();
        assertThatThrownBy(() -> BoardStateFile.load(f, SimulatedBoards.FAMILY)).as("without the H7 family installed")
                .hasMessageContaining("stm32h7");
    }

    @Test
    void simH743AtAFileOpensThroughTheBoardProvider() throws Exception {
        SimulatedFamilies families = SimulatedFamilies.of(List.of(Stm32F7SimulatedFamily.INSTANCE,
                Stm32H7SimulatedFamily.INSTANCE));
        Path f = tmp.resolve("nucleo.fbboard");
        TargetOpener opener = new TargetOpener(List.of(new SimulatedBoardProvider(families)));
        try (OpenTarget t = opener.open(new TargetAddress.Board(Optional.of("STM32H743ZI"), f, true),
                ConnectOptions.of("test"))) {
            assertThat(t.knownPart()).contains("STM32H743ZI");
            assertThat(regs.idcode().field(DEV_ID).extract(t.target().memory().read32(DBGMCU_BASE))).isEqualTo(0x450);
        }
        assertThat(BoardStateFile.read(f).family()).isEqualTo("stm32h7");
        assertThat(families.forPart("STM32H750VB")).as("H750 is not simulated yet").isEmpty();
        assertThat(families.forPart("STM32H743VG")).contains(Stm32H7SimulatedFamily.INSTANCE);
    }
}
