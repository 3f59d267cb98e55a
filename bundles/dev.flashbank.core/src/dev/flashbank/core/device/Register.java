package dev.flashbank.core.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A 32-bit memory-mapped register: absolute {@code address}, {@code offset} from its block base, documented reset
 * value, access and fields (ordered by lsb). {@code resetNote} says where the reset value comes from when it is not a
 * plain datasheet fact (e.g. "reflects option bytes").
 */
public record Register(String name, long address, long offset, int resetValue, Access access, List<Field> fields,
        String description, String resetNote) {

    public Register {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
        fields = List.copyOf(fields.stream().sorted((a, b) -> Integer.compare(a.lsb(), b.lsb())).toList());
        description = description == null ? "" : description;
        resetNote = resetNote == null ? "" : resetNote;
        for (int i = 0; i < fields.size(); i++) {
            for (int j = i + 1; j < fields.size(); j++) {
                if ((fields.get(i).mask() & fields.get(j).mask()) != 0) {
                    throw new IllegalArgumentException("register " + name + ": fields " + fields.get(i).name() + " and "
                            + fields.get(j).name() + " overlap");
                }
            }
        }
    }

    public Optional<Field> findField(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public boolean hasField(String fieldName) {
        return findField(fieldName).isPresent();
    }

    /** The field named {@code fieldName}; {@link UnknownModelElementException} when this register has none. */
    public Field field(String fieldName) {
        return findField(fieldName).orElseThrow(
                () -> new UnknownModelElementException("register " + name + " has no field " + fieldName));
    }

    /** OR of all field masks: the bits that mean something. */
    public int definedBits() {
        int m = 0;
        for (Field f : fields) {
            m |= f.mask();
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format("%s@0x%08X", name, address);
    }
}
