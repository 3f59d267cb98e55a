package dev.flashbank.core.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.family.stm32f7.flash.FlashErrorFlag;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.FixStep;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.family.stm32f7.flash.Stm32F7Protection;

/** What blocks an erase, decided from option bytes alone, and the fix steps it proposes. */
class Stm32F7ProtectionTest {

    /** The F7 option bytes a fix step writes. */
    static OptionBytes options(FixStep s) {
        return (OptionBytes) s.options();
    }

    static final Stm32F7Parameters P = Stm32F7Parameters.defaults();

    static FlashGeometry geometry(Stm32F7Line line, BankMode mode) {
        return Stm32F7Descriptor.of(line).geometry(line.maxFlashSizeKiB(), mode);
    }

    @Test
    void factoryOptionsBlockNothing() {
        for (Stm32F7Line line : Stm32F7Line.values()) {
            FlashGeometry g = geometry(line, BankMode.SINGLE);
            Stm32F7Protection a = new Stm32F7Protection(g, OptionBytes.factory(line), P);
            assertThat(a.blockers(Scope.mass(g))).as(line.name()).isEmpty();
            assertThat(a.writeProtectedSectors()).isEmpty();
            assertThat(a.pcropSectors()).isEmpty();
        }
    }

    @Test
    void aWriteProtectedSectorBlocksBulkErasesAndItsOwnSectorOnly() {
        FlashGeometry g = geometry(Stm32F7Line.F72X_F73X, BankMode.SINGLE);
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F72X_F73X).withWriteProtection(3, true);
        Stm32F7Protection a = new Stm32F7Protection(g, o, P);
        List<EraseBlocker> mass = a.blockers(Scope.mass(g));
        assertThat(mass).hasSize(1);
        EraseBlocker b = mass.get(0);
        assertThat(b.kind()).isEqualTo(BlockerKind.WRITE_PROTECTION);
        assertThat(b.cause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR);
        assertThat(b.expectedFlag()).contains(FlashErrorFlag.WRPERR.fieldName());
        assertThat(b.sectors()).extracting(Sector::number).containsExactly(3);
        assertThat(b.fixSteps()).singleElement().satisfies(s -> {
            assertThat(options(s).isWriteProtected(3)).isFalse();
            assertThat(options(s).withWriteProtection(3, true)).isEqualTo(o); // nothing else changed
            assertThat(s.resetAfter()).isFalse();
        });
        assertThat(a.blockers(Scope.sectors(List.of(g.sector(2)), "x"))).isEmpty();
        assertThat(a.blockers(Scope.sectors(List.of(g.sector(3)), "x"))).hasSize(1);
    }

    @Test
    void inDualBankModeOneNwrpBitCoversTwoSectorsAndTheFixSaysSo() {
        FlashGeometry g = geometry(Stm32F7Line.F76X_F77X, BankMode.DUAL);
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL)
                .withWriteProtection(14, true); // nWRP[7] = sectors 14 and 15
        Stm32F7Protection a = new Stm32F7Protection(g, o, P);
        assertThat(a.writeProtectedSectors()).extracting(Sector::number).containsExactly(14, 15);
        assertThat(a.blockers(Scope.bank(g, 1))).isEmpty();
        EraseBlocker b = a.blockers(Scope.bank(g, 2)).get(0);
        assertThat(b.fix()).contains("nWRP[7] = 1").contains("sectors 14 and 15");
    }

    /**
     * Issue 16 finding 4: between an nDBANK write and the reset that latches it, the part keeps its layout and the
     * nWRP mapping of that layout; the pending nDBANK changes neither (the simulator's FLASH_OPTCR model agrees).
     */
    @Test
    void aWrittenButNotLatchedBankModeKeepsTheLayoutsNwrpMapping() {
        OptionBytes factory = OptionBytes.factory(Stm32F7Line.F76X_F77X);
        FlashGeometry single = geometry(Stm32F7Line.F76X_F77X, BankMode.SINGLE);
        Stm32F7Protection toDual = new Stm32F7Protection(single,
                factory.withWriteProtection(5, true).withBankMode(BankMode.DUAL), P);
        assertThat(toDual.writeProtectedSectors()).extracting(Sector::number).containsExactly(5); // not 10 and 11
        assertThat(toDual.blockers(Scope.sectors(List.of(single.sector(10)), "x"))).isEmpty();
        EraseBlocker b = toDual.blockers(Scope.mass(single)).get(0);
        assertThat(b.fix()).contains("nWRP[5] = 1");
        assertThat(options(b.fixSteps().get(0)).nWrp()).isEqualTo(factory.nWrp());
        assertThat(toDual.withWriteProtection(single.sector(7), true).nWrp()).isEqualTo(factory.nWrp() & ~(1 << 5 | 1 << 7));

        FlashGeometry dual = geometry(Stm32F7Line.F76X_F77X, BankMode.DUAL);
        Stm32F7Protection toSingle = new Stm32F7Protection(dual,
                factory.withBankMode(BankMode.DUAL).withWriteProtection(14, true).withBankMode(BankMode.SINGLE), P);
        assertThat(toSingle.writeProtectedSectors()).as("bank 2 sectors read, no 'sector 12 has no nWRP bit'")
                .extracting(Sector::number).containsExactly(14, 15);
        assertThat(toSingle.blockers(Scope.bank(dual, 2))).singleElement()
                .satisfies(x -> assertThat(x.fix()).contains("nWRP[7] = 1"));
    }

    @Test
    void pcropFixIsTheRegressionRecipeWithTheParameterisedPolarityAndFlag() {
        FlashGeometry g = geometry(Stm32F7Line.F72X_F73X, BankMode.SINGLE);
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F72X_F73X).withPcropProtection(2, true);
        Stm32F7Parameters flipped = P.toBuilder().pcropRdpSetMeansErase(false).build();
        for (Stm32F7Parameters p : List.of(P, flipped)) {
            EraseBlocker b = new Stm32F7Protection(g, o, p).blockers(Scope.mass(g)).get(0);
            assertThat(b.kind()).isEqualTo(BlockerKind.PCROP);
            assertThat(b.expectedFlag()).contains(FlashErrorFlag.byFieldName(p.pcropMassEraseFlag()).fieldName());
            assertThat(b.fixSteps()).hasSize(3);
            assertThat(options(b.fixSteps().get(0)).pcropRdp()).isEqualTo(p.pcropRdpSetMeansErase());
            assertThat(options(b.fixSteps().get(0)).pcrop()).isEqualTo(o.pcrop()); // PCROP bits kept
            assertThat(b.fixSteps().get(1).options().rdp()).isEqualTo(0x55);
            assertThat(b.fixSteps().get(1).resetAfter()).isTrue();
            assertThat(b.fixSteps().get(2).options().rdp()).isEqualTo(0xAA);
            assertThat(b.consequence()).contains("ALL user flash");
        }
        // a sector erase of the PCROP sector raises WRPERR (not the mass-erase parameter)
        EraseBlocker s = new Stm32F7Protection(g, o, P).blockers(Scope.sectors(List.of(g.sector(2)), "x")).get(0);
        assertThat(s.expectedFlag()).contains(FlashErrorFlag.WRPERR.fieldName());
    }

    @Test
    void readProtectionComesFirstAndLevel2HasNoFix() {
        FlashGeometry g = geometry(Stm32F7Line.F74X_F75X, BankMode.SINGLE);
        OptionBytes l1 = OptionBytes.factory(Stm32F7Line.F74X_F75X).withRdp(0xFF).withWriteProtection(1, true);
        List<EraseBlocker> b = new Stm32F7Protection(g, l1, P).blockers(Scope.mass(g));
        assertThat(b).extracting(EraseBlocker::kind).containsExactly(BlockerKind.READ_PROTECTION,
                BlockerKind.WRITE_PROTECTION);
        assertThat(b.get(0).expectedFlag()).isEmpty(); // the flag of a refused RDP-1 erase is not documented
        assertThat(b.get(0).consequence()).contains("mass-erases ALL user flash");
        assertThat(b.get(0).fixSteps().get(0).options().rdp()).isEqualTo(0xAA);

        OptionBytes l2 = OptionBytes.factory(Stm32F7Line.F74X_F75X).withRdp(0xCC);
        List<EraseBlocker> b2 = new Stm32F7Protection(g, l2, P).blockers(Scope.mass(g));
        assertThat(b2).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(BlockerKind.DEBUG_PORT_LOCKED);
            assertThat(x.fixSteps()).isEmpty();
            assertThat(x.fix()).contains("cannot be undone");
        });
    }
}
