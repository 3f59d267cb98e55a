package dev.flashbank.bench.jmh;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flashbank.cli.bench.BenchPart;
import dev.flashbank.cli.bench.BenchSuite;
import dev.flashbank.cli.bench.SyntheticImages;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.BankDiff;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.DebugBus;

/**
 * Issue 11 host targets, as JMH sample-time benchmarks (the acceptance figures are medians): parsing a 2 MiB image
 * (Intel HEX &lt; 150 ms; ELF and S-record for comparison), diffing two 1 MiB banks (&lt; 20 ms), simulator bus
 * accesses (&gt;= 5 M/s, i.e. &lt;= 200 ns per access). Inputs are the same synthetic images {@code flashbank bench}
 * uses.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HostHotPaths {

    /** Where bank 1 of the bench's part starts: the images parsed and compared are linked there. */
    static final long BANK1 = bank1();

    private static long bank1() {
        try {
            return BenchPart.byDefault().bankAddress(1);
        } catch (BenchPart.Refused e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @State(Scope.Benchmark)
    public static class Images {
        @Param({ "INTEL_HEX", "SREC", "ELF" })
        public String format;

        byte[] file;
        ImageFormat fmt;

        @Setup
        public void setup() {
            byte[] payload = SyntheticImages.firmware(BANK1, BenchSuite.PARSE_BYTES, 0x5EED);
            fmt = ImageFormat.valueOf(format);
            file = fmt == ImageFormat.ELF ? SyntheticImages.elf(BANK1, payload)
                    : ImageWriter.toBytes(SyntheticImages.image("jmh", BANK1, payload), fmt, "jmh");
        }
    }

    @State(Scope.Benchmark)
    public static class Banks {
        byte[] a;
        byte[] b;

        @Setup
        public void setup() {
            a = SyntheticImages.firmware(BANK1, BenchSuite.DIFF_BYTES, 1);
            b = SyntheticImages.changed(a, 0x60000, 0x60000 + 4096, 2);
        }
    }

    @State(Scope.Benchmark)
    public static class Board {
        DebugBus bus;
        long base;

        @Setup
        public void setup() throws Exception {
            bus = BenchPart.byDefault().board().debugBus();
            base = SyntheticImages.INITIAL_SP - 0x1_0000;
        }
    }

    /** Accesses per invocation of {@link #simulatorBusAccess}. */
    static final int ACCESSES = 4096;

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public FirmwareImage parse2MiB(Images in) throws Exception {
        return ImageReader.read("jmh." + in.fmt.name().toLowerCase(java.util.Locale.ROOT), in.file,
                Optional.of(in.fmt), OptionalLong.empty());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<AddressRange> bankDiff2x1MiB(Banks in) {
        return BankDiff.ranges(BANK1, in.a, in.b, 16);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(ACCESSES)
    public long simulatorBusAccess(Board in) {
        long sum = 0;
        for (int i = 0; i < ACCESSES; i += 2) {
            long addr = in.base + ((i & 0x3FFF) << 2);
            in.bus.write(addr, AccessWidth.WORD, i);
            sum += in.bus.read(addr, AccessWidth.WORD).hashCode();
        }
        return sum;
    }
}
