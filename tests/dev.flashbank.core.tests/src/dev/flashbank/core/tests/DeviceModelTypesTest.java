package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;

/** The generic value types refuse inconsistent models instead of silently accepting them. */
class DeviceModelTypesTest {

    private static final List<FlashWindow> WINDOWS = List.of(FlashWindow.of("AXIM", 0x0800_0000L));

    @Test
    void fieldBounds() {
        assertThatThrownBy(() -> new Field("X", 30, 3, Access.READ_WRITE, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Field("X", 0, 0, Access.READ_WRITE, "")).isInstanceOf(IllegalArgumentException.class);
        Field top = new Field("T", 28, 4, Access.READ_WRITE, "");
        assertThat(top.mask()).isEqualTo(0xF000_0000);
        assertThat(top.extract(0xA000_0000)).isEqualTo(0xA);
        assertThat(top.insert(0x0000_0001, 0xF)).isEqualTo(0xF000_0001);
        assertThat(top.msb()).isEqualTo(31);
    }

    @Test
    void registersRejectOverlappingFieldsAndLookUpByName() {
        assertThatThrownBy(() -> new Register("R", 0x10, 0x10, 0, Access.READ_WRITE,
                List.of(new Field("A", 0, 4, Access.READ_WRITE, ""), new Field("B", 3, 2, Access.READ_WRITE, "")), "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
        RegisterBlock b = RegisterBlock.builder("P", 0x4000_0000L)
                .register("R", 0x8, 0x5, Access.READ_WRITE, "", "",
                        List.of(Field.bit("HI", 31, Access.READ_WRITE, ""), Field.bit("LO", 0, Access.READ_WRITE, "")))
                .build();
        Register r = b.register("R");
        assertThat(r.address()).isEqualTo(0x4000_0008L);
        assertThat(r.fields()).extracting(Field::name).containsExactly("LO", "HI");
        assertThat(r.definedBits()).isEqualTo(0x8000_0001);
        assertThat(b.registerAt(0x4000_0008L)).contains(r);
        assertThatThrownBy(() -> b.register("Q")).isInstanceOf(UnknownModelElementException.class);
        assertThatThrownBy(() -> r.field("MID")).isInstanceOf(UnknownModelElementException.class)
                .hasMessageContaining("MID");
    }

    @Test
    void banksMustBeContiguousAndGeometriesConsistent() {
        Sector s0 = new Sector(1, 0, 0, 0, 0x4000);
        Sector gap = new Sector(1, 1, 1, 0x8000, 0x4000);
        assertThatThrownBy(() -> new Bank(1, 0x8000, List.of(s0, gap))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bank(1, 0x8000, List.of(s0))).isInstanceOf(IllegalArgumentException.class);
        Bank b1 = new Bank(1, 0x4000, List.of(s0));
        Bank b2 = new Bank(2, 0x8000, List.of(new Sector(2, 12, 0x10, 0, 0x8000)));
        assertThatThrownBy(() -> new FlashGeometry(BankMode.DUAL, List.of(b1, b2), WINDOWS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal size");
        assertThatThrownBy(() -> new FlashGeometry(BankMode.SINGLE, List.of(b1, b2), WINDOWS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressRanges() {
        AddressRange r = AddressRange.inclusive(0x0800_0000L, 0x080F_FFFFL);
        assertThat(r.size()).isEqualTo(0x10_0000);
        assertThat(r.contains(0x080F_FFFFL)).isTrue();
        assertThat(r.contains(0x0810_0000L)).isFalse();
        assertThat(r.overlaps(new AddressRange(0x080F_FFFFL, 2))).isTrue();
        assertThat(r.overlaps(new AddressRange(0x0810_0000L, 2))).isFalse();
        assertThat(r.contains(new AddressRange(0x0800_4000L, 0x4000))).isTrue();
        assertThat(r.shift(0x10_0000).toString()).isEqualTo("0x08100000-0x081FFFFF");
        assertThatThrownBy(() -> new AddressRange(0xFFFF_FFFFL, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void riskOrdering() {
        assertThat(RiskClass.SAFE.max(RiskClass.ERASES_FLASH)).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(RiskClass.IRREVERSIBLE.max(RiskClass.NEEDS_RESET)).isEqualTo(RiskClass.IRREVERSIBLE);
    }
}
