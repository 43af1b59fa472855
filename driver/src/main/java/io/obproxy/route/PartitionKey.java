package io.obproxy.route;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One partition-key column value, as OceanBase's partition functions see it: a signed or unsigned
 * 64-bit integer (also date/time types as their int64 encodings, see {@link PartitionKeys}), a
 * double, an exact decimal (of a column stored as OceanBase's {@code NUMBER}, or as its scaled
 * {@code DECIMAL_INT}, which KEY partitioning hashes differently), a string with its collation id,
 * raw bytes, or NULL. Immutable.
 */
final class PartitionKey {
    enum Kind { NULL, INTEGER, UNSIGNED, DOUBLE, DECIMAL, DECIMAL_INT, STRING, BYTES }

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
        return new PartitionKey(Kind.INTEGER, v, null, Collations.BINARY);
    }

    /** @param v the unsigned value's 64 bits (a BIGINT UNSIGNED above Long.MAX_VALUE is negative here) */
    public static PartitionKey ofUnsigned(long v) {
        return new PartitionKey(Kind.UNSIGNED, v, null, Collations.BINARY);
    }

    public static PartitionKey ofDouble(double v) {
        return new PartitionKey(Kind.DOUBLE, Double.doubleToLongBits(v == 0.0 ? 0.0 : v), null, Collations.BINARY);
    }

    /**
     * @param v    the value a {@code DOUBLE(m,d)} column stores (compared as a double)
     * @param text the value at the column's scale, as KEY partitioning hashes it
     */
    public static PartitionKey ofFixedDouble(double v, String text) {
        return new PartitionKey(Kind.DOUBLE, Double.doubleToLongBits(v), text, Collations.BINARY);
    }

    /** @return a value of a column OceanBase stores as {@code NUMBER} ({@code ObNumberType}) */
    public static PartitionKey ofDecimal(BigDecimal v) {
        return new PartitionKey(Kind.DECIMAL, 0, v.stripTrailingZeros(), Collations.BINARY);
    }

    /**
     * @param v the value at its column's scale ({@code v.scale()} is the column's): OceanBase stores
     *          it as the integer {@code v.unscaledValue()} ({@code ObDecimalIntType})
     */
    public static PartitionKey ofDecimalInt(BigDecimal v) {
        return new PartitionKey(Kind.DECIMAL_INT, 0, v, Collations.BINARY);
    }

    /** @param collation the column's collation id ({@link Collations}) */
    public static PartitionKey ofString(String v, int collation) {
        return new PartitionKey(Kind.STRING, 0, Objects.requireNonNull(v), collation);
    }

    public static PartitionKey ofBytes(byte[] v) {
        return new PartitionKey(Kind.BYTES, 0, v.clone(), Collations.BINARY);
    }

    Kind kind() {
        return kind;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    /** @return true for INTEGER, UNSIGNED, DOUBLE, DECIMAL and DECIMAL_INT */
    boolean isNumber() {
        return kind != Kind.NULL && kind != Kind.STRING && kind != Kind.BYTES;
    }

    /** @return the 64 bits of an INTEGER, UNSIGNED or DOUBLE (raw IEEE bits, -0.0 folded to 0.0) */
    long bits() {
        return bits;
    }

    int collation() {
        return collation;
    }

    /** @return a STRING's text, or a fixed-scale DOUBLE's decimal text (null for other doubles) */
    String string() {
        return (String) value;
    }

    byte[] bytes() {
        return (byte[]) value;
    }

    /** @return the exact value of any number kind */
    BigDecimal decimal() {
        switch (kind) {
            case DECIMAL: case DECIMAL_INT: return (BigDecimal) value;
            case DOUBLE: return new BigDecimal(Double.longBitsToDouble(bits));
            case UNSIGNED: return new BigDecimal(Long.toUnsignedString(bits));
            default: return BigDecimal.valueOf(bits);
        }
    }

    /** @return the bytes of a STRING as the binary collation hashes them: UTF-8, every byte */
    byte[] utf8() {
        return string().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionKey)) {
            return false;
        }
        PartitionKey k = (PartitionKey) o;
        return kind == k.kind && bits == k.bits && collation == k.collation
                && (value instanceof byte[] ? Arrays.equals((byte[]) value, (byte[]) k.value)
                : Objects.equals(value, k.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bits, collation, value instanceof byte[] ? Arrays.hashCode((byte[]) value) : value);
    }

    @Override
    public String toString() {
        switch (kind) {
            case NULL: return "NULL";
            case INTEGER: return Long.toString(bits);
            case UNSIGNED: return Long.toUnsignedString(bits);
            case DOUBLE: return Double.toString(Double.longBitsToDouble(bits));
            case DECIMAL: case DECIMAL_INT: return ((BigDecimal) value).toPlainString();
            case STRING: return "'" + value + "'";
            default: return "0x" + HexFormat.of().formatHex((byte[]) value);
        }
    }
}
