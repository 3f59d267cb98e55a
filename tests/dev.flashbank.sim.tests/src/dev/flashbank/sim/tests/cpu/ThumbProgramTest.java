package dev.flashbank.sim.tests.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CoreRegisters;
import dev.flashbank.sim.cpu.CortexMCore;

/**
 * Compiled code end to end: programs/program.c built by arm-none-eabi-gcc -O2 (programs/build.sh; the images are
 * committed) for ARMv6-M - where QEMU's differential corpus does not reach: libgcc's software division and 64-bit
 * helpers, Thumb-1 case tables - and for ARMv7E-M. The core runs the image from reset to its final {@code B .}; every
 * result the program stored must equal the same computation done here in Java.
 */
class ThumbProgramTest {

    private static final int RESULTS = 0x8000;

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "cortex-m0plus, CORTEX_M0_PLUS", "cortex-m7, CORTEX_M7_DP" })
    void compiledProgramComputesWhatJavaComputes(String cpu, CoreProfile profile) throws Exception {
        RamBus bus = new RamBus(0, 0x1_0000);
        byte[] image = image("program-" + cpu + ".bin");
        for (int i = 0; i < image.length; i++) {
            bus.write8(i, image[i]);
        }
        CortexMCore core = new CortexMCore(profile, bus);
        CoreRegisters regs = core.registers();
        regs.setR(13, bus.read32(0));
        regs.setXpsr(1 << 24);
        regs.setPc(bus.read32(4) & ~1);
        long steps = 0;
        int pc;
        do {
            pc = regs.pc();
            core.step();
            steps++;
        } while (regs.pc() != pc && steps < 5_000_000);
        assertThat(regs.ipsr()).as("ended in thread mode, not in the fault handler (PC 0x%08X)", pc).isZero();
        int[] expected = expectedResults();
        int[] actual = new int[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = bus.read32(RESULTS + 4 * i);
        }
        assertThat(actual).as("results[] after %d instructions", steps).containsExactly(expected);
    }

    /** program.c's main, in Java. */
    private static int[] expectedResults() {
        int[] r = new int[16];
        Xorshift rng = new Xorshift();
        CRC32 crc = new CRC32();
        for (int i = 0; i < 256; i++) {
            crc.update(i);
        }
        r[0] = (int) crc.getValue();

        int udiv = 0, umod = 0, sdiv = 0, smod = 0;
        for (int i = 0; i < 64; i++) {
            int a = rng.next();
            int b = (rng.next() >>> (i & 31)) | 1;
            udiv += Integer.divideUnsigned(a, b);
            umod += Integer.remainderUnsigned(a, b);
            sdiv += a / b;
            smod += a % b;
        }
        r[1] = udiv;
        r[2] = umod;
        r[3] = sdiv;
        r[4] = smod;

        long prod = 1, quot = 0;
        for (int i = 0; i < 16; i++) {
            long a = (rng.next() & 0xFFFF_FFFFL) << 32;
            a |= rng.next() & 0xFFFF_FFFFL;
            long b = ((rng.next() >>> (i + 1)) | 1) & 0xFFFF_FFFFL;
            prod = prod * a + b;
            quot += Long.divideUnsigned(a, b) + Long.remainderUnsigned(a, b);
        }
        r[5] = (int) prod;
        r[6] = (int) (prod >>> 32);
        r[7] = (int) quot;
        r[8] = (int) (quot >>> 32);

        int[] cases = { 11, 23, 5, 97, 2, 64, 7, 13, 41, 3, 88 };
        int cls = 0;
        for (int i = 0; i < 40; i++) {
            int x = rng.next() & 15;
            cls = cls * 3 + (x < cases.length ? cases[x] : -1);
        }
        r[9] = cls;

        int[] values = new int[24];
        for (int i = 0; i < 24; i++) {
            values[i] = rng.next() >> (i & 7);
        }
        java.util.Arrays.sort(values);
        int sorted = 0;
        for (int v : values) {
            sorted = sorted * 31 + v;
        }
        r[10] = sorted;

        int[][] blocks = new int[4][5];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 5; k++) {
                blocks[(i + 1) & 3][k] = rng.next();
            }
        }
        r[11] = blocks[2][0] ^ blocks[2][1] ^ blocks[2][2] ^ blocks[2][3] ^ blocks[2][4];

        int acc = 0;
        for (int i = 0; i < 10; i++) {
            int v = rng.next();
            acc = (i & 1) == 0 ? acc + v : acc - v;
        }
        r[12] = acc;

        long s64 = 0;
        for (int i = 0; i < 8; i++) {
            long a = rng.next();
            long b = rng.next();
            s64 += a * b;
            s64 >>= 1;
        }
        r[13] = (int) s64;
        r[14] = (int) (s64 >>> 32);
        r[15] = 0xD0D0_D0D0;
        return r;
    }

    /** program.c's next(): xorshift32 from 0x12345678. */
    private static final class Xorshift {
        private int state = 0x1234_5678;

        int next() {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            return state;
        }
    }

    /** programs/ next to this class: from the test class path (Tycho, quick loop) or the source tree. */
    private static byte[] image(String name) throws Exception {
        try (InputStream in = ThumbProgramTest.class.getResourceAsStream("programs/" + name)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        String rel = "src/dev/flashbank/sim/tests/cpu/programs/" + name;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : new Path[] { dir.resolve(rel), dir.resolve("tests/dev.flashbank.sim.tests").resolve(rel) }) {
                if (Files.isRegularFile(p)) {
                    return Files.readAllBytes(p);
                }
            }
        }
        return fail("program image " + rel + " not found");
    }
}
