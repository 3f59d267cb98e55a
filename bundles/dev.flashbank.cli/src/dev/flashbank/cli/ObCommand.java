package dev.flashbank.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.ops.StoredConfirmationException;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flashbank ob ...}: option bytes, every field with its meaning. */
@Command(name = "ob", header = "Show and change option bytes.", mixinStandardHelpOptions = true, description = "Show and change option bytes.",
        subcommands = { ObCommand.Show.class, ObCommand.Set.class, ObCommand.Backup.class, ObCommand.Restore.class })
public final class ObCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flashbank ob show}. */
    @Command(name = "show", header = "Every option-byte field with its value and meaning.", mixinStandardHelpOptions = true,
            description = { "Every option-byte field of the connected part with its value and meaning",
                    "(polarity spelled out: nWRP is active low, PCROP active high)." })
    public static final class Show extends TargetCommand {
        @Override
        protected int run(TargetConnection c) throws CliException {
            TargetIdentity id = c.identity();
            OptionImage ob = id.options();
            DeviceDescriptor d = id.descriptor();
            List<OptionField> fields = d.optionFields(id.flashSizeKiB(), id.bankMode());
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("device", id.device().name());
                o.put("family", d.family());
                Map<String, Object> registers = Json.object();
                for (String r : ob.registerNames()) {
                    // each register also as a top-level key (optcr, optcr1, ...), as scripts read them before
                    o.put(r.toLowerCase(Locale.ROOT), hex32(ob.word(r)));
                    registers.put(r, hex32(ob.word(r)));
                }
                o.put("registers", registers);
                o.put("fields", fields.stream().map(f -> {
                    Map<String, Object> m = Json.object();
                    m.put("name", f.name());
                    m.put("register", f.register());
                    d.optionGroup(f).ifPresent(g -> m.put("group", g));
                    m.put("value", ob.get(f));
                    m.put("meaning", f.describe(ob.get(f)));
                    return m;
                }).toList());
                out().println(Json.render(o));
            } else {
                out().printf("Option bytes of %s: %s%n", id.device().name(), String.join(" ",
                        ob.registerNames().stream().map(r -> r + "=" + hex32(ob.word(r))).toList()));
                // fields in the family's groups (first appearance order), else in register order as they are
                Map<String, List<OptionField>> groups = new java.util.LinkedHashMap<>();
                for (OptionField f : fields) {
                    groups.computeIfAbsent(d.optionGroup(f).orElse(""), g -> new java.util.ArrayList<>()).add(f);
                }
                int width = Math.max(12, fields.stream().mapToInt(f -> f.name().length()).max().orElse(0));
                for (var g : groups.entrySet()) {
                    if (!g.getKey().isEmpty()) {
                        out().println(" " + g.getKey() + ":");
                    }
                    for (OptionField f : g.getValue()) {
                        int v = ob.get(f);
                        out().printf("  %-" + width + "s %-8s %s%n", f.name(), "0x" + Integer.toHexString(v).toUpperCase(),
                                f.describe(v));
                    }
                }
            }
            return ExitCodes.OK;
        }

        private static String hex32(int word) {
            return String.format("0x%08X", word);
        }
    }

    /** Where option-byte backups go unless {@code --backup-dir} says otherwise. */
    static Path defaultBackupDir() {
        return dev.flashbank.core.io.FlashbankHome.backups();
    }

    /** Options of every command that writes option bytes. */
    static final class WriteOptions {
        @Option(names = "--confirm", paramLabel = "PART", description = "The part name, typed exactly, to allow an irreversible change (RDP level 2).")
        String confirm;

        @Option(names = "--erase-all-flash", description = "Allow a change that erases flash or makes it unusable (RDP 1->0, the bank-mode option, PCROP removal).")
        boolean eraseAllFlash;

        @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where the backup goes (default: $FLASHBANK_HOME/backups).")
        Path backupDir;

        @Option(names = "--dry-run", description = "Show the changes and their consequences; write nothing.")
        boolean dryRun;

        int write(OperationCommand cmd, TargetConnection c, OptionImage requested) throws CliException {
            return ObWrite.write(cmd, c, requested, Confirmation.of(eraseAllFlash, confirm),
                    backupDir != null ? backupDir : defaultBackupDir(), dryRun);
        }
    }

    /** {@code flashbank ob set NAME=VALUE...}. */
    @Command(name = "set", header = "Change option bytes: NAME=VALUE ... (backup first, verify after).", mixinStandardHelpOptions = true,
            description = { "Change option bytes: NAME=VALUE ... (see 'ob show' for the names), each option once.",
                    "  BOOT_ADD0/BOOT_ADD1 (where the part has them) = an address (0x08100000;",
                    "        refused unless 16 KiB aligned and boot-capable)",
                    "  page ranges (WRP1A_STRT=0 WRP1A_END=3 where the part has them) = pages",
                    "  BOR_LEV = LEVEL_3 | LEVEL_2 | LEVEL_1 | OFF or the exact code (0b01); a bare",
                    "        1 is refused",
                    "  RDP = level0 | level1 | level2 or 0xAA / 0xCC; any other byte (also level 1",
                    "        on the part) only with --raw",
                    "  one-bit options 0/1 under their manual names (nWRP3=0 write-protects what",
                    "        nWRP bit 3 covers; BFB2=1 or nSWAP_BANK=0 choose the boot bank)",
                    "Every change is listed with its risk and consequence; the previous values are",
                    "saved to a backup file first; the result is read back and verified. A change",
                    "that erases flash (RDP 1->0, the bank-mode option - nDBANK, DBANK -, PCROP",
                    "removal) needs --erase-all-flash; RDP level 2 is IRREVERSIBLE and needs",
                    "--confirm with the part name typed exactly. Without them nothing is written",
                    "(exit code 3)." })
    public static final class Set extends OperationCommand {
        @Parameters(paramLabel = "NAME=VALUE", arity = "1..*")
        List<String> assignments;

        @Mixin
        WriteOptions writeOptions;

        @Option(names = "--raw", description = "Allow an RDP byte other than 0xAA/0xCC (the part reads it as level 1).")
        boolean raw;

        @Override
        protected int run(TargetConnection c) throws CliException {
            OptionImage ob = ObWrite.apply(c, assignments, raw);
            return writeOptions.write(this, c, ob);
        }
    }

    /** {@code flashbank ob backup FILE}. */
    @Command(name = "backup", header = "Save the option bytes to a profile file.", mixinStandardHelpOptions = true,
            description = "Save the option bytes to a profile file (human-readable, written atomically).")
    public static final class Backup extends TargetCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--force", description = "Replace an existing file.")
        boolean force;

        @Override
        protected int run(TargetConnection c) throws CliException {
            if (java.nio.file.Files.exists(file) && !force) {
                throw new CliException(ExitCodes.REFUSED, file + " exists; use --force to replace it");
            }
            TargetIdentity id = c.identity();
            try {
                OptionProfileFile.write(file, new OptionProfile(ObWrite.partName(c), id.flashSizeKiB(), id.options(),
                        java.time.Instant.now(), "flashbank ob backup"));
            } catch (java.io.IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
            }
            out().println(json() ? Json.render(java.util.Map.of("ok", true, "file", file.toString()))
                    : "Option bytes of " + ObWrite.partName(c) + " saved to " + file);
            return ExitCodes.OK;
        }
    }

    /** {@code flashbank ob restore FILE}. */
    @Command(name = "restore", header = "Write the option bytes of a profile file.", mixinStandardHelpOptions = true,
            description = { "Write the option bytes of a profile file (from 'ob backup' or the Option Bytes editor).",
                    "Same safety as 'ob set': changes listed with risk, backup first, verify after; the same",
                    "--erase-all-flash / --confirm PART. A profile that stores a confirmation is refused." })
    public static final class Restore extends OperationCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Mixin
        WriteOptions writeOptions;

        @Override
        protected int run(TargetConnection c) throws CliException {
            OptionProfile p;
            try {
                p = OptionProfileFile.read(file, InstalledFamilies.families());
            } catch (StoredConfirmationException e) {
                throw new CliException(ExitCodes.REFUSED, e.getMessage(), e);
            } catch (OptionProfileException e) {
                throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
            }
            TargetIdentity id = c.identity();
            if (!p.lineId().equals(id.options().lineId())) {
                throw new CliException(ExitCodes.REFUSED, file + " holds option bytes of " + p.partName()
                        + ", a different line than the connected " + id.device().name() + "; nothing written");
            }
            return writeOptions.write(this, c, p.options());
        }
    }
}
