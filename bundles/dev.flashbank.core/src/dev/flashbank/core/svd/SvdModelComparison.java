package dev.flashbank.core.svd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;

/**
 * Compares register blocks of the device model with an SVD description (a full file or a committed
 * {@link SvdTable}): peripheral base + offset = model address, register size, names, reset values, every field's
 * name, position and width, and the SVD fields the model does not define. Every difference becomes a
 * {@link Difference}; a test then requires each one to be a listed, explained SVD erratum.
 * <p>
 * Addresses and register sizes are never an accepted difference: a mismatch there is a {@link Difference} of kind
 * {@link Kind#ADDRESS} / {@link Kind#SIZE} as well, but no family should list one.
 */
public final class SvdModelComparison {

    /** What differs. */
    public enum Kind {
        /** SVD peripheral has another name (value = SVD name). */
        PERIPHERAL_NAME,
        /** No SVD peripheral has the model block's name or base (value = "-"). */
        MISSING_PERIPHERAL,
        /** SVD register at the model's offset has another name (value = SVD name). */
        REGISTER_NAME,
        /** SVD has no register at the model's offset (value = "-"). */
        MISSING_REGISTER,
        /** SVD base + offset differs from the model address (value = SVD address). */
        ADDRESS,
        /** SVD register size is not 32 bits (value = SVD size). */
        SIZE,
        /** Reset values differ (value = SVD reset value). */
        RESET_VALUE,
        /** SVD field at the model field's lsb has another name (value = SVD name). */
        FIELD_NAME,
        /** SVD field has another position/width (value = "lsb:width" in the SVD). */
        FIELD_BITS,
        /** SVD has no field at the model field's position (value = "-"). */
        MISSING_FIELD,
        /** SVD fields the model does not define (value = sorted SVD names, comma-separated). */
        UNMODELLED_SVD_FIELDS
    }

    /** One difference at model location {@code where} (BLOCK.REGISTER[.FIELD]) with the SVD's value. */
    public record Difference(Kind kind, String where, String svdValue) {
        /** "KIND where svdValue", the form exception lists are written in. */
        public String key() {
            return kind + " " + where + " " + svdValue;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /**
     * Decides whether an SVD field name means the model's field (beyond exact equality), e.g. a family whose SVD
     * appends the bank number to the fields of per-bank registers (LOCK1 in CR1).
     */
    @FunctionalInterface
    public interface FieldNameRule {
        boolean sameField(Register modelRegister, Field modelField, String svdFieldName);

        /** Only identical names are the same field. */
        static FieldNameRule exact() {
            return (r, f, svd) -> svd.equals(f.name());
        }
    }

    /** The differences found and how many model fields were compared with an SVD field. */
    public record Result(List<Difference> differences, int comparedFields, int comparedRegisters) {
        public Result {
            differences = List.copyOf(differences);
        }

        public List<String> keys() {
            return differences.stream().map(Difference::key).toList();
        }
    }

    private SvdModelComparison() {
    }

    /** Compares {@code blocks} with {@code svd} using exact field names. */
    public static Result compare(List<RegisterBlock> blocks, SvdDevice svd) {
        return compare(blocks, svd, FieldNameRule.exact());
    }

    public static Result compare(List<RegisterBlock> blocks, SvdDevice svd, FieldNameRule rule) {
        List<Difference> out = new ArrayList<>();
        int fields = 0;
        int registers = 0;
        for (RegisterBlock block : blocks) {
            Optional<SvdPeripheral> exact = svd.peripheral(block.name());
            SvdPeripheral p;
            if (exact.isPresent()) {
                p = exact.get();
            } else {
                p = svd.peripheralAt(block.base()).orElse(null);
                if (p == null) {
                    out.add(new Difference(Kind.MISSING_PERIPHERAL, block.name(), "-"));
                    continue;
                }
                out.add(new Difference(Kind.PERIPHERAL_NAME, block.name(), p.name()));
            }
            for (Register r : block.registers()) {
                String where = block.name() + "." + r.name();
                Optional<SvdRegister> sr = p.register(r.name());
                if (sr.isEmpty()) {
                    sr = p.registerAtOffset(r.offset());
                    if (sr.isEmpty()) {
                        out.add(new Difference(Kind.MISSING_REGISTER, where, "-"));
                        continue;
                    }
                    out.add(new Difference(Kind.REGISTER_NAME, where, sr.get().name()));
                }
                SvdRegister s = sr.get();
                registers++;
                if (p.baseAddress() + s.addressOffset() != r.address()) {
                    out.add(new Difference(Kind.ADDRESS, where, String.format("0x%08X", p.baseAddress()
                            + s.addressOffset())));
                }
                if (s.size() != 32) {
                    out.add(new Difference(Kind.SIZE, where, String.valueOf(s.size())));
                }
                if ((int) s.resetValue() != r.resetValue()) {
                    out.add(new Difference(Kind.RESET_VALUE, where, String.format("0x%08X", s.resetValue())));
                }
                Set<String> matched = new HashSet<>();
                for (Field f : r.fields()) {
                    String fw = where + "." + f.name();
                    Optional<SvdField> sf = s.fields().stream().filter(x -> rule.sameField(r, f, x.name())).findFirst();
                    if (sf.isEmpty()) {
                        sf = s.fieldAt(f.lsb());
                        if (sf.isEmpty()) {
                            out.add(new Difference(Kind.MISSING_FIELD, fw, "-"));
                            continue;
                        }
                        out.add(new Difference(Kind.FIELD_NAME, fw, sf.get().name()));
                    }
                    matched.add(sf.get().name());
                    fields++;
                    if (sf.get().lsb() != f.lsb() || sf.get().width() != f.width()) {
                        out.add(new Difference(Kind.FIELD_BITS, fw, sf.get().lsb() + ":" + sf.get().width()));
                    }
                }
                Set<String> extra = new TreeSet<>();
                s.fields().stream().map(SvdField::name).filter(n -> !matched.contains(n)).forEach(extra::add);
                if (!extra.isEmpty()) {
                    out.add(new Difference(Kind.UNMODELLED_SVD_FIELDS, where, String.join(",", extra)));
                }
            }
        }
        return new Result(out, fields, registers);
    }
}
