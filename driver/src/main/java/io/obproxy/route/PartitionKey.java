package io.obproxy.route;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One partition-key column value, as OceanBase's partition functions see it: a signed or unsigned
 * 64-bit integer (also DATE/YEAR/DATETIME as their int64 encodings), a double, a string with its
 * collation id, raw bytes, or NULL. Immutable.
 */
public final class PartitionKey {
    /** Collation ids OceanBase's metadata uses ({@code part_key_collation_type}). */
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int UTF8MB4_BIN = 46;
    public static final int BINARY = 63;

    enum Kind { NULL, INTEGER, UNSIGNED, DOUBLE, STRING, BYTES }

    private static final PartitionKey NULL = new PartitionKey(Kind.NULL, 0, null, 0);

    private final Kind kind;
    private final long bits;
    private final Object value;
    private final int collation;

    private PartitionKey(Kind kind, long bits, Object value, int collation) {
        this.kind = kind;
        this.bits = bits;
        this.value = value;
        this.collation = collation;
    }

    public static PartitionKey ofNull() {
        return NULL;
    }

    public static PartitionKey ofLong(long v) {
        return new PartitionKey(Kind.INTEGER, v, null, BINARY);
    }

    /** @param v the unsigned value's 64 bits (a BIGINT UNSIGNED above Long.MAX_VALUE is negative here) */
    public static PartitionKey ofUnsigned(long v) {
        return new PartitionKey(Kind.UNSIGNED, v, null, BINARY);
    }

    public static PartitionKey ofDouble(double v) {
        return new PartitionKey(Kind.DOUBLE, Double.doubleToLongBits(v == 0.0 ? 0.0 : v), null, BINARY);
    }

    public static PartitionKey ofString(String v, int collation) {
        return new PartitionKey(Kind.STRING, 0, Objects.requireNonNull(v), collation);
    }

    public static PartitionKey ofBytes(byte[] v) {
        return new PartitionKey(Kind.BYTES, 0, v.clone(), BINARY);
    }

    Kind kind() {
        return kind;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    /** @return the 64 bits of an INTEGER, UNSIGNED or DOUBLE (raw IEEE bits, -0.0 folded to 0.0) */
    long bits() {
        return bits;
    }

    int collation() {
        return collation;
    }

    String string() {
        return (String) value;
    }

    /**
     * @return the bytes KEY partitioning hashes for a STRING or BYTES value: UTF-8 without trailing
     * spaces for utf8mb4_bin (MySQL mode pads), all bytes for binary
     * @throws NotRoutableException for collations whose sort keys the driver does not compute
     */
    byte[] hashBytes() throws NotRoutableException {
        if (kind == Kind.BYTES) {
            return (byte[]) value;
        }
        switch (collation) {
            case UTF8MB4_BIN:
                return stripTrailingSpaces(string()).getBytes(StandardCharsets.UTF_8);
            case BINARY:
                return string().getBytes(StandardCharsets.UTF_8);
            default:
                throw new NotRoutableException("collation " + collation + " of a string key is not supported");
        }
    }

    static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionKey)) {
            return false;
        }
        PartitionKey k = (PartitionKey) o;
        return kind == k.kind && bits == k.bits && collation == k.collation
                && (value instanceof byte[] ? java.util.Arrays.equals((byte[]) value, (byte[]) k.value)
                : Objects.equals(value, k.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bits, collation, value instanceof byte[] ? java.util.Arrays.hashCode((byte[]) value) : value);
    }

    @Override
    public String toString() {
        switch (kind) {
            case NULL: return "NULL";
            case INTEGER: return Long.toString(bits);
            case UNSIGNED: return Long.toUnsignedString(bits);
            case DOUBLE: return Double.toString(Double.longBitsToDouble(bits));
            case STRING: return "'" + value + "'";
            default: return "0x" + java.util.HexFormat.of().formatHex((byte[]) value);
        }
    }
}
