package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/** Committed test firmware (under {@code firmware/}, built by its build.sh) and running it on a simulated board. */
public final class FirmwareRuns {

    /** An ELF with its symbols. */
    record Elf(Path file, FirmwareImage image, Map<String, Long> symbols) {
        long symbol(String name) {
            Long a = symbols.get(name);
            if (a == null) {
                throw new AssertionError(file + " has no symbol " + name);
            }
            return a;
        }
    }

    private FirmwareRuns() {
    }

    /** {@code firmware/<dir>/<name>}: from the test class path (Tycho) or the source tree (working directory). */
    static Elf elf(String dir, String name) throws Exception {
        Path file = locate("firmware/" + dir + "/" + name);
        byte[] content = Files.readAllBytes(file);
        return new Elf(file, ElfReader.read(file.toString(), content), ElfReader.symbols(file.toString(), content));
    }

    /** The file {@code firmware/<dir>/<name>}, for tools that read it themselves (gdb). */
    public static Path file(String dir, String name) throws Exception {
        return locate("firmware/" + dir + "/" + name);
    }

    private static Path locate(String relative) throws Exception {
        var url = FirmwareRuns.class.getResource("../" + relative);
        if (url != null && "file".equals(url.getProtocol())) {
            return Path.of(url.toURI());
        }
        String rel = "src/dev/flashbank/integration/tests/" + relative;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : List.of(dir.resolve(rel), dir.resolve("tests/dev.flashbank.integration.tests").resolve(rel))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return fail("firmware " + rel + " not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * Lets board time pass in steps (flash erases take seconds of it) until the core halts - the firmware's BKPT with
     * a debugger attached; fails after {@code limit} of board time, naming the PC.
     */
    static void runUntilHalted(SimulatedBoard board, OpsBench bench, Duration limit) throws TargetException {
        Duration step = Duration.ofMillis(20);
        for (Duration t = Duration.ZERO; !bench.raw.core().isHalted(); t = t.plus(step)) {
            if (t.compareTo(limit) > 0) {
                bench.raw.core().halt();
                fail("the firmware did not reach its BKPT within %s of board time; PC = 0x%08X", limit,
                        bench.raw.core().readCoreRegister(15));
            }
            board.debugBus().elapse(step);
        }
    }
}
