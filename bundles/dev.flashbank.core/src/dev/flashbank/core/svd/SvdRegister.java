package dev.flashbank.core.svd;

import java.util.List;
import java.util.Optional;

/** A register of an SVD peripheral, with size, reset value and access resolved through SVD inheritance. */
public record SvdRegister(String name, long addressOffset, int size, long resetValue, String access,
        String description, List<SvdField> fields) {

    public SvdRegister {
        fields = List.copyOf(fields);
    }

    public Optional<SvdField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Field occupying exactly bits lsb..lsb+width-1, if any (for matching fields whose names differ). */
    public Optional<SvdField> fieldAt(int lsb) {
        return fields.stream().filter(f -> f.lsb() == lsb).findFirst();
    }
}
