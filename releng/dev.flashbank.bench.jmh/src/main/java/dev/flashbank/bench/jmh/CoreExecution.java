package dev.flashbank.bench.jmh;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flashbank.cli.bench.BenchPart;
import dev.flashbank.cli.bench.CpuSpeed;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.SampleFirmware;

/**
 * Issue 19: the simulated core's speed, as {@code flashbank bench}'s "Simulated core" section measures it, under JMH.
 * {@link #board}: the family's start-up sample (F7: console-app, 216 MHz, FLASH_ACR.LATENCY = 7, SysTick) running on
 * the bench part's board through {@link PoweredBoard#runFirmware} for 1 ms of board time per invocation (slices, bus
 * decode, wait states); {@link #isa}: the running sample on a bare core over flat memory. The "instructions" counter
 * is simulated instructions per second (throughput mode; the goal is &gt;= 50 M/s on the board, per second of the
 * benchmark thread, which JMH measures in wall time).
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreExecution {

    /** Simulated instructions executed, reported per second of the benchmark. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Instructions {
        public long instructions;

        @Setup(Level.Iteration)
        public void clear() {
            instructions = 0;
        }
    }

    @State(Scope.Benchmark)
    public static class Board {
        PoweredBoard board;

        @Setup
        public void setup() throws Exception {
            BenchPart part = BenchPart.byDefault();
            board = (PoweredBoard) part.board();
            SampleFirmware samples = board.family().samples().orElseThrow();
            CpuSpeed.prepare(board, samples.startUp().orElse(samples.running()));
        }
    }

    @State(Scope.Benchmark)
    public static class Bare {
        CpuSpeed.BareCore core;

        @Setup
        public void setup() throws Exception {
            BenchPart part = BenchPart.byDefault();
            var b = part.board();
            core = CpuSpeed.bareCore(b, b.family().samples().orElseThrow().running());
        }
    }

    private static final Duration BOARD_SLICE = Duration.ofMillis(1);
    private static final long ISA_CYCLES = 200_000;

    @Benchmark
    public FirmwareRun board(Board in, Instructions n) {
        long i0 = in.board.cpu().instructions();
        FirmwareRun r = in.board.runFirmware(BOARD_SLICE, OptionalLong.empty());
        n.instructions += in.board.cpu().instructions() - i0;
        return r;
    }

    @Benchmark
    public long isa(Bare in, Instructions n) {
        long executed = in.core.run(ISA_CYCLES);
        n.instructions += executed;
        return executed;
    }
}
