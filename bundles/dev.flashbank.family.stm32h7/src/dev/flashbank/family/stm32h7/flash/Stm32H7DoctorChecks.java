package dev.flashbank.family.stm32h7.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.DoctorCheck;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7OptionFields;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * The STM32H7 doctor checks, contributed by {@link Stm32H7Family} (RM0433 §4): part, bank mapping (FLASH_OPTCR.SWAP_BANK)
 * and a swap waiting for the next reset (OPTSR_CUR.SWAP_BANK_OPT), RDP, WPSN write protection, PCROP (PRAR) and
 * secure-only (SCAR) areas, the last option change refused (OPTSR_CUR.OPTCHANGEERR), error flags left in FLASH_SR1/SR2
 * (ECC errors with the failing word from FLASH_ECC_FAx), the boot addresses BOOT_ADD0/BOOT_ADD1, and - after the erase
 * predictions - the UNCONFIRMED model parameters the answers rely on. Everything is read, nothing written (status
 * flags are reported, not cleared).
 */
public final class Stm32H7DoctorChecks {

    private Stm32H7DoctorChecks() {
    }

    /** The checks in reading order: the examination, then the assumptions (after the erase predictions). */
    public static List<DoctorCheck> all() {
        return List.of(subject -> DoctorCheck.Result.of(new Examination(subject).run()), new DoctorCheck() {
            @Override
            public Result examine(Subject subject) {
                return Result.of(List.of(assumptions((Stm32H7Descriptor) subject.identity().descriptor())));
            }

            @Override
            public boolean afterEraseChecks() {
                return true;
            }
        });
    }

    static Finding assumptions(Stm32H7Descriptor d) {
        List<String> names = List.of("registersFollowSwap", "optionRegistersFollowSwap", "eccFaFollowsSwap",
                "areaStartEqualsEndProtectsWholeBank", "protectedAreasSurviveRegressionUnlessErased",
                "crcInitialValue", "crcReflected");
        String text = d.stm32H7Parameters().asList().stream().filter(p -> names.contains(p.name()))
                .map(ModelParameter::toString).collect(Collectors.joining("; "));
        return Finding.info(FindingCode.ASSUMPTIONS, "These answers rely on UNCONFIRMED model parameters (see "
                + "docs/families/stm32h7.md): " + text + "; timings from " + d.timings().source() + ".");
    }

    /** One examination run. */
    private static final class Examination {
        private final DoctorCheck.Subject subject;
        private final TargetIdentity id;
        private final Stm32H7Descriptor d;
        private final Stm32H7Registers regs;
        private final FlashGeometry g;
        private final List<Finding> findings = new ArrayList<>();

        Examination(DoctorCheck.Subject subject) {
            this.subject = subject;
            this.id = subject.identity();
            this.d = (Stm32H7Descriptor) id.descriptor(); // the H7 provider examines its own lines only
            this.regs = d.registers();
            this.g = id.geometry();
        }

        private void add(Severity s, FindingCode c, String message, String fix, String consequence) {
            findings.add(Finding.of(s, c, message, fix, consequence));
        }

        List<Finding> run() {
            part();
            Stm32H7FlashDriver driver;
            Stm32H7OptionImage o;
            try {
                driver = (Stm32H7FlashDriver) subject.driver();
                o = driver.readOptions();
            } catch (TargetException e) {
                add(Severity.ERROR, FindingCode.CONNECTION_FAILED, "The FLASH option registers could not be read: "
                        + e.getMessage(), "check wiring and power, then run flashbank doctor again", null);
                return findings;
            }
            try {
                mapping(driver, o);
                rdp(o);
                protection(driver.protectionModel(o));
                optionChangeError();
                status(driver);
                boot(o);
            } catch (TargetException e) {
                add(Severity.WARNING, FindingCode.CONNECTION_FAILED, "Reading the flash interface failed part-way: "
                        + e.getMessage(), "run flashbank doctor again", null);
            }
            return findings;
        }

        private void part() {
            String setting;
            try {
                setting = subject.driver().programSettingNotice().orElse("");
            } catch (TargetException e) {
                setting = e.getMessage();
            }
            add(Severity.INFO, FindingCode.PART, String.format("%s — %s, %s; %d-byte flash words%s", id.summary(),
                    d.line(), d.referenceManual(), d.programUnitBytes(), setting.isEmpty() ? "" : "; " + setting),
                    null, null);
            add(Severity.INFO, FindingCode.BANK_MODE, String.format("%d KiB in %d bank(s): %s.", id.flashSizeKiB(),
                    g.bankCount(), g.banks().stream().map(b -> String.format("bank %d: sectors 0-%d (%d x %d KiB)",
                            b.number(), b.sectors().size() - 1, b.sectors().size(), b.sectors().get(0).sizeKiB()))
                            .collect(Collectors.joining("; "))), null, null);
        }

        private void mapping(Stm32H7FlashDriver driver, Stm32H7OptionImage o) throws TargetException {
            boolean swap = driver.swapBank();
            List<String> parts = new ArrayList<>();
            for (Bank b : g.banks()) {
                parts.add("physical bank " + b.number() + " at " + g.windows().stream()
                        .map(w -> g.bankRange(b.number(), swap, w).toString()).collect(Collectors.joining(" and ")));
            }
            if (g.bankCount() < 2) {
                add(Severity.INFO, FindingCode.BANK_MAPPING, String.join("; ", parts) + ".", null, null);
                return;
            }
            add(Severity.INFO, FindingCode.BANK_MAPPING, "FLASH_OPTCR.SWAP_BANK = " + (swap ? 1 : 0) + ": "
                    + String.join("; ", parts) + ". Register set n (FLASH_CRn/SRn, SNB, BER) acts on the bank mapped "
                    + "in window slot n (model parameter registersFollowSwap = " + d.stm32H7Parameters()
                            .registersFollowSwap() + "); Flashbank names banks by their PHYSICAL number.", null, null);
            boolean after = o.swapBankAfterReset();
            if (after != swap) {
                add(Severity.WARNING, FindingCode.BANK_SWAP_PENDING, String.format("FLASH_OPTSR_CUR.SWAP_BANK_OPT = %d "
                        + "but FLASH_OPTCR.SWAP_BANK = %d: a bank swap was written and takes effect at the next reset "
                        + "- then physical bank %d is at 0x%08X and the core boots its image.", after ? 1 : 0,
                        swap ? 1 : 0, after ? 2 : 1, g.bankRange(after ? 2 : 1, after, g.linkWindow()).start()),
                        "reset the target (NRST or a power cycle) to make it effective, or flashbank ob set SWAP_BANK_OPT="
                                + (swap ? 1 : 0) + " (IDE: Option Bytes editor, bank swap) to cancel it",
                        "until the reset the old mapping stays in force: programming by address still reaches the "
                                + "banks where they are mapped now");
            }
        }

        private void rdp(Stm32H7OptionImage o) {
            String text = "RDP " + RdpLevel.text(o.rdp()) + " (FLASH_OPTSR_CUR.RDP)";
            switch (o.rdpLevel()) {
                case LEVEL_0 -> add(Severity.INFO, FindingCode.RDP, text + ".", null, null);
                case LEVEL_1 -> {
                    add(Severity.ERROR, FindingCode.RDP, text + ". While a debugger is connected the flash cannot be "
                            + "read, programmed or erased (reads raise RDPERR); the option registers can still be "
                            + "changed.",
                            "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0), then reset",
                            "RDP 1->0 mass-erases the user flash (as long as a mass erase); PCROP and secure-only "
                                    + "areas with DMEPx/DMESx = 0 survive it; the other options keep their values");
                    add(Severity.ERROR, FindingCode.FLASH_READ_BLOCKED, "Flash reads through the debugger fault at RDP "
                            + "level 1: Flashbank still reports the option registers, but cannot read images or "
                            + "verify data.", "flashbank rdp-regress --erase-all-flash, as for RDP above",
                            "the firmware in flash is lost when leaving level 1");
                }
                case LEVEL_2 -> add(Severity.ERROR, FindingCode.RDP, text + ": debug, boot from RAM or system memory "
                        + "and every option change are disabled for good.", "none: level 2 cannot be undone",
                        "the part only runs the firmware it has");
            }
        }

        private void protection(Stm32H7Protection pm) {
            List<Sector> wrp = pm.writeProtectedSectors();
            if (wrp.isEmpty()) {
                add(Severity.INFO, FindingCode.WRITE_PROTECTION, "No sector is write-protected (every WRPSN bit of "
                        + "FLASH_WPSN_CURx = 1).", null, null);
            } else {
                String fields = wrp.stream().map(s -> Stm32H7OptionFields.wrpsnField(pm.optionSet(s.bank()),
                        pm.wrpsnBit(s))).distinct().collect(Collectors.joining(", "));
                add(Severity.WARNING, FindingCode.WRITE_PROTECTION, ProtectionModel.names(wrp, g)
                        + (wrp.size() == 1 ? " is" : " are") + " write-protected (" + fields + " = 0, active low): "
                        + "program and erase there raise WRPERR, and an erase of its bank or a mass erase is refused "
                        + "as a whole.",
                        "flashbank ob set " + wrp.stream().map(s -> Stm32H7OptionFields.wrpsnField(
                                pm.optionSet(s.bank()), pm.wrpsnBit(s)) + "=1").distinct()
                                .collect(Collectors.joining(" ")) + " (IDE: Option Bytes editor, write protection)",
                        "no erase needed; acts when OPTSTART completes");
            }
            area(pm, false);
            area(pm, true);
        }

        private void area(Stm32H7Protection pm, boolean secure) {
            FindingCode code = secure ? FindingCode.SECURE_AREA : FindingCode.PCROP;
            List<String> areas = new ArrayList<>();
            for (Bank b : g.banks()) {
                pm.area(b, secure).ifPresent(a -> areas.add(String.format("bank %d offsets 0x%06X-0x%06X (%s)",
                        b.number(), a.start(), a.last(), ProtectionModel.names(pm.sectors().stream()
                                .filter(p -> p.sector().bank() == b.number()
                                        && (secure ? p.secure() : p.pcrop()).isPresent())
                                .map(H7SectorProtection::sector).toList(), g))));
            }
            String reg = secure ? "FLASH_SCAR_CURx" : "FLASH_PRAR_CURx";
            if (areas.isEmpty()) {
                add(Severity.INFO, code, "No " + (secure ? "secure-only" : "PCROP (execute-only)") + " area ("
                        + reg + " START > END).", null, null);
                return;
            }
            add(Severity.WARNING, code, (secure ? "Secure-only area: " : "PCROP (execute-only) area: ")
                    + String.join("; ", areas) + " (" + reg + "). " + (secure
                            ? "It is reachable only in secure access mode; reads from the debugger raise RDSERR."
                            : "Its code runs but cannot be read; reads raise RDPERR and the CRC engine CRCRDERR.")
                    + " Flashbank does not erase or program its sectors, and a bank or mass erase is refused.",
                    "a bank erase with protection removal: flashbank ob set " + (secure ? "DMESn=1 SEC_AREA_STARTn"
                            : "DMEPn=1 PROT_AREA_STARTn") + "=0xFFF " + (secure ? "SEC_AREA_ENDn" : "PROT_AREA_ENDn")
                            + "=0, then flashbank erase --bank n (RM0433 §4.3.10; exact rules UNCONFIRMED)",
                    "the whole bank is erased, including the protected code");
        }

        private void optionChangeError() throws TargetException {
            Register cur = regs.optsrCur();
            int v = subject.target().memory().read32(cur.address());
            if (cur.field(OPTCHANGEERR).isSet(v)) {
                add(Severity.WARNING, FindingCode.OPTION_CHANGE_ERROR, String.format("FLASH_OPTSR_CUR = 0x%08X has "
                        + "OPTCHANGEERR = 1: the last option-byte change was refused by the part and the options in "
                        + "force are the old ones (causes the reference manual lists: RDP level 2, a change not "
                        + "permitted at the current RDP level, e.g. of PCROP/secure areas).", v),
                        "flashbank ob show to see the options in force, then write the change again; Flashbank clears "
                                + "the flag (FLASH_OPTCCR.CLR_OPTCHANGEERR) before every option write",
                        "none");
            }
        }

        private void status(Stm32H7FlashDriver driver) throws TargetException {
            for (int set = 1; set <= g.bankCount(); set++) {
                Register sr = regs.sr(set);
                int v = driver.readStatus(set);
                Set<H7StatusFlag> flags = H7StatusFlag.decode(v, sr);
                Set<H7StatusFlag> ecc = EnumSet.noneOf(H7StatusFlag.class);
                flags.stream().filter(f -> f == H7StatusFlag.SNECCERR || f == H7StatusFlag.DBECCERR).forEach(ecc::add);
                flags.removeAll(ecc);
                if (!ecc.isEmpty()) {
                    long word = driver.eccFailingWord(set);
                    boolean dbl = ecc.contains(H7StatusFlag.DBECCERR);
                    boolean swap = driver.swapBank();
                    Optional<Sector> s = g.sectorAt(word, swap);
                    add(dbl ? Severity.ERROR : Severity.WARNING, FindingCode.ECC_ERROR, String.format("FLASH_%s = "
                            + "0x%08X has %s: the flash word at 0x%08X (FLASH_%s)%s %s.", sr.name(), v,
                            H7StatusFlag.list(ecc), word, regs.eccFa(set).name(), s.map(x -> ", "
                                    + ProtectionModel.names(List.of(x), g) + ",").orElse(""),
                            dbl ? "cannot be corrected: every read of it faults (a word programmed twice, or torn by a "
                                    + "power loss during program/erase)"
                                    : "had one wrong bit, corrected on reading"),
                            s.map(x -> "flashbank erase --range 0x" + Long.toHexString(g.sectorRange(x, swap,
                                    g.linkWindow()).start()) + "+0x" + Integer.toHexString(x.size())
                                    + " (or program the image again: only an erase repairs the word)").orElse(
                                            "erase the sector that holds it"),
                            "the sector's data is erased; program it again");
                }
                if (!flags.isEmpty()) {
                    add(Severity.WARNING, FindingCode.STALE_ERROR_FLAGS, String.format("FLASH_%s = 0x%08X still holds "
                            + "%s from an earlier operation (%s).", sr.name(), v, H7StatusFlag.list(flags),
                            flags.stream().map(f -> f.name() + ": " + f.meaning()).collect(Collectors.joining("; "))),
                            "none needed for flashbank program/erase (the driver clears them through FLASH_"
                                    + regs.ccr(set).name() + " first)", "none");
                }
                if (sr.findField(QW).map(f -> f.isSet(v)).orElse(false)
                        || sr.findField(BSY).map(f -> f.isSet(v)).orElse(false)) {
                    add(Severity.WARNING, FindingCode.FLASH_BUSY, "FLASH_" + sr.name() + ": QW/BSY = 1: a flash "
                            + "operation is running right now (firmware, or another tool).",
                            "wait for it to finish, then run flashbank program again (or --connect-under-reset)", null);
                }
            }
        }

        private void boot(Stm32H7OptionImage o) {
            Register boot = regs.bootPrg();
            int word = o.word(boot.name());
            FindingCode[] codes = { FindingCode.BOOT_BOOT0_LOW, FindingCode.BOOT_BOOT0_HIGH };
            for (int pin = 0; pin < 2; pin++) {
                String field = pin == 0 ? BOOT_ADD0 : BOOT_ADD1;
                int raw = boot.field(field).extract(word);
                long address = (long) raw << 16;
                Optional<MemoryRegion> r = d.memoryRegions(id.flashSizeKiB()).stream()
                        .filter(m -> m.range().contains(new AddressRange(address, 4))).findFirst();
                String head = String.format("BOOT0 = %d selects %s = 0x%04X -> 0x%08X", pin, field, raw, address);
                if (r.isPresent() && r.get().kind() == MemoryRegion.Kind.FLASH) {
                    add(Severity.INFO, codes[pin], head + " (user flash, " + r.get().name() + "): the core boots "
                            + "whatever bank is mapped there after the reset (SWAP_BANK_OPT decides).", null, null);
                } else if (r.isPresent() && r.get().kind() == MemoryRegion.Kind.SYSTEM_MEMORY) {
                    add(Severity.INFO, codes[pin], head + " (system memory): the ROM bootloader starts.", null, null);
                } else if (r.isPresent() && r.get().kind() == MemoryRegion.Kind.RAM) {
                    add(Severity.INFO, codes[pin], head + " (" + r.get().name() + "): a RAM image starts (RAM "
                            + "content does not survive a power cycle).", null, null);
                } else {
                    add(pin == 0 ? Severity.ERROR : Severity.WARNING, codes[pin], head + ": that is not user flash, "
                            + "system memory or RAM of this part - the core fetches its vector table there and locks "
                            + "up.", "flashbank ob set " + field + "=0x08000000 (IDE: Option Bytes editor, boot)",
                            null);
                }
            }
        }
    }
}
