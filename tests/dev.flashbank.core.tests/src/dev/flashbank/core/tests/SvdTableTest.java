package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.svd.SvdDevice;
import dev.flashbank.core.svd.SvdFormatException;
import dev.flashbank.core.svd.SvdModelComparison;
import dev.flashbank.core.svd.SvdModelComparison.Kind;
import dev.flashbank.core.svd.SvdReader;
import dev.flashbank.core.svd.SvdTable;

/** The committed-table format: written from an SVD, read back to the same facts, and strict about bad lines. */
class SvdTableTest {

    private static final String SVD = "<?xml version='1.0'?><device><name>T</name><cpu><name>CM7</name>"
            + "<revision>r1p0</revision></cpu><peripherals>"
            + "<peripheral><name>A</name><baseAddress>0x40000000</baseAddress><registers>"
            + "<register><name>R0</name><addressOffset>0x4</addressOffset><size>32</size><resetValue>0x31</resetValue>"
            + "<fields><field><name>LOCK</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>"
            + "<field><name>SNB</name><bitOffset>8</bitOffset><bitWidth>3</bitWidth></field></fields></register>"
            + "<register><name>R1</name><addressOffset>0x8</addressOffset><size>32</size></register>"
            + "</registers></peripheral>"
            + "<peripheral><name>B</name><baseAddress>0x50000000</baseAddress><registers>"
            + "<register><name>X</name><addressOffset>0x0</addressOffset><size>32</size></register>"
            + "</registers></peripheral></peripherals></device>";

    private static SvdDevice svd() throws Exception {
        return SvdReader.read(new ByteArrayInputStream(SVD.getBytes(StandardCharsets.UTF_8)), "inline");
    }

    @Test
    void writesTheSelectionAndReadsBackTheSameFacts() throws Exception {
        String table = SvdTable.write(svd(), List.of("A.R0"), "inline.svd");
        assertThat(table).contains("device\tT\tCM7\tr1p0\n", "select\tA.R0\n", "P\tA\t0x40000000\n",
                "R\tA\tR0\t0x004\t32\t0x00000031\n", "F\tA\tR0\tSNB\t8\t3\n").doesNotContain("R1", "\tB\t");
        SvdDevice back = SvdTable.read(table, "t.tsv");
        assertThat(back.name()).isEqualTo("T");
        assertThat(back.cpuRevision()).isEqualTo("r1p0");
        assertThat(back.peripherals()).hasSize(1);
        assertThat(back.peripheral("A").orElseThrow().register("R0").orElseThrow().resetValue()).isEqualTo(0x31);
        assertThat(back.peripheral("A").orElseThrow().register("R0").orElseThrow().field("SNB").orElseThrow().width())
                .isEqualTo(3);
        assertThat(SvdTable.selection(table, "t.tsv")).containsExactly("A.R0");
        // the table of a table is the table: nothing is lost or reordered in the round trip
        assertThat(SvdTable.write(back, List.of("A"), "inline.svd")).isEqualTo(table.replace("select\tA.R0",
                "select\tA"));
    }

    @Test
    void aSelectionTheSvdDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> SvdTable.write(svd(), List.of("FLASH"), "inline.svd"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("FLASH");
        assertThatThrownBy(() -> SvdTable.write(svd(), List.of("A.R9"), "inline.svd"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("A.R9");
    }

    @Test
    void badLinesNameFileLineAndReason() {
        assertThatThrownBy(() -> SvdTable.read("device\tT\t-\t-\nP\tA\t0x4000\nR\tA\tR0\t0x4\t32\n", "t.tsv"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("t.tsv:3:").hasMessageContaining("columns");
        assertThatThrownBy(() -> SvdTable.read("device\tT\t-\t-\nF\tA\tR0\tX\t0\t1\n", "t.tsv"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("t.tsv:2:")
                .hasMessageContaining("before its P line");
        assertThatThrownBy(() -> SvdTable.read("device\tT\t-\t-\nP\tA\t0xZZ\n", "t.tsv"))
                .isInstanceOf(SvdFormatException.class).hasMessageContaining("t.tsv:2:").hasMessageContaining("0xZZ");
        assertThatThrownBy(() -> SvdTable.read("Q\tx\n", "t.tsv")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("unknown record 'Q'");
        assertThatThrownBy(() -> SvdTable.read("# only a comment\n", "t.tsv")).isInstanceOf(SvdFormatException.class)
                .hasMessageContaining("no 'device' line");
    }

    @Test
    void comparisonReportsEveryKindOfDifference() throws Exception {
        RegisterBlock model = RegisterBlock.builder("A", 0x4000_0000L)
                .register("R0", 0x4, 0x30, Access.READ_WRITE, "", "", List.of(
                        Field.bit("LOCK", 0, Access.READ_WRITE, ""), new Field("SECTOR", 8, 4, Access.READ_WRITE, ""),
                        Field.bit("EXTRA", 20, Access.READ_WRITE, "")))
                .register("R2", 0xC, 0, Access.READ_WRITE, "", "", List.of())
                .build();
        SvdModelComparison.Result r = SvdModelComparison.compare(List.of(model), svd());
        assertThat(r.keys()).containsExactlyInAnyOrder("RESET_VALUE A.R0 0x00000031", "FIELD_NAME A.R0.SECTOR SNB",
                "FIELD_BITS A.R0.SECTOR 8:3", "MISSING_FIELD A.R0.EXTRA -", "MISSING_REGISTER A.R2 -");
        assertThat(r.comparedFields()).isEqualTo(2);
        // a name rule lets a family accept the SVD's spelling of a field without listing it
        SvdModelComparison.Result renamed = SvdModelComparison.compare(List.of(model), svd(),
                (reg, f, svdName) -> svdName.equals(f.name()) || f.name().equals("SECTOR") && svdName.equals("SNB"));
        assertThat(renamed.differences()).noneMatch(d -> d.kind() == Kind.FIELD_NAME);
    }
}
