package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.flash.PageFlashFamily;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Identification of a Cortex-M0+ STM32G0B1 among every page-flash line: its DBG_IDCODE is on the APB at 0x4001_5800
 * (RM0444), and the DBGMCU_IDCODE address of the Cortex-M4 lines (0xE004_2000) is nothing on an M0+, whose bus may
 * answer it with a fault. The session must read the address of the lines built around the core it found (CPUID) first,
 * and survive a fault at another line's address.
 */
class PageFlashIdentifyTest {

    private static final long M4_IDCODE = 0xE004_2000L;

    /** The simulated probe's memory, with reads logged and the given addresses faulting as an M0+ bus may answer. */
    private static DebugTarget faulting(SimulatedProbe probe, Set<Long> faulting, List<Long> reads) {
        return faulting(probe, faulting, reads, 0);
    }

    /** ... and the flash-size register read with {@code upperBits} set in its high byte. */
    private static DebugTarget faulting(SimulatedProbe probe, Set<Long> faulting, List<Long> reads, int upperBits) {
        MemoryAccess mem = probe.memory();
        MemoryAccess logged = new MemoryAccess() {
            @Override
            public void read(long address, byte[] buffer, int offset, int length, AccessWidth width)
                    throws TargetException {
                reads.add(address);
                if (faulting.contains(address)) {
                    throw new BusFaultException(address, "no DBGMCU on a Cortex-M0+");
                }
                mem.read(address, buffer, offset, length, width);
                if (address == PageFlashLine.FLASH_SIZE_REGISTER && length >= 2) {
                    buffer[offset + 1] |= (byte) (upperBits >>> 8);
                }
            }

            @Override
            public void write(long address, byte[] data, int offset, int length, AccessWidth width)
                    throws TargetException {
                mem.write(address, data, offset, length, width);
            }
        };
        return new DebugTarget() {
            @Override
            public MemoryAccess memory() {
                return logged;
            }

            @Override
            public CoreControl core() {
                return probe.core();
            }

            @Override
            public int targetVoltageMillivolts() throws TargetException {
                return probe.targetVoltageMillivolts();
            }

            @Override
            public String describe() {
                return probe.describe();
            }

            @Override
            public void close() throws TargetException {
                probe.close();
            }
        };
    }

    private static Families families() {
        return new Families(List.of(new PageFlashFamily()));
    }

    @Test
    void aG0ReadsItsOwnDbgIdcodeFirstAndNeverTheCortexM4Address() throws Exception {
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create("STM32G0B1RE", BoardOptions.defaults());
        List<Long> reads = new ArrayList<>();
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            TargetIdentity id = new TargetSession(faulting(probe, Set.of(M4_IDCODE), reads), families()).identify();
            assertThat(id.device().descriptor().devId()).isEqualTo(0x467);
        }
        assertThat(reads).contains(PageFlashLine.Series.G0.debugBase()).doesNotContain(M4_IDCODE);
    }

    @Test
    void aCortexM4PartStillReadsDbgmcuAt0xE0042000() throws Exception {
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create("STM32G474RE", BoardOptions.defaults());
        List<Long> reads = new ArrayList<>();
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            TargetIdentity id = new TargetSession(faulting(probe, Set.of(), reads), families()).identify();
            assertThat(id.device().descriptor().devId()).isEqualTo(0x469);
        }
        assertThat(reads).contains(M4_IDCODE).doesNotContain(PageFlashLine.Series.G0.debugBase());
    }

    @Test
    void aFaultAtAnotherLinesAddressIsNotTheAnswer() throws Exception {
        // a G474 whose bus faulted at the G0 address (were it read first) is still identified by its own address
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create("STM32G474RE", BoardOptions.defaults());
        List<Long> reads = new ArrayList<>();
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            TargetIdentity id = new TargetSession(
                    faulting(probe, Set.of(PageFlashLine.Series.G0.debugBase()), reads), families()).identify();
            assertThat(id.device().descriptor().devId()).isEqualTo(0x469);
        }
    }

    @Test
    void aG0FlashSizeRegisterWithItsUndefinedUpperBitsSetIsStillItsSize() throws Exception {
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create("STM32G0B1RE", BoardOptions.defaults());
        try (SimulatedProbe probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET)) {
            TargetIdentity id = new TargetSession(faulting(probe, Set.of(), new ArrayList<>(), 0xFC00), families())
                    .identify();
            assertThat(id.device().flashSizeKiB()).isEqualTo(512);
        }
    }
}
