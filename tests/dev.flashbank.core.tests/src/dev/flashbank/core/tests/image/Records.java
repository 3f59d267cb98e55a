package dev.flashbank.core.tests.image;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;

import dev.flashbank.core.image.ImageFormatException;

/** Hand-made Intel HEX and S-records with correct checksums, and a helper to catch the reader's one error. */
final class Records {

    private Records() {
    }

    /** An Intel HEX record ":" count offset type data checksum (two's complement of the byte sum). */
    static String hex(int type, int offset, int... data) {
        StringBuilder sb = new StringBuilder(":");
        int sum = data.length + (offset >> 8) + (offset & 0xFF) + type;
        sb.append(String.format("%02X%04X%02X", data.length, offset, type));
        for (int d : data) {
            sb.append(String.format("%02X", d));
            sum += d;
        }
        return sb.append(String.format("%02X", -sum & 0xFF)).toString();
    }

    /** An S-record "S" type count address data checksum (ones' complement of the byte sum). */
    static String srec(int type, int addressBytes, long address, int... data) {
        int count = addressBytes + data.length + 1;
        StringBuilder sb = new StringBuilder("S").append(type).append(String.format("%02X", count));
        int sum = count;
        for (int i = addressBytes - 1; i >= 0; i--) {
            int b = (int) (address >>> (8 * i)) & 0xFF;
            sb.append(String.format("%02X", b));
            sum += b;
        }
        for (int d : data) {
            sb.append(String.format("%02X", d));
            sum += d;
        }
        return sb.append(String.format("%02X", ~sum & 0xFF)).toString();
    }

    static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1); // one byte per char
    }

    interface Reading {
        void run() throws Exception;
    }

    /** The ImageFormatException {@code r} throws; fails the test if it throws nothing or anything else. */
    static ImageFormatException formatError(Reading r) {
        try {
            r.run();
        } catch (ImageFormatException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected ImageFormatException, got " + e, e);
        }
        return fail("expected ImageFormatException, the input was accepted");
    }
}
