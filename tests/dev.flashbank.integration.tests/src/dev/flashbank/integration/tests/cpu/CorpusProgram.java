package dev.flashbank.integration.tests.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.sim.cpu.CoreProfile;

/**
 * One committed corpus ELF ({@code corpus/<name>-m7.elf} or {@code -m4.elf}, built by corpus/build.sh) with the
 * QEMU machine and the simulated core profile it runs on: Cortex-M7 with FPv5-D16 on mps2-an500, Cortex-M4 with
 * FPv4-SP on mps2-an386.
 */
record CorpusProgram(String name, String machine, CoreProfile profile, Path elf, FirmwareImage image, int done,
        int ramStart, int ramLength, boolean floatingPoint) {

    enum Core {
        M7("mps2-an500", CoreProfile.CORTEX_M7_DP), M4("mps2-an386", CoreProfile.CORTEX_M4F);

        final String machine;
        final CoreProfile profile;

        Core(String machine, CoreProfile profile) {
            this.machine = machine;
            this.profile = profile;
        }
    }

    /** The data RAM the corpus links (link.ld: RAM 64K at 0x2000_0000), compared at the end of every run. */
    static final int RAM = 0x2000_0000, RAM_LENGTH = 64 << 10;

    static CorpusProgram load(String program, Core core, boolean floatingPoint) throws Exception {
        String file = program + "-" + core.name().toLowerCase(java.util.Locale.ROOT) + ".elf";
        Path elf = corpusFile(file);
        byte[] content = Files.readAllBytes(elf);
        FirmwareImage image = ElfReader.read(elf.toString(), content);
        Map<String, Long> symbols = ElfReader.symbols(elf.toString(), content);
        Long done = symbols.get("done");
        if (done == null) {
            fail(file + " has no symbol 'done' (crt0.S)");
        }
        return new CorpusProgram(file, core.machine, core.profile, elf, image, (int) (long) done & ~1, RAM,
                RAM_LENGTH, floatingPoint);
    }

    /** The objdump line of the instruction at {@code address} (the toolchain CI installs), for a divergence report. */
    String disassembly(int address) {
        try {
            Process p = new ProcessBuilder("arm-none-eabi-objdump", "-d", "--start-address=0x"
                    + Integer.toHexString(address), "--stop-address=0x" + Integer.toHexString(address + 4),
                    elf.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String prefix = Integer.toHexString(address) + ":";
            return out.lines().map(String::trim).filter(l -> l.startsWith(prefix)).findFirst()
                    .orElse("(objdump has no line for " + prefix + ")");
        } catch (IOException | InterruptedException e) {
            return "(arm-none-eabi-objdump not available: " + e.getMessage() + ")";
        }
    }

    /** A file of corpus/ next to this class: from the test class path (Tycho) or the source tree (working directory). */
    static Path corpusFile(String name) throws Exception {
        var url = CorpusProgram.class.getResource("corpus/" + name);
        if (url != null && "file".equals(url.getProtocol())) {
            return Path.of(url.toURI());
        }
        String rel = "src/dev/flashbank/integration/tests/cpu/corpus/" + name;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : List.of(dir.resolve(rel), dir.resolve("tests/dev.flashbank.integration.tests").resolve(rel))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return fail("corpus file " + rel + " not found from " + Path.of("").toAbsolutePath());
    }
}
