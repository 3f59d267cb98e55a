package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.family.stm32f7.Stm32F7CrcDma;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * The F7 target-side CRC (CRC unit fed by DMA2 stream 0) over the whole ST-Link stack costs few probe round trips:
 * the stream's six consecutive registers DMA2_LIFCR..DMA2_S0M0AR go out as ONE multi-word memory write (issue 18:
 * on a full-speed probe every command is a ~1 ms round trip, and the planning of an incremental program runs one CRC
 * per sector of the image). Counts commands, asserts no time.
 */
class TargetCrcRoundTripsTest {

    @Test
    void oneRangeTakesOneStreamWriteAndAtMostElevenCommands() throws Exception {
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults());
        StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v2(37), new SimStlinkBackend(board.debugBus()));
        RecordingTransport usb = new RecordingTransport(emulator);
        StlinkSession session = StlinkSession.open(usb, StlinkSessionOptions.defaults().withClock(emulator.clock()));
        try (StlinkDebugTarget t = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL)) {
            t.core().halt();
            Stm32F7FlashDriver d = Stm32F7FlashDriver.forSession(new TargetSession(t, InstalledFamilies.families()),
                    emulator.clock(), FlashDriverSettings.defaults());
            long at = 0x0800_0000L;
            int length = 16 * 1024;
            byte[] content = d.readFlash(at, length);

            usb.clear();
            OptionalInt crc = d.targetCrc(at, length);

            assertThat(crc).isPresent();
            assertThat(crc.getAsInt()).isEqualTo(d.expectedTargetCrc(content, 0, length));
            List<RecordingTransport.Exchange> all = usb.exchanges();
            List<RecordingTransport.Exchange> streamWrites = usb.exchanges(
                    x -> x.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT) && x.address() == Stm32F7CrcDma.DMA2_LIFCR);
            assertThat(streamWrites).hasSize(1);
            assertThat(streamWrites.get(0).length()).isEqualTo(24);
            // no single-register write to NDTR, PAR or M0AR any more (each was a round trip of its own)
            assertThat(usb.exchanges(x -> x.isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG)
                    && (x.address() == Stm32F7CrcDma.DMA2_S0NDTR || x.address() == Stm32F7CrcDma.DMA2_S0PAR
                            || x.address() == Stm32F7CrcDma.DMA2_S0M0AR))).isEmpty();
            // halt check, RCC clocks read/enable/restore, stream write (+ its status), CRC reset, EN, completion
            // poll(s), CRC_DR: 14 single-register commands before the stream write was one
            assertThat(all).as(all.toString()).hasSizeLessThanOrEqualTo(11);
        }
    }

    /**
     * A batch of ranges (a program's plan, a verify) sets the engine up once - one clock enable, one CRC unit reset -
     * and costs per range only the stream write, EN, the completion poll and CRC_DR; each range's CRC (recovered on
     * the host from CRC_DR before and after it, the unit not being reset in between) equals that range's own.
     */
    @Test
    void aBatchOfRangesSetsTheEngineUpOnceAndGivesEachRangeItsOwnCrc() throws Exception {
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults());
        StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v2(37), new SimStlinkBackend(board.debugBus()));
        RecordingTransport usb = new RecordingTransport(emulator);
        StlinkSession session = StlinkSession.open(usb, StlinkSessionOptions.defaults().withClock(emulator.clock()));
        try (StlinkDebugTarget t = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL)) {
            t.core().halt();
            Stm32F7FlashDriver d = Stm32F7FlashDriver.forSession(new TargetSession(t, InstalledFamilies.families()),
                    emulator.clock(), FlashDriverSettings.defaults());
            // sectors of different sizes and contents (the sample image, erased ones), one through the ITCM window
            long axim = 0x0800_0000L, itcm = 0x0020_0000L;
            List<AddressRange> ranges = List.of(new AddressRange(axim, 0x8000), new AddressRange(axim + 0x8000, 0x8000),
                    new AddressRange(itcm + 0x1_0000, 0x8000), new AddressRange(axim + 0x2_0000, 0x2_0000),
                    new AddressRange(axim + 0x40, 0x100));
            List<byte[]> contents = new java.util.ArrayList<>();
            for (AddressRange r : ranges) {
                contents.add(d.readFlash(r.start(), (int) r.size()));
            }
            OptionalInt single = d.targetCrc(ranges.get(0).start(), (int) ranges.get(0).size());

            usb.clear();
            List<OptionalInt> crcs = d.targetCrcs(ranges);

            assertThat(crcs).hasSameSizeAs(ranges);
            for (int i = 0; i < ranges.size(); i++) {
                byte[] c = contents.get(i);
                assertThat(crcs.get(i)).as(ranges.get(i).toString()).hasValue(d.expectedTargetCrc(c, 0, c.length));
            }
            assertThat(crcs.get(0)).isEqualTo(single);
            List<RecordingTransport.Exchange> all = usb.exchanges();
            assertThat(usb.exchanges(x -> x.address() == Stm32F7CrcDma.CRC_CR)).as("CRC unit resets").hasSize(1);
            assertThat(usb.exchanges(x -> x.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT)
                    && x.address() == Stm32F7CrcDma.DMA2_LIFCR)).as("stream writes").hasSize(ranges.size());
            // halt check, RCC read/enable/restore, CRC reset; per range: stream write + status, EN, poll(s), CRC_DR
            assertThat(all).as(all.toString()).hasSizeLessThanOrEqualTo(5 + 6 * ranges.size());
        }
    }

    /** The host side of the batch: a range's CRC from CRC_DR before and after it equals its CRC from a reset. */
    @Test
    void aRangesOwnCrcFollowsFromTheUnitBeforeAndAfterIt() {
        byte[] a = new byte[4096], b = new byte[1028];
        new java.util.Random(18).nextBytes(a);
        new java.util.Random(19).nextBytes(b);
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        int before = Stm32F7CrcDma.crc(a, 0, a.length), after = Stm32F7CrcDma.crc(ab, 0, ab.length);
        assertThat(Stm32F7CrcDma.crcOfRangeAlone(before, after, b.length)).isEqualTo(Stm32F7CrcDma.crc(b, 0, b.length));
        assertThat(Stm32F7CrcDma.crcOfRangeAlone(Stm32F7CrcDma.CRC_INITIAL, before, a.length)).isEqualTo(before);
    }
}
