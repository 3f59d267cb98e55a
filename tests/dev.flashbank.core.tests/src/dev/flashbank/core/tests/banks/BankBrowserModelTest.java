package dev.flashbank.core.tests.banks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.banks.BankAction;
import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.BankViewState;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.banks.FileComparison;
import dev.flashbank.core.banks.HexLocation;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;

/**
 * The bank browser's model without a workbench (issue 16, build 7: what the Flash Banks view decided inside its widget
 * code): where a chosen sector is after a bank-mode change, which actions may run, the comparison rows, "go to", a bank
 * against a file, and reading a window across the slot boundary from the cache.
 */
class BankBrowserModelTest {

    private static final long MIB = 1024 * 1024;

    private static FlashGeometry f767(BankMode mode) {
        return Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X).geometry(2048, mode);
    }

    private static BankSnapshot snapshot(FlashGeometry g, boolean swapped, Optional<BankComparison> cmp) {
        return new BankSnapshot("board", g, Optional.empty(), swapped, Map.of(), Set.of(), Set.of(), Map.of(), cmp);
    }

    /** Finding 9: nDBANK flips from 1 to 0 and back (RM0410 §3.3.1): the choice follows the address, not the number. */
    @Test
    void aChosenSectorIsCarriedOverToTheSectorAtItsAddressAfterABankModeChange() {
        BankSnapshot single = snapshot(f767(BankMode.SINGLE), false, Optional.empty());
        BankSnapshot dual = snapshot(f767(BankMode.DUAL), false, Optional.empty());
        Sector single5 = single.geometry().sector(5); // 256 KiB at 0x08040000
        assertThat(dual.geometry().sectors()).doesNotContain(single5);
        Sector carried = dual.carriedOver(single5, single).orElseThrow();
        assertThat(dual.geometry().sectorRange(carried, false, dual.geometry().linkWindow()).start())
                .isEqualTo(0x0804_0000L);
        assertThat(carried.bank()).isEqualTo(1);
        assertThat(carried.number()).isEqualTo(6); // dual bank: 4 x 16 KiB, 64 KiB, then 128 KiB: 6 at 0x08040000

        // the last single-bank sector (0x081C0000) lies in physical bank 2 of the dual-bank layout
        Sector single11 = single.geometry().sector(11);
        Sector back = dual.carriedOver(single11, single).orElseThrow();
        assertThat(back.bank()).isEqualTo(2);
        assertThat(dual.geometry().sectorRange(back, false, dual.geometry().linkWindow()).start())
                .isEqualTo(0x081C_0000L);

        // and back to single-bank mode with the banks swapped in the old snapshot: the address decides
        BankSnapshot dualSwapped = snapshot(f767(BankMode.DUAL), true, Optional.empty());
        Sector bank2first = dualSwapped.geometry().bank(2).sectors().get(0); // at 0x08000000 while swapped
        assertThat(single.carriedOver(bank2first, dualSwapped)).contains(single.geometry().sector(0));
        // unchanged layout: the same sector
        assertThat(dual.carriedOver(carried, dual)).contains(carried);
        // a sector of neither layout is dropped
        assertThat(dual.carriedOver(new Sector(3, 99, 0, 0, 1024), single)).isEmpty();
    }

    @Test
    void actionsFollowTargetConnectionBusyStateAndTheSnapshot() {
        BankSnapshot dual = snapshot(f767(BankMode.DUAL), false, Optional.empty());
        Sector s0 = dual.geometry().sector(0);
        BankViewState idle = new BankViewState(Optional.of("board"), true, Optional.empty(), Optional.of(dual),
                Optional.of(s0), true);
        assertThat(BankViewState.none().whyNot(BankAction.REFRESH)).contains(BankViewState.NO_TARGET);
        assertThat(new BankViewState(Optional.of("board"), false, Optional.empty(), Optional.empty(),
                Optional.empty(), false).whyNot(BankAction.FIND)).contains(BankViewState.NOT_CONNECTED);
        BankViewState busy = new BankViewState(Optional.of("board"), true, Optional.of("Erasing \u2014 board"),
                Optional.of(dual), Optional.of(s0), true);
        for (BankAction a : BankAction.values()) {
            assertThat(busy.whyNot(a)).as(a + " while busy").isEqualTo(a.touchesTarget()
                    ? Optional.of("Busy: Erasing \u2014 board.") : idle.whyNot(a));
        }
        // no survey on this snapshot: no A/B, but Program programs at the image's address (a single-bank part too)
        assertThat(idle.whyNot(BankAction.SWAP)).contains(BankViewState.NO_AB_ON_THIS_PART);
        assertThat(idle.whyNot(BankAction.PROGRAM)).isEmpty();
        assertThat(idle.programsInactiveBank()).isFalse();
        BankViewState single = new BankViewState(Optional.of("board"), true, Optional.empty(),
                Optional.of(snapshot(f767(BankMode.SINGLE), false, Optional.empty())), Optional.empty(), false);
        assertThat(single.whyNot(BankAction.PROGRAM)).as("finding 9: a single-bank part is programmed").isEmpty();
        assertThat(single.whyNot(BankAction.ROLLBACK)).get().asString().startsWith("Single-bank mode");
        assertThat(single.whyNot(BankAction.ERASE_SECTOR)).contains("Select a sector in a bank strip first.");
        assertThat(single.whyNot(BankAction.EXPORT)).get().asString().startsWith("Select bytes");
        BankViewState reading = new BankViewState(Optional.of("board"), true, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
        assertThat(reading.whyNot(BankAction.REFRESH)).isEmpty();
        assertThat(reading.whyNot(BankAction.PROGRAM)).contains("Reading the banks\u2026");
    }

    @Test
    void comparisonRowsShowWhereEachSideIsMappedNow() {
        byte[] a = new byte[64];
        byte[] b = a.clone();
        b[0x10] = 1;
        b[0x11] = 2;
        BankComparison c = BankComparison.of("physical bank 1", a, "physical bank 2", b);
        assertThat(c.rows(0x0810_0000L, 0x0800_0000L)).singleElement().satisfies(r -> assertThat(r.cells())
                .containsExactly("+0x000010", "2", "0x08100010", "0x08000010"));
    }

    @Test
    void goToTakesAddressesOffsetsAndSymbols() {
        Map<String, Long> symbols = Map.of("fw_version", 0x0810_0100L);
        HexLocation at = HexLocation.resolve(" 0x0810_0100 ", Map.of(), 0x0810_0000L, MIB, "Physical bank 2", "0x1");
        assertThat(at.offset()).contains(0x100L);
        assertThat(at.message()).isEqualTo("At 0x08100100.");
        assertThat(HexLocation.resolve("0x20", Map.of(), 0x0810_0000L, MIB, "x", "").offset()).contains(0x20L);
        assertThat(HexLocation.resolve("FW_VERSION", symbols, 0x0810_0000L, MIB, "x", "").offset()).contains(0x100L);
        HexLocation outside = HexLocation.resolve("0x08000000", symbols, 0x0810_0000L, MIB, "Physical bank 2", "");
        assertThat(outside.offset()).isEmpty();
        assertThat(outside.message()).isEqualTo("0x08000000 is not in Physical bank 2 (0x08100000-0x081FFFFF).");
        assertThat(HexLocation.resolve("main", Map.of(), 0, MIB, "x", "0x08000100").message())
                .startsWith("\"main\" is not an address (e.g. 0x08000100)").contains("open an ELF file");
    }

    @Test
    void aBankIsComparedWithAnImageByItsLinkAddress() {
        FlashGeometry g = f767(BankMode.DUAL);
        byte[] bank = new byte[(int) MIB];
        Arrays.fill(bank, (byte) 0xFF);
        bank[0] = 7;
        // linked for the second slot: lined up with the bank's start
        FirmwareImage image = FirmwareImage.ofBytes("/tmp/app-b.bin", 0x0810_0000L, new byte[] { 7, 8 });
        FileComparison.Result r = FileComparison.of(g, 2, bank, image);
        FileComparison c = r.comparison().orElseThrow();
        assertThat(c.fileBase()).isEqualTo(0x0810_0000L);
        assertThat(c.comparison().ranges()).singleElement().satisfies(x -> assertThat(x.start()).isEqualTo(1));
        assertThat(c.comparison().right()).isEqualTo("app-b.bin");
        assertThat(r.message()).contains("1 range differ");
        FileComparison.Result ram = FileComparison.of(g, 1, bank, FirmwareImage.ofBytes("ram.bin", 0x2000_0000L,
                new byte[4]));
        assertThat(ram.comparison()).isEmpty();
        assertThat(ram.message()).startsWith("ram.bin is not linked for the flash");
    }

    @Test
    void aWindowIsPeekedAcrossTheSlotBoundaryFromTheCacheOnly() throws Exception {
        FlashGeometry g = f767(BankMode.DUAL);
        CachedBankReader r = new CachedBankReader(g, (bank, offset, length) -> {
            byte[] b = new byte[length];
            Arrays.fill(b, (byte) bank);
            return b;
        });
        long boundary = 0x0810_0000L;
        assertThat(r.peekWindow(boundary - 2, 4, false)).as("nothing read yet").isEmpty();
        r.readWindow(boundary - 2, 4, false);
        assertThat(r.peekWindow(boundary - 2, 4, false)).hasValueSatisfying(b -> assertThat(b)
                .containsExactly(1, 1, 2, 2));
        assertThat(r.peekWindow(boundary - 2, 4, true)).as("swapped: other sectors, not read yet").isEmpty();
        r.readWindow(boundary - 2, 4, true);
        assertThat(r.peekWindow(boundary - 2, 4, true)).as("swapped: bank 2 in the first slot")
                .hasValueSatisfying(b -> assertThat(b).containsExactly(2, 2, 1, 1));
    }
}
