package dev.flashbank.core.svd;

/** A field of an SVD register: {@code width} bits from {@code lsb}; access may be null (inherits the register's). */
public record SvdField(String name, int lsb, int width, String access, String description) {

    public int msb() {
        return lsb + width - 1;
    }
}
