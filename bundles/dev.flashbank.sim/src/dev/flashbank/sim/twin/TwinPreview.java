package dev.flashbank.sim.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Previews an option-byte write on a simulated twin (issue 7): builds a board of the same part with the same option
 * bytes, BOOT0 level and (when known) flash contents, applies the write through the real flash driver (RDP level 2
 * included: the twin is disposable), resets it as the firmware or tool would (SYSRESETREQ; options latch at reset, the
 * boot-address options are sampled then) and observes the boot decision, erased cells, debug access and bank layout.
 * The source board is never touched. The twin is built by the source's simulated family and written through that part's
 * own flash driver (from the installed {@link Families}), so it works for every family whose board shows its option
 * image ({@link BenchBoard#optionImageInForce()}).
 */
public final class TwinPreview {

    private TwinPreview() {
    }

    public static TwinReport preview(TwinSource source, OptionImage requested, Families families)
            throws BoardConfigurationException {
        BenchBoard twin = build(source);
        BoardSnapshot before = twin.snapshot();
        FlashGeometry geometryBefore = twin.geometry();
        BootReport bootBefore = twin.lastBootReport();
        OptionImage optionsBefore = inForce(twin);
        Optional<String> problem = Optional.empty();
        boolean massErased = false;
        try {
            SimulatedProbe probe = SimulatedProbe.connect(twin);
            FlashDriver driver = families.openDriver(probe, new IdentifiedDevice(twin.descriptor(), twin.flashSizeKiB()),
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
        OptionImage latched = inForce(twin);
        FlashGeometry geometryAfter = twin.geometry();
        BoardSnapshot afterState = twin.snapshot();
        // the same options with the other BOOT0 level: which image BOOT_ADD0 resp. BOOT_ADD1 would start
        twin.setBoot0(!twin.boot0());
        twin.reset(ResetKind.SYSTEM);
        BootReport otherPin = twin.lastBootReport();
        List<Sector> erased = new ArrayList<>();
        long erasedBytes = erasedSectors(twin, geometryBefore, before, afterState, erased);
        return new TwinReport(twin.partName(), source.contents().isPresent(), source.contentsNote(), optionsBefore,
                latched, bootBefore, bootAfter, otherPin, erased, erasedBytes, massErased, canConnect, canRead,
                geometryBefore, geometryAfter, problem);
    }

    /**
     * The twin: a simulated source's state as it is (cells, OTP, option area - its stored options - and BOOT0), a real
     * part as its family makes it with the part's options and erased flash.
     */
    private static BenchBoard build(TwinSource source) throws BoardConfigurationException {
        if (source.contents().isPresent()) {
            return source.family().restore(source.contents().get(), BoardOptions.defaults());
        }
        return source.family().create(source.orderCode(),
                BoardOptions.defaults().withOptionBytes(source.options()).withBoot0(source.boot0()));
    }

    private static OptionImage inForce(BenchBoard twin) throws BoardConfigurationException {
        return twin.optionImageInForce().orElseThrow(() -> new BoardConfigurationException("the "
                + twin.family().id() + " simulator does not show its option image to a twin", false));
    }

    /** A debugger read of the first flash word: faults under RDP level 1 (no flash access for a debugger). */
    private static boolean canReadFlash(SimulatedProbe probe, BenchBoard twin) {
        try {
            probe.memory().read32(twin.geometry().windowRange(twin.geometry().linkWindow()).start());
            return true;
        } catch (TargetException e) {
            return false;
        }
    }

    /**
     * Bytes that were programmed (not 0xFF) before and are erased after, attributed to the sectors of the layout
     * before the change. Physical cells per sector follow the boards' mapping (dual bank = one array per bank, single
     * bank = arrays one after the other).
     */
    private static long erasedSectors(BenchBoard twin, FlashGeometry g, BoardSnapshot before, BoardSnapshot after,
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
