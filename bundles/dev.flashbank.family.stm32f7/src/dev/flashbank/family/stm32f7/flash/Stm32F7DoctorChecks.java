package dev.flashbank.family.stm32f7.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.BootPath;
import dev.flashbank.core.family.DoctorCheck;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.family.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Registers;

/**
 * The STM32F7 doctor checks (issue 4 item 5), contributed by {@link Stm32F7Family}: part and supply (PSIZE), bank
 * mode, which physical bank is mapped where under SWP_FB, what boots next and why (BOOT_ADDx, nDBOOT, MEM_BOOT), RDP,
 * write-protected and PCROP sectors, half-written banks, stale FLASH_SR flags, and - after the erase predictions - the
 * UNCONFIRMED model parameters the answers rely on (RM0410: boot configuration, SYSCFG_MEMRMP, read protection, dual bank mode). They only read (the
 * SYSCFG clock is switched on for the MEMRMP read and restored, as the session does).
 */
public final class Stm32F7DoctorChecks {

    private Stm32F7DoctorChecks() {
    }

    /** The checks in reading order: the examination, then the assumptions (after the erase predictions). */
    public static List<DoctorCheck> all() {
        return List.of(subject -> {
            List<Finding> findings = new ArrayList<>();
            List<BootPath> bootPaths = new ArrayList<>();
            new Examination(subject, findings, bootPaths).run();
            return new DoctorCheck.Result(findings, bootPaths);
        }, new DoctorCheck() {
            @Override
            public Result examine(Subject subject) {
                List<Finding> findings = new ArrayList<>();
                new Examination(subject, findings, new ArrayList<>()).assumptions();
                return Result.of(findings);
            }

            @Override
            public boolean afterEraseChecks() {
                return true;
            }
        });
    }

    /** One examination run (state shared by the steps). */
    private static final class Examination {
        private final DebugTarget target;
        private final MemoryAccess mem;
        private final TargetIdentity id;
        private final Stm32F7Descriptor d;
        private final Stm32F7Line line;
        private final Stm32F7Parameters p;
        private final Stm32F7Registers regs;
        private final OptionBytes o;
        private final FlashGeometry g;
        private final boolean swpFb;
        private final List<Finding> findings;
        private final List<BootPath> bootPaths;
        private final boolean flashReadable;
        private final FlashDriverSettings settings;

        Examination(DoctorCheck.Subject subject, List<Finding> findings, List<BootPath> bootPaths) {
            this.settings = subject.settings();
            this.bootPaths = bootPaths;
            this.target = subject.target();
            this.mem = target.memory();
            this.id = subject.identity();
            this.d = (Stm32F7Descriptor) id.descriptor(); // the F7 provider examines its own lines only
            this.line = d.stm32F7Line();
            this.p = d.stm32F7Parameters();
            this.regs = d.registers();
            this.o = (OptionBytes) id.options();
            this.g = id.geometry();
            this.swpFb = id.swpFb();
            this.findings = findings;
            this.flashReadable = o.rdpLevel() == RdpLevel.LEVEL_0;
        }

        void run() {
            part();
            bankMode();
            mapping();
            rdp();
            interruptedOptionWrite();
            protection();
            boot();
            bankContents();
            status();
        }

        private void add(Severity s, FindingCode c, String message, String fix, String consequence) {
            findings.add(Finding.of(s, c, message, fix, consequence));
        }

        // ------------------------------------------------------------------------------------- part, banks

        private void part() {
            String supply;
            try {
                supply = ParallelismChoice.choose(target.targetVoltageMillivolts(), settings).text();
            } catch (FlashRequestException e) {
                supply = e.getMessage(); // an explicit parallelism wider than the supply allows
            } catch (TargetException e) {
                supply = "supply voltage could not be read (" + e.getMessage() + "): programming uses x8";
            }
            add(Severity.INFO, FindingCode.PART, String.format("%s — %s, %s; %s", id.summary(), d.line(),
                    d.referenceManual(), supply), null, null);
        }

        private void bankMode() {
            String layout = g.banks().stream().map(b -> "bank " + b.number() + ": " + sectorsText(b))
                    .collect(Collectors.joining("; "));
            String why = line.dualBankCapable()
                    ? (g.mode() == BankMode.DUAL ? "nDBANK = 0: dual bank" : "nDBANK = 1: single bank")
                    : "this line has a single bank";
            add(Severity.INFO, FindingCode.BANK_MODE, String.format("%s (%d KiB). %s.", why, id.flashSizeKiB(), layout),
                    null, null);
        }

        private String sectorsText(Bank b) {
            Sector first = b.sectors().get(0);
            Sector last = b.sectors().get(b.sectors().size() - 1);
            String sizes = b.sectors().stream().map(s -> s.sizeKiB() + "K").collect(Collectors.joining(" "));
            return String.format("sectors %d-%d (%s)", first.number(), last.number(), sizes);
        }

        private void mapping() {
            List<String> parts = new ArrayList<>();
            for (Bank b : g.banks()) {
                int n = b.number();
                parts.add(String.format("physical bank %d at %s", n, g.windows().stream()
                        .map(w -> g.bankRange(n, swpFb, w) + " (" + w.name() + ")").collect(Collectors.joining(" and "))));
            }
            String swp = line.dualBankCapable() ? "SYSCFG_MEMRMP.SWP_FB = " + (swpFb ? 1 : 0) + ": " : "";
            String erase = g.mode() == BankMode.DUAL
                    ? " Bank erase and sector numbers select PHYSICAL banks: MER / SNB 0..11 = bank 1, MER2 / SNB "
                            + "0x10..0x1B = bank 2" + (p.bankEraseSelectsPhysicalBank() ? ", whatever SWP_FB says"
                                    : " as mapped by SWP_FB (model parameter bankEraseSelectsPhysicalBank = false)")
                            + "."
                    : "";
            add(Severity.INFO, FindingCode.BANK_MAPPING, swp + String.join("; ", parts) + "." + erase, null, null);
            if (swpFb && g.mode() == BankMode.DUAL) {
                add(Severity.WARNING, FindingCode.SWP_FB_VOLATILE,
                        "SWP_FB = 1 was set by the running firmware: physical bank 2 is at 0x08000000 now. SWP_FB is a "
                                + "volatile SYSCFG bit, not an option byte: every reset clears it, so after the next "
                                + "reset 0x08000000 shows physical bank 1 again unless startup code sets SWP_FB.",
                        "flashbank swap --scheme boot-add / flashbank ob set BOOT_ADD0=0x08100000 (IDE: Option Bytes "
                                + "editor, BOOT_ADD0) decides the boot bank (BOOT_ADDx holds address >> 14, 0x2040 = "
                                + "0x08100000), or have startup code set SWP_FB from a persistent marker",
                        null);
                if (p.bankEraseSelectsPhysicalBank()) {
                    add(Severity.WARNING, FindingCode.SWAPPED_BANK_ERASE,
                            "With SWP_FB = 1 a bank erase of \"FLASH_BANK_1\" (MER) erases PHYSICAL bank 1, which is "
                                    + "now visible at 0x08100000 — not the bank at 0x08000000. Programming 0x08000000 "
                                    + "afterwards writes into the running, non-erased bank 2: no error flag, the cells "
                                    + "become old AND new, and verification fails.",
                            "flashbank bank-update IMAGE (IDE: Flash Banks view, Program inactive bank) updates the "
                                    + "inactive bank by its physical number, where it is mapped now (0x08100000 while "
                                    + "SWP_FB = 1)",
                            null);
                }
            }
        }

        // ------------------------------------------------------------------------------------- protection

        private void rdp() {
            RdpLevel level = o.rdpLevel();
            String text = "RDP " + Stm32F7OptionFields.rdpText(o.rdp());
            if (level == RdpLevel.LEVEL_0) {
                add(Severity.INFO, FindingCode.RDP, text + ".", null, null);
                return;
            }
            add(Severity.ERROR, FindingCode.RDP,
                    text + ". While a debugger is connected the flash cannot be read, programmed or erased; the option "
                            + "bytes can still be changed.",
                    "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0), then reset",
                    "RDP 1->0 mass-erases ALL user flash before the protection is removed (as long as a mass erase); "
                            + "nWRP, BOOT_ADDx and the other options keep their values");
            add(Severity.ERROR, FindingCode.FLASH_READ_BLOCKED,
                    "Flash reads through the debugger fault at RDP level 1: Flashbank still reports the option bytes "
                            + "(they are registers), but cannot read images, vector tables or verify data.",
                    "flashbank rdp-regress --erase-all-flash, as for RDP above", "the firmware in flash is lost when leaving level 1");
        }

        /** RDP 0xFF with both BOOT_ADDx erased: an option write lost power inside its OPTSTRT. */
        private void interruptedOptionWrite() {
            if (o.interruptedWriteSignature().isEmpty()) {
                return;
            }
            add(Severity.ERROR, FindingCode.INTERRUPTED_OPTION_WRITE, String.format("The option bytes read RDP = 0x%02X "
                    + "and BOOT_ADD0 = BOOT_ADD1 = 0x%04X: the signature of an option-byte write that lost power inside "
                    + "its OPTSTRT (the option sector was erased and not programmed again). The part is at RDP level "
                    + "1 and its boot addresses point nowhere; the images in flash are still there but cannot be read "
                    + "through the debugger.", o.rdp(), OptionBytes.ERASED_BOOT_ADDRESS),
                    "run `flashbank recover --dry-run` to see the plan, then `flashbank recover --erase-all-flash`: "
                            + "from the journal Flashbank keeps of each board it writes options to, it regresses RDP, "
                            + "reprograms both banks and restores the option bytes saved before the write. Without a "
                            + "journal: write the options of your `ob backup` file with RDP = 0xAA and program your "
                            + "images again",
                    "leaving level 1 mass-erases the user flash: the images come back only from the journal or your "
                            + "own files");
        }

        private void protection() {
            Stm32F7Protection a = new Stm32F7Protection(g, o, p);
            List<Sector> wrp = a.writeProtectedSectors();
            if (wrp.isEmpty()) {
                add(Severity.INFO, FindingCode.WRITE_PROTECTION, "No sector is write-protected (all nWRP bits = 1).",
                        null, null);
            } else {
                Set<Integer> bits = wrp.stream().map(s -> Stm32F7Geometry.nWrpBit(s.number(), g.mode()))
                        .collect(Collectors.toCollection(TreeSet::new));
                add(Severity.WARNING, FindingCode.WRITE_PROTECTION,
                        ProtectionModel.names(wrp) + (wrp.size() == 1 ? " is" : " are")
                                + " write-protected (" + bits.stream().map(i -> "nWRP[" + i + "]")
                                        .collect(Collectors.joining(", ")) + " = 0, active low): program and erase there raise WRPERR, and a mass erase or an "
                                + "erase of the bank is refused as a whole.",
                        "flashbank ob set " + bits.stream().map(i -> "nWRP" + i + "=1")
                                .collect(Collectors.joining(" ")) + " (IDE: Option Bytes editor, untick write protection)", "no erase needed");
            }
            if (line.hasPcrop()) {
                List<Sector> pcrop = a.pcropSectors();
                boolean erased = o.pcropRdp() == p.pcropRdpSetMeansErase();
                if (pcrop.isEmpty()) {
                    add(Severity.INFO, FindingCode.PCROP, "No sector is PCROP-protected (OPTCR2.PCROP = 0).", null, null);
                } else {
                    add(Severity.WARNING, FindingCode.PCROP,
                            ProtectionModel.names(pcrop) + (pcrop.size() == 1 ? " is" : " are")
                                    + " PCROP-protected (execute-only, active high): reads raise RDERR, program/erase "
                                    + "WRPERR, and a mass erase is refused. PCROP_RDP = " + (o.pcropRdp() ? 1 : 0)
                                    + ": on an RDP 1->0 regression the PCROP sectors are "
                                    + (erased ? "erased and PCROP cleared" : "KEPT (and stay protected)") + ".",
                            "flashbank ob set PCROP_RDP=..., RDP=0x55, then flashbank rdp-regress --erase-all-flash (IDE: "
                                    + "Option Bytes editor): PCROP is removed only through an RDP regression with "
                                    + "PCROP_RDP set to erase",
                            "the whole flash is erased");
                }
            }
        }

        // ------------------------------------------------------------------------------------- boot

        private record Vectors(long sp, long reset, boolean readable, String problem) {
        }

        private record BootVerdict(Severity severity, String text, String fix, BootPath.Outcome outcome, int bank,
                boolean dualBoot) {
        }

        private void boot() {
            FindingCode[] codes = { FindingCode.BOOT_BOOT0_LOW, FindingCode.BOOT_BOOT0_HIGH };
            Severity[] sev = new Severity[2];
            int used = id.memBoot() ? 1 : 0;
            for (int pin = 0; pin < 2; pin++) {
                int raw = pin == 0 ? o.bootAdd0() : o.bootAdd1();
                BootVerdict v = bootVerdict(raw);
                sev[pin] = v.severity;
                bootPaths.add(new BootPath(pin, raw, BootAddress.toAddress(raw), v.outcome, v.bank, v.dualBoot,
                        pin == used));
                // the option the last reset used is what users depend on; a broken other path is only a warning
                Severity shown = pin == used ? v.severity : v.severity == Severity.INFO ? Severity.INFO : Severity.WARNING;
                add(shown, codes[pin], String.format("BOOT0 = %d selects BOOT_ADD%d = 0x%04X -> %s. %s", pin, pin, raw,
                        BootAddress.describe(raw, line, id.flashSizeKiB(), Optional.of(g.mode())), v.text), v.fix, null);
            }
            add(sev[used] == Severity.ERROR ? Severity.ERROR : Severity.INFO, FindingCode.BOOT_NEXT,
                    String.format("The BOOT0 pin cannot be read by a debugger. SYSCFG_MEMRMP.MEM_BOOT = %d says the last "
                            + "reset sampled BOOT0 = %d, so unless the pin changes the next reset starts what BOOT_ADD%d "
                            + "selects (see above); with BOOT0 = %d it would be BOOT_ADD%d.%s", used, used, used,
                            1 - used, 1 - used,
                            swpFb ? " SWP_FB is 0 after the reset, so 0x08000000 is physical bank 1 at boot." : ""),
                    null, null);
        }

        private BootVerdict bootVerdict(int raw) {
            long address = BootAddress.toAddress(raw);
            if (BootAddress.bootTarget(address, line, id.flashSizeKiB(), Optional.of(g.mode())).isEmpty()) {
                return new BootVerdict(Severity.ERROR, "That is not boot-capable memory: the core fetches its vector "
                        + "table from there and locks up.", "flashbank ob set BOOT_ADD0=0x08000000 (IDE: Option Bytes editor, "
                                + "BOOT_ADDx): an ADDRESS the option can hold (address >> 14: 0x2000 = 0x08000000, "
                                + "0x2040 = 0x08100000, 0x0080 = 0x00200000)",
                        BootPath.Outcome.LOCKUP, 0, false);
            }
            if (address == BootAddress.SYSTEM_MEMORY) {
                return new BootVerdict(Severity.INFO, "The ROM bootloader starts (it waits for a host on "
                        + "USART/USB/...; the application does not run).", null, BootPath.Outcome.SYSTEM_MEMORY, 0,
                        false);
            }
            Optional<FlashWindow> w = g.windowOf(address);
            if (w.isEmpty()) {
                return new BootVerdict(Severity.INFO, o.rdpLevel() == RdpLevel.LEVEL_0
                        ? "A RAM image starts (RAM content does not survive a power cycle)."
                        : "A RAM image starts — but at RDP level 1 booting from RAM blocks flash access.", null,
                        BootPath.Outcome.RAM, 0, false);
            }
            if (g.mode() == BankMode.DUAL && !o.nDBoot()) {
                return dualBoot(address);
            }
            BankOffset bo = g.physicalBankAt(address, false).orElseThrow(); // SWP_FB = 0 at reset (RM0410)
            return imageVerdict(address, bo);
        }

        /**
         * nDBOOT = 0: the ROM bootloader picks the first bank (in policy order) whose initial SP points into RAM, then
         * runs it; the image still has to be valid (dualBootPolicy, UNCONFIRMED — same rule as the simulator).
         */
        private BootVerdict dualBoot(long address) {
            BankOffset named = g.physicalBankAt(address, false).orElseThrow();
            String head = "nDBOOT = 0 (dual boot): the part starts the ROM bootloader, which picks the bank (model "
                    + "parameter dualBootPolicy = " + p.dualBootPolicy() + ", UNCONFIRMED — AN2606 not read)"
                    + (p.romBootloaderSetsSwpFb() ? " and sets SWP_FB when it starts bank 2" : "") + ". BOOT_ADDx "
                    + "itself does not select the bank in this mode.";
            int first = p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST ? named.bank() : 1;
            for (int bank : new int[] { first, 3 - first }) {
                Vectors v = vectors(bank, 0);
                if (!v.readable) {
                    return new BootVerdict(Severity.WARNING, head + " The vector tables cannot be read: " + v.problem
                            + ".", null, BootPath.Outcome.UNKNOWN, 0, true);
                }
                if (validSp(v.sp)) {
                    boolean ok = validHandler(v.reset);
                    return new BootVerdict(ok ? Severity.INFO : Severity.ERROR, head + String.format(" Physical bank %d "
                            + "is the first with a valid stack pointer (0x%08X): it starts%s.", bank, v.sp,
                            ok ? "" : String.format(", but its reset handler 0x%08X is not a Thumb address in flash, "
                                    + "so the core faults", v.reset)),
                            ok ? null : "flashbank program IMAGE into that bank (IDE: Flash Banks view)",
                            ok ? BootPath.Outcome.FLASH : BootPath.Outcome.LOCKUP, bank, true);
                }
            }
            return new BootVerdict(Severity.ERROR, head + " Neither bank holds a valid stack pointer: the ROM "
                    + "bootloader stays active.", "flashbank program IMAGE into bank 1 or 2 (IDE: Flash Banks view)", BootPath.Outcome.SYSTEM_MEMORY,
                    0, true);
        }

        private BootVerdict imageVerdict(long address, BankOffset bo) {
            Vectors v = vectors(bo.bank(), bo.offset());
            String where = String.format("the image in physical bank %d at offset 0x%X", bo.bank(), bo.offset());
            if (!v.readable) {
                return new BootVerdict(Severity.WARNING, "Cannot check " + where + ": " + v.problem + ".", null,
                        BootPath.Outcome.UNKNOWN, bo.bank(), false);
            }
            if (!validSp(v.sp) || !validHandler(v.reset)) {
                return new BootVerdict(Severity.ERROR, String.format("%s is not plausible (initial SP 0x%08X, reset "
                        + "handler 0x%08X%s): the core would fault and lock up.", cap(where), v.sp, v.reset,
                        v.sp == 0xFFFF_FFFFL ? " — the flash there is erased" : ""),
                        "flashbank program IMAGE there, or flashbank ob set BOOT_ADD0=ADDRESS of the bank that holds "
                        + "one (IDE: Option Bytes editor)",
                        BootPath.Outcome.LOCKUP, bo.bank(), false);
            }
            String text = String.format("%s looks valid (initial SP 0x%08X, reset handler 0x%08X).", cap(where), v.sp,
                    v.reset);
            Optional<BankOffset> handler = g.physicalBankAt(v.reset & ~1L, false);
            if (handler.isPresent() && g.mode() == BankMode.DUAL && handler.get().bank() != bo.bank()) {
                findings.add(Finding.of(Severity.WARNING, FindingCode.LINK_ADDRESS_MISMATCH, String.format(
                        "The image booted from 0x%08X (physical bank %d) has its reset handler at 0x%08X, which is in "
                                + "physical bank %d at boot (SWP_FB = 0): it is linked for the other bank and would run "
                                + "that bank's code.", address, bo.bank(), v.reset, handler.get().bank()),
                        "link the bank-2 image for 0x08100000 and flashbank bank-update IMAGE --scheme boot-add, or keep "
                                + "one link address (0x08000000), set SWP_FB in early startup code and use --scheme remap",
                        null));
            }
            return new BootVerdict(Severity.INFO, text, null, BootPath.Outcome.FLASH, bo.bank(), false);
        }

        private static String cap(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        /** Reads the first two words of a PHYSICAL location through the window where it is mapped now. */
        private Vectors vectors(int bank, long offset) {
            if (!flashReadable) {
                return new Vectors(0, 0, false, "flash reads fault at RDP level 1");
            }
            long a = g.windowAddress(bank, offset, swpFb, g.linkWindow());
            try {
                long sp = mem.read32(a) & 0xFFFF_FFFFL;
                long reset = mem.read32(a + 4) & 0xFFFF_FFFFL;
                return new Vectors(sp, reset, true, "");
            } catch (BusFaultException e) {
                return new Vectors(0, 0, false, "reading 0x" + Long.toHexString(a) + " faulted (" + e.getMessage()
                        + ")");
            } catch (TargetException e) {
                return new Vectors(0, 0, false, e.getMessage());
            }
        }

        private List<AddressRange> rams() {
            return List.of(BootAddress.ITCM_RAM, line.dtcm(), line.sram1(), line.sram2());
        }

        /** Initial SP: word aligned, inside a RAM or just past its end (the usual _estack). */
        private boolean validSp(long sp) {
            return (sp & 3) == 0 && rams().stream().anyMatch(r -> sp > r.start() && sp <= r.end());
        }

        /** Reset handler of a flash image: Thumb (bit 0 set) and inside a flash window. */
        private boolean validHandler(long reset) {
            return (reset & 1) == 1 && g.windowOf(reset & ~1L).isPresent();
        }

        // ------------------------------------------------------------------------------------- bank contents

        /**
         * A bank whose vector table is erased while its first sector holds data is a HALF-WRITTEN image: an update
         * or erase that was interrupted (Flashbank's bank update writes the two vector words last, so a power loss
         * during the update leaves exactly this). Reads only the first sector of such a bank.
         */
        private void bankContents() {
            if (!flashReadable) {
                return;
            }
            for (Bank b : g.banks()) {
                Vectors v = vectors(b.number(), 0);
                if (!v.readable() || v.sp() != 0xFFFF_FFFFL || v.reset() != 0xFFFF_FFFFL) {
                    continue;
                }
                AddressRange first = g.sectorRange(b.sectors().get(0), swpFb, g.linkWindow());
                byte[] data;
                try {
                    data = mem.read(first.start(), (int) first.size(), AccessWidth.WORD);
                } catch (TargetException e) {
                    continue;
                }
                boolean blank = true;
                for (byte x : data) {
                    if (x != (byte) 0xFF) {
                        blank = false;
                        break;
                    }
                }
                if (!blank) {
                    add(Severity.WARNING, FindingCode.HALF_WRITTEN_BANK, String.format("Physical bank %d (now at "
                            + "0x%08X) holds a HALF-WRITTEN image: its vector table is erased but its first sector "
                            + "holds data. An update or erase of this bank was interrupted (e.g. by a power loss); "
                            + "it cannot boot and nothing will boot it.", b.number(), first.start()),
                            "flashbank bank-update IMAGE (or flashbank program IMAGE) writes the bank again; flashbank "
                                    + "erase --bank N clears it (IDE: Flash Banks view)",
                            "none for the other bank: an interrupted bank update never touches the running bank");
                }
            }
        }

        // ------------------------------------------------------------------------------------- status

        private void status() {
            try {
                int sr = mem.read32(regs.sr().address());
                Set<FlashErrorFlag> flags = FlashErrorFlag.decode(sr, regs);
                if (!flags.isEmpty()) {
                    add(Severity.WARNING, FindingCode.STALE_ERROR_FLAGS, String.format("FLASH_SR = 0x%08X still holds "
                            + "%s from an earlier operation; some tools refuse to start (or STRT is ignored) until "
                            + "they are cleared.", sr, flags),
                            "none needed for flashbank program/erase (the driver clears them first); registers: write 1s to "
                                    + "the flags in FLASH_SR",
                            "none");
                }
                if (regs.sr().field(BSY).isSet(sr)) {
                    add(Severity.WARNING, FindingCode.FLASH_BUSY, "FLASH_SR.BSY = 1: a flash operation is running "
                            + "right now (firmware, or another tool).", "wait for it to finish, then run flashbank program again (or --connect-under-reset)",
                            null);
                }
            } catch (TargetException e) {
                add(Severity.WARNING, FindingCode.STALE_ERROR_FLAGS, "FLASH_SR could not be read: " + e.getMessage(),
                        null, null);
            }
        }

        // ------------------------------------------------------------------------------------- assumptions

        void assumptions() {
            List<String> l = new ArrayList<>();
            if (line.dualBankCapable()) {
                l.add("erase selects physical banks under SWP_FB = " + p.bankEraseSelectsPhysicalBank());
                l.add("dual-boot bank choice = " + p.dualBootPolicy());
                l.add("ROM bootloader sets SWP_FB = " + p.romBootloaderSetsSwpFb());
            }
            if (line.hasPcrop()) {
                l.add("mass erase meeting PCROP raises " + p.pcropMassEraseFlag());
                l.add("PCROP_RDP = 1 means erase on regression = " + p.pcropRdpSetMeansErase());
            }
            l.add("options acting at once after OPTSTRT = " + p.optionsEffectiveAfterOptstrt().stream().sorted()
                    .collect(Collectors.joining(", ")));
            l.add("timings from " + d.timings().source());
            add(Severity.INFO, FindingCode.ASSUMPTIONS, "These answers rely on UNCONFIRMED model parameters "
                    + "(RM0410 and the STM32F7 datasheet leave them open): " + String.join("; ", l) + ".", null, null);
        }
    }
}
