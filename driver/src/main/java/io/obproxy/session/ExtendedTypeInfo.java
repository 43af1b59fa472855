package io.obproxy.session;

import java.io.IOException;
import java.util.Arrays;

/**
 * MariaDB's extended type information in a column definition packet: the field a server adds when
 * the client asked for it (capability MARIADB_CLIENT_EXTENDED_METADATA, bit 35). A definition is six
 * length-encoded strings (catalog, schema, table alias, table, column alias, column), then this
 * field, a length-encoded string of pairs (a kind byte, 0 the data type's name such as {@code uuid}
 * and 1 its format such as {@code json}, and a length-encoded value), then the fixed part that
 * starts with 0x0C. Without the capability the field is absent, so the two shapes differ by that one
 * string; an empty one is the single byte 0.
 */
final class ExtendedTypeInfo {
    private static final int STRINGS_BEFORE = 6;

    private ExtendedTypeInfo() {
    }

    /**
     * @return where the field starts in the definition at {@code payload[from, from + length)},
     * relative to {@code from}
     * @throws IOException the packet is shorter than six strings and a field
     */
    static int offset(byte[] payload, int from, int length) throws IOException {
        int at = 0;
        for (int i = 0; i < STRINGS_BEFORE; i++) {
            at += size(payload, from + at, length - at);
        }
        if (at >= length) {
            throw malformed(length);
        }
        return at;
    }

    /**
     * @return the bytes of the length-encoded string at {@code payload[at]}, its length prefix
     * included, when it lies within the {@code left} bytes from there
     */
    static int size(byte[] payload, int at, int left) throws IOException {
        if (left < 1) {
            throw malformed(left);
        }
        int first = payload[at] & 0xFF;
        int prefix = LengthEncoded.size(first);
        if (first == 0xFB || first == 0xFF || prefix > left) {
            throw malformed(left);
        }
        long value = LengthEncoded.value(payload, at);
        if (value > left - prefix) {
            throw malformed(left);
        }
        return prefix + (int) value;
    }

    /**
     * Removes the field from the definition in {@code payload[0, length)}.
     *
     * @return the definition's new length
     */
    static int remove(byte[] payload, int length) throws IOException {
        int at = offset(payload, 0, length);
        int field = size(payload, at, length - at);
        System.arraycopy(payload, at + field, payload, at, length - at - field);
        return length - field;
    }

    /**
     * Inserts an empty field into the definition in {@code payload[0, length)}, which has none.
     *
     * @return the payload (a larger array when it had no room) holding {@code length + 1} bytes
     */
    static byte[] insertEmpty(byte[] payload, int length) throws IOException {
        int at = offset(payload, 0, length);
        byte[] into = payload.length > length ? payload : Arrays.copyOf(payload, length + 64);
        System.arraycopy(into, at, into, at + 1, length - at);
        into[at] = 0;
        return into;
    }

    private static IOException malformed(int left) {
        return new IOException("a malformed column definition from the server (" + left + " bytes left at a string)");
    }
}
