package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdFormatException;
import dev.flashbank.core.svd.SvdPeripheral;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdRegister;

/**
 * The SVD reader on ST's real F7 files and on small inline documents for the forms ST does not use. The real files
 * are ../shared/svd/*.svd where that folder exists, otherwise the committed excerpts svd/*-excerpt.svd of this test
 * bundle (ST's XML, Apache-2.0, cut to the peripherals these tests read), so the tests run on every clone.
 */
class SvdReaderTest {

    /** ST's full file when ../shared/svd is present, else the committed excerpt of it. */
    static SvdDevice real(String file) throws Exception {
        return full(file).isPresent() ? SvdConsistencyTest.svd(file) : SvdReader.read(excerpt(file));
    }

    private static Optional<Path> full(String file) {
        return SourceTree.sharedIfPresent().map(s -> s.resolve("svd").resolve(file)).filter(Files::exists);
    }

    private static Path excerpt(String file) {
        return SvdConsistencyTest.table(file).resolveSibling(file.replace(".svd", "-excerpt.svd"));
    }

    private static SvdDevice parse(String xml) throws Exception {
        return SvdReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "inline");
    }

    @Test
    void readsTheRealF767File() throws Exception {
        SvdDevice d = real("STM32F767.svd");
        assertThat(d.name()).isEqualTo("STM32F767");
        assertThat(d.cpuName()).isEqualTo("CM7");
        assertThat(d.cpuRevision()).isEqualTo("r0p1");
        // the excerpt keeps Flash, SYSCFG and DBGMCU; the full file has them all
        assertThat(d.peripherals()).hasSizeGreaterThan(full("STM32F767.svd").isPresent() ? 80 : 2);
        SvdPeripheral flash = d.peripheralIgnoreCase("FLASH").orElseThrow();
        assertThat(flash.name()).isEqualTo("Flash");
        assertThat(flash.baseAddress()).isEqualTo(0x4002_3C00L);
        SvdRegister cr = flash.register("CR").orElseThrow();
        assertThat(cr.addressOffset()).isEqualTo(0x10);
        assertThat(cr.resetValue()).isEqualTo(0x8000_0000L);
        assertThat(cr.field("SNB").orElseThrow().lsb()).isEqualTo(3);
        assertThat(cr.field("SNB").orElseThrow().width()).isEqualTo(5);
        assertThat(cr.field("LOCK").orElseThrow().msb()).isEqualTo(31);
        SvdRegister sr = flash.register("SR").orElseThrow();
        assertThat(sr.field("BSY").orElseThrow().access()).isEqualTo("read-only");
        assertThat(flash.register("KEYR").orElseThrow().access()).isEqualTo("write-only");
        // descriptions spanning several lines are normalised
        assertThat(flash.register("OPTCR").orElseThrow().description()).doesNotContain("\n").isNotBlank();
    }

    @Test
    void derivedPeripheralsShareTheBaseRegisters() throws Exception {
        SvdDevice d = real("STM32F746.svd");
        SvdPeripheral gpioc = d.peripheral("GPIOC").orElseThrow();
        SvdPeripheral gpiod = d.peripheral("GPIOD").orElseThrow();
        assertThat(gpioc.derivedFrom()).isEqualTo("GPIOD");
        assertThat(gpioc.baseAddress()).isEqualTo(0x4002_0800L);
        assertThat(gpioc.registers()).isEqualTo(gpiod.registers()).isNotEmpty();
        assertThat(d.peripheralAt(0x4002_0800L)).isEmpty(); // lookups by address skip derived peripherals
        assertThat(d.peripheralAt(0x4002_0C00L)).contains(gpiod);
    }

    @Test
    void readsAllThreeFiles() throws Exception {
        for (String f : new String[] { "STM32F722.svd", "STM32F746.svd", "STM32F767.svd" }) {
            SvdDevice d = real(f);
            assertThat(d.name()).isEqualTo(f.replace(".svd", ""));
            assertThat(d.peripheralIgnoreCase("SYSCFG").orElseThrow().baseAddress()).isEqualTo(0x4001_3800L);
            assertThat(d.peripheralAt(0xE004_2000L)).isPresent();
        }
    }

    /** Each committed excerpt reads exactly like the same peripherals of ST's full file (where it is present). */
    @Test
    void excerptsAreCutsOfStsFiles() throws Exception {
        for (String f : new String[] { "STM32F722.svd", "STM32F746.svd", "STM32F767.svd" }) {
            SvdDevice cut = SvdReader.read(excerpt(f));
            assertThat(cut.name()).isEqualTo(f.replace(".svd", ""));
            assertThat(cut.peripherals()).hasSizeBetween(3, 5);
            if (full(f).isEmpty()) {
                System.out.println(f + ": ../shared/svd absent - excerpt read on its own");
                continue;
            }
            SvdDevice all = SvdConsistencyTest.svd(f);
            assertThat(cut.cpuRevision()).isEqualTo(all.cpuRevision());
            for (SvdPeripheral p : cut.peripherals()) {
                assertThat(p).as(f + " " + p.name()).isEqualTo(all.peripheral(p.name()).orElseThrow());
            }
        }
    }

    private static final String HEADER = "<?xml version='1.0'?><device><name>T</name><size>16</size>"
            + "<resetValue>0x1234</resetValue><peripherals>";

    @Test
    void fieldFormsInheritanceAndNumbers() throws Exception {
        SvdDevice d = parse(HEADER
                + "<peripheral><name>A</name><baseAddress>0x40000000</baseAddress><size>32</size><registers>"
                + "<register><name>R0</name><addressOffset>0x4</addressOffset><fields>"
                + "<field><name>F1</name><bitOffset>3</bitOffset><bitWidth>2</bitWidth></field>"
                + "<field><name>F2</name><lsb>8</lsb><msb>15</msb></field>"
                + "<field><name>F3</name><bitRange>[31:24]</bitRange><access>read-only</access></field>"
                + "<field><name>F4</name><bitOffset>16</bitOffset></field>"
                + "</fields></register>"
                + "<register derivedFrom='R0'><name>R1</name><addressOffset>#1000</addressOffset>"
                + "<resetValue>0xFFFFFFFF</resetValue></register>"
                + "<register><name>R2</name><addressOffset>1k</addressOffset><size>8</size></register>"
                + "</registers></peripheral>"
                + "<peripheral derivedFrom='A'><name>B</name><baseAddress>1073745920</baseAddress></peripheral>"
                + "</peripherals></device>");
        SvdPeripheral a = d.peripheral("A").orElseThrow();
        SvdRegister r0 = a.register("R0").orElseThrow();
        assertThat(r0.size()).isEqualTo(32); // peripheral overrides device size
        assertThat(r0.resetValue()).isEqualTo(0x1234); // inherited from device
        assertThat(r0.field("F1").orElseThrow().lsb()).isEqualTo(3);
        assertThat(r0.field("F1").orElseThrow().width()).isEqualTo(2);
        assertThat(r0.field("F2").orElseThrow().width()).isEqualTo(8);
        assertThat(r0.field("F3").orElseThrow().lsb()).isEqualTo(24);
        assertThat(r0.field("F3").orElseThrow().width()).isEqualTo(8);
        assertThat(r0.field("F3").orElseThrow().access()).isEqualTo("read-only");
        assertThat(r0.field("F4").orElseThrow().width()).isEqualTo(1);
        SvdRegister r1 = a.register("R1").orElseThrow();
        assertThat(r1.addressOffset()).isEqualTo(8); // binary #1000
        assertThat(r1.resetValue()).isEqualTo(0xFFFF_FFFFL);
        assertThat(r1.fields()).isEqualTo(r0.fields());
        assertThat(a.register("R2").orElseThrow().addressOffset()).isEqualTo(1024);
        assertThat(a.register("R2").orElseThrow().size()).isEqualTo(8);
        SvdPeripheral b = d.peripheral("B").orElseThrow();
        assertThat(b.baseAddress()).isEqualTo(0x4000_1000L);
        assertThat(b.registers()).isEqualTo(a.registers());
    }

    @Test
    void malformedInputIsATypedError() {
        assertThatThrownBy(() -> parse("<device><name>T</name>")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("inline");
        assertThatThrownBy(() -> parse("<notsvd/>")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("<notsvd>");
        assertThatThrownBy(() -> parse(HEADER + "<peripheral derivedFrom='X'><name>B</name></peripheral>"
                + "</peripherals></device>")).isInstanceOf(SvdFormatException.class).hasMessageContaining("X");
        assertThatThrownBy(() -> parse(HEADER + "<peripheral><name>A</name><baseAddress>0xZZ</baseAddress>"
                + "</peripheral></peripherals></device>")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("0xZZ");
        assertThatThrownBy(() -> parse(HEADER + "<peripheral><name>A</name><baseAddress>0</baseAddress><registers>"
                + "<register><name>R</name><dim>4</dim><addressOffset>0</addressOffset></register></registers>"
                + "</peripheral></peripherals></device>")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("dim");
        assertThatThrownBy(() -> parse(HEADER + "<peripheral><name>A</name><baseAddress>0</baseAddress><registers>"
                + "<register><name>R</name><addressOffset>0</addressOffset><fields><field><name>F</name></field>"
                + "</fields></register></registers></peripheral></peripherals></device>"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("no bit position");
        assertThatThrownBy(() -> parse("<?xml version='1.0'?><!DOCTYPE device [<!ENTITY x 'y'>]><device/>"))
                .isInstanceOf(SvdFormatException.class);
    }
}
