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
 * One committed corpus ELF ({@code corpus/<name>-m7.elf}, {@code -m4.elf} or {@code -m0p.elf}, built by
 * corpus/build.sh) with the QEMU machine and the simulated core profile it runs on: Cortex-M7 with FPv5-D16 on
 * mps2-an500, Cortex-M4 with FPv4-SP on mps2-an386, and ARMv6-M - the simulated Cortex-M0+ (STM32G0) against
 * QEMU's microbit, whose core is a Cortex-M0. Both are ARMv6-M with the same instruction set and exception model;
 * what only the M0+ may have (VTOR, MPU, unprivileged execution, the MTB) the corpus does not use.
 */
record CorpusProgram(String name, Core core, String machine, CoreProfile profile, Path elf, FirmwareImage image,
        int done, int ramStart, int ramLength, boolean floatingPoint) {

    enum Core {
        /** MPS2: 4 MiB SSRAM windows; the corpus links 64 KiB of data RAM (link.ld). */
        M7("mps2-an500", CoreProfile.CORTEX_M7_DP, 4 << 20, 4 << 20, 64 << 10),
        M4("mps2-an386", CoreProfile.CORTEX_M4F, 4 << 20, 4 << 20, 64 << 10),
        /** nRF51822: 256 KiB flash, 16 KiB SRAM, all of it linked (link-m0p.ld). */
        M0P("microbit", CoreProfile.CORTEX_M0_PLUS, 256 << 10, 16 << 10, 16 << 10);

        final String machine;
        final CoreProfile profile;
        /** The board's code window at 0 and data window at 0x2000_0000 ({@link CorpusMemory}). */
        final int codeSize, dataSize;
        /** The data RAM the corpus links at 0x2000_0000, compared at the end of every run. */
        final int ramLength;

        Core(String machine, CoreProfile profile, int codeSize, int dataSize, int ramLength) {
            this.machine = machine;
            this.profile = profile;
            this.codeSize = codeSize;
            this.dataSize = dataSize;
            this.ramLength = ramLength;
        }
    }

    static final int RAM = CorpusMemory.DATA;

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
        return new CorpusProgram(file, core, core.machine, core.profile, elf, image, (int) (long) done & ~1, RAM,
                core.ramLength, floatingPoint);
    }

    /** The simulated bus for this program: the board's windows with the ELF loaded. */
    CorpusMemory memory() {
        return new CorpusMemory(image, core.codeSize, core.dataSize);
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
