package dev.flashbank.family.stm32h7.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.flash.Stm32H7Protection;
import dev.flashbank.family.stm32h7.tests.H7Bench;

/**
 * The STM32H7 protection model (RDP, WPSN, PRAR, SCAR) as operations and the doctor see it: decoded from the option
 * image, every blocker naming the sectors, the FLASH_SRx flag, the {@code flashbank ob set} fields of the fix and the
 * fix's option image; and on the simulated STM32H743ZI, erase and program refused before anything is written.
 */
class Stm32H7ProtectionTest {

    private static final long W1 = 0x0800_0000L;
    private static final long W2 = 0x0810_0000L;

    private H7Bench bench;
    private Stm32H7FlashDriver driver;

    @BeforeEach
    void connect() throws Exception {
        bench = new H7Bench();
        driver = (Stm32H7FlashDriver) context().driver();
    }

    private OperationContext context() throws TargetException {
        return bench.openContext();
    }

    private Stm32H7OptionImage options() throws TargetException {
        return driver.readOptions();
    }

    private OptionField field(String name) {
        return driver.descriptor().optionFields(driver.flashSizeKiB(), driver.geometry().mode()).stream()
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private Stm32H7OptionImage with(Stm32H7OptionImage o, String field, int value) {
        return o.with(field(field), value);
    }

    private Sector sector(int bank, int number) {
        return driver.geometry().bank(bank).sectors().get(number);
    }

    @Test
    void factoryOptionsBlockNothing() throws Exception {
        ProtectionModel m = driver.protectionModel();
        FlashGeometry g = m.geometry();
        assertThat(m.blockers(Scope.mass(g))).isEmpty();
        assertThat(m.blockers(Scope.bank(g, 2))).isEmpty();
        assertThat(m.writeProtectedSectors()).isEmpty();
        assertThat(m.pcropSectors()).isEmpty();
        assertThat(m.secureSectors()).isEmpty();
    }

    @Test
    void aWpsnBitBlocksItsSectorItsBankAndTheMassEraseAndTheFixSetsExactlyThatBit() throws Exception {
        Stm32H7OptionImage o = with(options(), "WRPSN2_3", 0);
        Stm32H7Protection m = driver.protectionModel(o);
        FlashGeometry g = m.geometry();
        assertThat(m.writeProtectedSectors()).containsExactly(sector(2, 3));
        assertThat(m.blockers(Scope.sectors(List.of(sector(1, 3)), "x"))).isEmpty(); // same number, other bank
        assertThat(m.blockers(Scope.bank(g, 1))).isEmpty();
        for (Scope scope : List.of(Scope.sectors(List.of(sector(2, 3)), "erase of sector 3 of bank 2"),
                Scope.bank(g, 2), Scope.mass(g))) {
            EraseBlocker b = m.blockers(scope).get(0);
            assertThat(b.kind()).isEqualTo(BlockerKind.WRITE_PROTECTION);
            assertThat(b.cause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR);
            assertThat(b.expectedFlag()).contains("WRPERR");
            assertThat(b.sectors()).containsExactly(sector(2, 3));
            assertThat(b.explanation()).contains("sector 3 of bank 2").contains("WRPSN2_3 = 0")
                    .contains("FLASH_WPSN_PRG2R");
            assertThat(b.fix()).contains("flashbank ob set WRPSN2_3=1");
            assertThat(b.consequence()).contains("no erase");
            assertThat(b.fixSteps()).singleElement().satisfies(step -> {
                assertThat(step.resetAfter()).isFalse();
                assertThat(step.options()).isEqualTo(options()); // only the one bit changed back
            });
            if (scope.isBulk()) {
                assertThat(b.explanation()).contains("; " + (scope.kind() == Scope.Kind.MASS ? "a mass erase"
                        : "an erase of physical bank 2") + " is refused as a whole").contains("one by one");
            }
        }
    }

    @Test
    void aPcropAreaAndASecureAreaBlockTheSectorsTheyOverlapWithTheBankEraseWithProtectionRemovalAsFix()
            throws Exception {
        // PCROP: bank 1 offsets 0x20000-0x201FF (sector 1); secure-only: bank 2 offsets 0x40000-0x7FFFF (sectors 2, 3)
        // (START == END would be the whole bank: model parameter areaStartEqualsEndProtectsWholeBank)
        Stm32H7OptionImage o = with(with(options(), "PROT_AREA_START1", 0x200), "PROT_AREA_END1", 0x201);
        o = with(with(o, "SEC_AREA_START2", 0x400), "SEC_AREA_END2", 0x7FF);
        Stm32H7Protection m = driver.protectionModel(o);
        assertThat(m.pcropSectors()).containsExactly(sector(1, 1));
        assertThat(m.secureSectors()).containsExactly(sector(2, 2), sector(2, 3));
        List<EraseBlocker> mass = m.blockers(Scope.mass(m.geometry()));
        assertThat(mass).extracting(EraseBlocker::kind).containsExactly(BlockerKind.PCROP, BlockerKind.SECURE_AREA);
        EraseBlocker pcrop = mass.get(0);
        assertThat(pcrop.explanation()).contains("sector 1 of bank 1").contains("PRAR")
                .contains("bank 1 offsets 0x020000-0x0201FF").contains("RDPERR");
        assertThat(pcrop.fix()).contains("DMEP1=1").contains("PROT_AREA_START1=0xFFF").contains("PROT_AREA_END1=0")
                .contains("flashbank erase --bank 1");
        assertThat(pcrop.consequence()).contains("WHOLE bank 1");
        Stm32H7OptionImage fixed = (Stm32H7OptionImage) pcrop.fixSteps().get(0).options();
        assertThat(driver.protectionModel(fixed).pcropSectors()).isEmpty();
        assertThat(fixed.get(field("DMEP1"))).isEqualTo(1);
        EraseBlocker secure = mass.get(1);
        assertThat(secure.cause()).isEqualTo(FailureCause.SECURE_AREA);
        assertThat(secure.explanation()).contains("sectors 2 and 3 of bank 2").contains("SCAR").contains("RDSERR");
        assertThat(secure.fix()).contains("DMES2=1").contains("SEC_AREA_START2=0xFFF");
        assertThat(m.blockers(Scope.sectors(List.of(sector(1, 0)), "x"))).isEmpty();
    }

    @Test
    void readProtectionComesFirstAndLevel2HasNoFix() throws Exception {
        Stm32H7OptionImage l1 = with(with(options(), "RDP", 0xBB), "WRPSN1_0", 0);
        Stm32H7Protection m = driver.protectionModel(l1);
        List<EraseBlocker> b = m.blockers(Scope.mass(m.geometry()));
        assertThat(b).extracting(EraseBlocker::kind).containsExactly(BlockerKind.READ_PROTECTION,
                BlockerKind.WRITE_PROTECTION);
        assertThat(b.get(0).fix()).contains("flashbank rdp-regress --erase-all-flash");
        assertThat(b.get(0).consequence()).contains("mass-erases the user flash");
        assertThat(b.get(0).fixSteps().get(0).options().rdp()).isEqualTo(0xAA);
        assertThat(b.get(0).fixSteps().get(0).resetAfter()).isTrue();

        List<EraseBlocker> b2 = driver.protectionModel(with(options(), "RDP", 0xCC)).blockers(Scope.mass(m.geometry()));
        assertThat(b2).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(BlockerKind.DEBUG_PORT_LOCKED);
            assertThat(x.fixSteps()).isEmpty();
            assertThat(x.fix()).contains("cannot be undone");
        });
    }

    private byte[] cells(int bank, long offset, int n) {
        return bench.board.readCells(bank, offset, n);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void eraseAndProgramOfAWriteProtectedSectorAreRefusedBeforeAnythingIsWritten() throws Exception {
        OperationContext ctx = context();
        byte[] data = filled(256, 0x5A);
        // some content in sector 3 of bank 2 and in bank 1, then WPSN protects sector 3 of bank 2
        driver.eraseSectors(List.of(sector(2, 3), sector(1, 0)), FlashProgress.NONE);
        driver.program(W2 + 3 * 0x20000L, data, FlashProgress.NONE);
        driver.program(W1, data, FlashProgress.NONE);
        driver.writeOptions(with(options(), "WRPSN2_3", 0), FlashProgress.NONE);

        for (EraseRequest r : List.of(EraseRequest.mass(), EraseRequest.bank(2),
                EraseRequest.range(new AddressRange(W2 + 2 * 0x20000L, 2 * 0x20000), false))) {
            EraseOperation op = new EraseOperation(ctx, r);
            assertThatThrownBy(() -> op.run(FlashProgress.NONE)).isInstanceOfSatisfying(
                    OperationRefusedException.class, e -> {
                        assertThat(e.getMessage()).contains("sector 3 of bank 2").contains("WRPSN2_3 = 0")
                                .contains("blocked by protection");
                        assertThat(e.fixes()).anySatisfy(f -> assertThat(f).contains("flashbank ob set WRPSN2_3=1"));
                        assertThat(e.doctorReport()).isPresent();
                    });
        }
        FirmwareImage image = FirmwareImage.ofBytes("app.bin", W2 + 3 * 0x20000L + 0x1000, filled(64, 0x11));
        ProgramOperation program = new ProgramOperation(ctx, image, ProgramOptions.defaults());
        assertThatThrownBy(() -> program.run(FlashProgress.NONE)).isInstanceOfSatisfying(
                OperationRefusedException.class, e -> assertThat(e.getMessage())
                        .contains("programming of sector 3 of bank 2").contains("write-protected"));
        // nothing was written anywhere: both marks still there, the rest of sector 3 still erased
        assertThat(cells(2, 3 * 0x20000L, data.length)).isEqualTo(data);
        assertThat(cells(1, 0, data.length)).isEqualTo(data);
        assertThat(cells(2, 3 * 0x20000L + 0x1000, 64)).containsOnly((byte) 0xFF);

        // the unprotected sectors next to it still erase one by one
        new EraseOperation(ctx, EraseRequest.range(new AddressRange(W2 + 2 * 0x20000L, 0x20000), false))
                .run(FlashProgress.NONE);
        assertThat(cells(2, 3 * 0x20000L, data.length)).isEqualTo(data);
    }
}
