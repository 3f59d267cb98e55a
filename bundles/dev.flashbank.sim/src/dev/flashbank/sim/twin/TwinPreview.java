package dev.flashbank.sim.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.OptionWriteResult;
import dev.flashbank.core.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Previews an option-byte write on a simulated twin (issue 7): builds a board of the same part with the same option
 * bytes, BOOT0 level and (when known) flash contents, applies the write through the real flash driver (RDP level 2
 * included: the twin is disposable), resets it as the firmware or tool would (SYSRESETREQ; options latch at reset,
 * §6.1) and observes the boot decision, erased cells, debug access and bank layout. The source board is never
 * touched.
 */
public final class TwinPreview {

    private TwinPreview() {
    }

    public static TwinReport preview(TwinSource source, OptionBytes requested) throws BoardConfigurationException {
        SimulatedBoard twin = build(source);
        BoardSnapshot before = twin.snapshot();
        FlashGeometry geometryBefore = twin.geometry();
        BootReport bootBefore = twin.lastBootReport();
        OptionBytes optionsBefore = twin.latchedOptions();
        Optional<String> problem = Optional.empty();
        boolean massErased = false;
        try {
            SimulatedProbe probe = SimulatedProbe.connect(twin);
            Stm32F7FlashDriver driver = new Stm32F7FlashDriver(probe, twin.descriptor(), twin.flashSizeKiB(),
                    new SimulatorPollClock(probe), FlashDriverSettings.defaults());
            OptionWriteResult w = driver.writeOptionsIrreversibly(requested, FlashProgress.NONE);
            massErased = w.rdpRegression();
            probe.close();
        } catch (TargetException e) {
            problem = Optional.of(e.getMessage());
        }
        twin.reset(ResetKind.SYSTEM);
        boolean canConnect;
        boolean canRead;
        try {
            SimulatedProbe after = SimulatedProbe.connect(twin);
            canConnect = true;
            canRead = canReadFlash(after, twin);
            after.close();
        } catch (TargetException e) {
            canConnect = false;
            canRead = false;
        }
        BootReport bootAfter = twin.lastBootReport();
        OptionBytes latched = twin.latchedOptions();
        FlashGeometry geometryAfter = twin.geometry();
        BoardSnapshot afterState = twin.snapshot();
        // the same options with the other BOOT0 level: which image BOOT_ADD0 resp. BOOT_ADD1 would start (§1.6)
        twin.setBoot0(!twin.boot0());
        twin.reset(ResetKind.SYSTEM);
        BootReport otherPin = twin.lastBootReport();
        List<Sector> erased = new ArrayList<>();
        long erasedBytes = erasedSectors(twin, geometryBefore, before, afterState, erased);
        return new TwinReport(twin.partName(), source.contents().isPresent(), source.contentsNote(), optionsBefore,
                latched, bootBefore, bootAfter, otherPin, erased, erasedBytes, massErased, canConnect, canRead,
                geometryBefore, geometryAfter, problem);
    }

    private static SimulatedBoard build(TwinSource source) throws BoardConfigurationException {
        BoardOptions o = BoardOptions.defaults().withOptionBytes(source.options()).withBoot0(source.boot0());
        if (source.contents().isEmpty()) {
            return SimulatedBoards.create(source.orderCode(), o);
        }
        BoardSnapshot s = source.contents().get();
        SimulatedBoard shape = SimulatedBoards.create(source.orderCode(), o);
        // same cells and OTP as the source, but the option words of the options we were given (what OPTCR reads now)
        BoardSnapshot withOptions = new BoardSnapshot(s.partName(), s.flashSizeKiB(), s.flashBanks(), s.otp(),
                shape.snapshot().optionWords(), source.boot0(), s.voltageMillivolts(), s.uniqueId(), s.serial());
        return SimulatedBoards.restore(withOptions, o);
    }

    /** A debugger read of the first flash word: faults under RDP level 1 (§1.11). */
    private static boolean canReadFlash(SimulatedProbe probe, SimulatedBoard twin) {
        try {
            probe.memory().read32(twin.geometry().windowRange(twin.geometry().linkWindow()).start());
            return true;
        } catch (TargetException e) {
            return false;
        }
    }

    /**
     * Bytes that were programmed (not 0xFF) before and are erased after, attributed to the sectors of the layout
     * before the change. Physical cells per sector follow the simulator's mapping ({@link SimulatedBoard}: dual bank =
     * one array per bank, single bank = arrays one after the other).
     */
    private static long erasedSectors(SimulatedBoard twin, FlashGeometry g, BoardSnapshot before, BoardSnapshot after,
            List<Sector> out) {
        int arrays = twin.physicalArrays();
        long arraySize = twin.flashSizeKiB() * 1024L / arrays;
        long total = 0;
        for (Sector s : g.sectors()) {
            long linear = g.bankCount() == 2 ? (s.bank() - 1) * arraySize + s.offset() : s.offset();
            int array = (int) (linear / arraySize) + 1;
            int off = (int) (linear % arraySize);
            byte[] a = before.flashBanks().get(array - 1);
            byte[] b = after.flashBanks().get(array - 1);
            long n = 0;
            for (int i = off; i < off + s.size(); i++) {
                if (a[i] != (byte) 0xFF && b[i] == (byte) 0xFF) {
                    n++;
                }
            }
            if (n > 0) {
                out.add(s);
                total += n;
            }
        }
        return total;
    }
}
