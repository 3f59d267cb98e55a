package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * Part identification through a tiny fake memory bus (addresses from CMSIS cmsis_device_f7 and the ARMv7-M ARM).
 */
class TargetSessionTest {

    /** Byte-addressed fake bus: only preset addresses exist, everything else bus-faults; writes are logged. */
    static final class FakeMemory implements MemoryAccess {
        final Map<Long, Byte> bytes = new HashMap<>();
        final List<String> writes = new ArrayList<>();

        FakeMemory word(long address, int value) {
            for (int i = 0; i < 4; i++) {
                bytes.put(address + i, (byte) (value >>> (8 * i)));
            }
            return this;
        }

        FakeMemory half(long address, int value) {
            bytes.put(address, (byte) value);
            bytes.put(address + 1, (byte) (value >>> 8));
            return this;
        }

        @Override
        public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
            for (int i = 0; i < length; i++) {
                Byte b = bytes.get(address + i);
                if (b == null) {
                    throw new BusFaultException(address + i, "unmapped in fake");
                }
                buffer[offset + i] = b;
            }
        }

        @Override
        public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
            for (int i = 0; i < length; i++) {
                bytes.put(address + i, data[offset + i]);
            }
            writes.add(String.format("0x%08X", address));
        }
    }

    static DebugTarget target(MemoryAccess mem) {
        return new DebugTarget() {
            @Override
            public MemoryAccess memory() {
                return mem;
            }

            @Override
            public CoreControl core() {
                throw new UnsupportedOperationException("not needed for identification");
            }

            @Override
            public int targetVoltageMillivolts() {
                return 3300;
            }

            @Override
            public String describe() {
                return "fake";
            }

            @Override
            public void close() {
            }
        };
    }

    /** A fake STM32F767ZI in dual-bank mode, running with SWP_FB = 1 and the SYSCFG clock off. */
    static FakeMemory f767DualSwapped() {
        return new FakeMemory()
                .word(0xE000_ED00L, 0x411F_C270) // CPUID Cortex-M7 r1p0
                .word(0xE004_2000L, 0x1001_0451) // DBGMCU_IDCODE rev Z, DEV_ID 0x451
                .half(0x1FF0_F442L, 2048) // flash size
                .word(0x1FF0_F420L, 0x0011_2233).word(0x1FF0_F424L, 0x4455_6677).word(0x1FF0_F428L, 0x8899_AABB)
                .half(0x1FF0_F7E0L, 0x0300)
                .word(0x4002_3C14L, 0xDFFF_AAFD) // OPTCR: nDBANK = 0, OPTLOCK = 1
                .word(0x4002_3C18L, 0x2040_2000) // OPTCR1: BOOT_ADD0 0x2000, BOOT_ADD1 0x2040
                .word(0x4002_3844L, 0x0000_0000) // RCC_APB2ENR: SYSCFGEN = 0
                .word(0x4001_3800L, 0x0000_0100); // SYSCFG_MEMRMP: SWP_FB = 1
    }

    @Test
    void identifiesADualBankF767WithSwappedBanks() throws Exception {
        FakeMemory mem = f767DualSwapped();
        TargetSession s = new TargetSession(target(mem), TestFamilies.f7());
        TargetIdentity id = s.identify();
        assertThat(id.descriptor().devId()).isEqualTo(0x451);
        assertThat(id.flashSizeKiB()).isEqualTo(2048);
        assertThat(id.revision()).isEqualTo("Z");
        assertThat(id.cpuPartNo()).isEqualTo(0xC27);
        assertThat(id.uniqueId().hex()).isEqualTo("8899AABB4455667700112233");
        assertThat(id.packageCode()).isEqualTo(0x0300);
        assertThat(id.bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(id.swpFb()).isTrue();
        assertThat(id.memBoot()).isFalse();
        assertThat(id.options().rdp()).isEqualTo(0xAA);
        assertThat(((OptionBytes) id.options()).bootAddress1()).isEqualTo(0x0810_0000L);
        assertThat(id.geometry().sectors()).hasSize(24);
        assertThat(id.summary()).contains("rev Z", "Cortex-M7", "dual bank", "SWP_FB=1", "(2 MiB)");
        assertThat(s.identity()).isSameAs(id);
        // SYSCFG clock was switched on for the read and restored afterwards
        assertThat(mem.writes).containsExactly("0x40023844", "0x40023844");
        assertThat(mem.bytes.get(0x4002_3845L)).isEqualTo((byte) 0);
    }

    @Test
    void leavesAnEnabledSyscfgClockAlone() throws Exception {
        FakeMemory mem = f767DualSwapped().word(0x4002_3844L, 1 << 14);
        assertThat(new TargetSession(target(mem), TestFamilies.f7()).identify().swpFb()).isTrue();
        assertThat(mem.writes).isEmpty();
    }

    @Test
    void identifiesAnF730ValueLinePartWithPcrop() throws Exception {
        FakeMemory mem = new FakeMemory().word(0xE000_ED00L, 0x410F_C271).word(0xE004_2000L, 0x1000_0452)
                .half(0x1FF0_7A22L, 64) // F72x flash-size register is at 0x1FF0_7A22 (OpenOCD src/flash/nor/stm32f2x.c)
                .word(0x1FF0_7A10L, 1).word(0x1FF0_7A14L, 2).word(0x1FF0_7A18L, 3).half(0x1FF0_7BF0L, 0)
                .word(0x4002_3C14L, 0xC0FF_55FD).word(0x4002_3C18L, 0x0040_0080).word(0x4002_3C1CL, 0x8000_0003)
                .word(0x4002_3844L, 0).word(0x4001_3800L, 0x0000_0001);
        TargetIdentity id = new TargetSession(target(mem), TestFamilies.f7()).identify();
        assertThat(id.device().name()).isEqualTo("STM32F730 (64 KiB)");
        assertThat(id.revision()).isEqualTo("A");
        assertThat(((OptionBytes) id.options()).line()).isEqualTo(Stm32F7Line.F72X_F73X);
        assertThat(id.options().rdp()).isEqualTo(0x55);
        assertThat(((OptionBytes) id.options()).isPcropProtected(1)).isTrue();
        assertThat(((OptionBytes) id.options()).pcropRdp()).isTrue();
        assertThat(id.swpFb()).isFalse();
        assertThat(id.memBoot()).isTrue();
        assertThat(id.geometry().sectors()).hasSize(4);
    }

    @Test
    void unknownDevIdIsATypedErrorWithTheId() {
        FakeMemory mem = new FakeMemory().word(0xE000_ED00L, 0x410F_C241).word(0xE004_2000L, 0x1007_6413);
        assertThatThrownBy(() -> new TargetSession(target(mem), TestFamilies.f7()).identify()).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("DEV_ID = 0x413").hasMessageContaining("Cortex-M4")
                .hasMessageContaining("0x451 STM32F76x/F77x")
                .satisfies(e -> assertThat(((UnknownDeviceException) e).devId()).isEqualTo(0x413));
        FakeMemory zero = new FakeMemory().word(0xE000_ED00L, 0x410F_C271).word(0xE004_2000L, 0);
        assertThatThrownBy(() -> new TargetSession(target(zero), TestFamilies.f7()).identify()).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("held in reset");
    }

    @Test
    void inconsistentPartsAreRefused() {
        FakeMemory wrongCore = f767DualSwapped().word(0xE000_ED00L, 0x410F_C241);
        assertThatThrownBy(() -> new TargetSession(target(wrongCore), TestFamilies.f7()).identify())
                .isInstanceOf(UnknownDeviceException.class).hasMessageContaining("CPUID.PARTNO is 0xC24");
        FakeMemory oddSize = f767DualSwapped().half(0x1FF0_F442L, 768);
        assertThatThrownBy(() -> new TargetSession(target(oddSize), TestFamilies.f7()).identify())
                .isInstanceOf(UnknownDeviceException.class).hasMessageContaining("768 KiB");
    }

    @Test
    void transportFailuresPropagateTyped() {
        FakeMemory noOptions = f767DualSwapped();
        noOptions.bytes.remove(0x4002_3C14L);
        assertThatThrownBy(() -> new TargetSession(target(noOptions), TestFamilies.f7()).identify()).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("0x40023C14");
    }
}
