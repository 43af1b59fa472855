package io.obproxy.route;

import io.obproxy.cluster.PartitionLevel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Turns a value into the {@link PartitionKey} of a key column, by the column's OceanBase type
 * ({@code ObObjType}): the one conversion for values read from SQL text, values bound to markers and
 * partition bounds. Pure.
 *
 * <p>Values: null, a Number, a String (numbers as written, text unquoted), byte[] (hex literals,
 * {@code setBytes}), {@link LocalDate}, {@link LocalDateTime}, {@link LocalTime}.
 *
 * <p>Types: integers (1-10, unsigned from 6) as 64-bit integers; FLOAT (11, 13) through float and
 * DOUBLE (12, 14) as doubles, a DOUBLE of fixed scale as its decimal text; DECIMAL (15, 16 as
 * NUMBER, 50 as DECIMAL_INT) exactly, at the column's scale; dates and times (17-21, 52, 53) as the
 * integers OceanBase stores ({@link TemporalKeys}), TIMESTAMP in the session's time zone; strings
 * (22, 23, 27-30) with their collation. Each encoding is checked against values OceanBase printed
 * (test resources oceanbase/). Anything else is {@link NotRoutableException}, saying why.
 */
public final class PartitionKeys {
    /** {@code ObNumberType}, {@code ObUNumberType}, {@code ObDecimalIntType}: DECIMAL columns. */
    private static final int NUMBER = 15;
    private static final int UNSIGNED_NUMBER = 16;
    private static final int DECIMAL_INT = 50;
    /** {@code ObMySQLDateType}, {@code ObMySQLDateTimeType}: DATE and DATETIME of tenants created by 4.3 on. */
    private static final int MYSQL_DATE = 52;
    private static final int MYSQL_DATETIME = 53;
    /** {@code ObCharType}: CHAR(n), and BINARY(n) with the binary collation. */
    private static final int CHAR = 23;

    private PartitionKeys() {
    }

    /** @return the key of {@code value} for {@code column}, with no session time zone known (TIMESTAMP not routable) */
    public static PartitionKey of(Object value, PartitionLevel.KeyColumn column) throws NotRoutableException {
        return of(value, column, null);
    }

    /**
     * @param zone the session's time zone, in which TIMESTAMP values are read; null when unknown
     * @return the key of {@code value} for {@code column}
     */
    public static PartitionKey of(Object value, PartitionLevel.KeyColumn column, ZoneId zone) throws NotRoutableException {
        if (value == null) {
            return PartitionKey.ofNull();
        }
        int type = column.obType();
        try {
            if (type >= 1 && type <= 5) {
                return PartitionKey.ofLong(integer(value, column, false));
            }
            if (type >= 6 && type <= 10) {
                return PartitionKey.ofUnsigned(integer(value, column, true));
            }
            if (type >= 11 && type <= 14) {
                return floating(value, column);
            }
            if (type == NUMBER || type == UNSIGNED_NUMBER || type == DECIMAL_INT) {
                return decimal(value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(text(value, column).trim()),
                        column);
            }
            switch (type) {
                case 17:
                    return PartitionKey.ofLong(TemporalKeys.datetimeMicros(value));
                case 18:
                    return PartitionKey.ofLong(TemporalKeys.timestampMicros(value, zone));
                case 19:
                    return PartitionKey.ofLong(TemporalKeys.days(value));
                case 20:
                    return PartitionKey.ofLong(TemporalKeys.timeMicros(value));
                case 21:
                    return PartitionKey.ofLong(TemporalKeys.year(integer(value, column, false)));
                case MYSQL_DATE:
                    return PartitionKey.ofLong(TemporalKeys.packedDate(value));
                case MYSQL_DATETIME:
                    return PartitionKey.ofLong(TemporalKeys.packedDatetime(value));
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw new NotRoutableException("value " + value + " does not fit " + column.name() + " (type " + type + ")");
        }
        if (type == 22 || type == 23 || (type >= 27 && type <= 30)) {
            return string(value, column);
        }
        throw new NotRoutableException("column " + column.name() + " of type " + type + " is not supported for routing");
    }

    /**
     * @return a SQL literal's value: quoted text unquoted (escapes resolved), {@code X'..'} / {@code 0x..}
     * as bytes where text is wanted, NULL as null, anything else (numbers) as written
     */
    public static Object literal(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')) {
            return unquote(text);
        }
        if (text.length() >= 3 && (text.charAt(0) == 'X' || text.charAt(0) == 'x') && text.charAt(1) == '\'') {
            return HexFormat.of().parseHex(text.substring(2, text.length() - 1));
        }
        if (text.length() >= 3 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            String digits = text.substring(2);
            return HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits);
        }
        if (text.equalsIgnoreCase("NULL")) {
            return null;
        }
        return text;
    }

    private static String unquote(String text) {
        char quote = text.charAt(0);
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                char n = text.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == '0' ? '\0' : n == 'r' ? '\r' : n == 'Z' ? '\032' : n);
            } else if (c == quote && i + 1 < text.length() - 1 && text.charAt(i + 1) == quote) {
                sb.append(quote);
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String text(Object value, PartitionLevel.KeyColumn column) throws NotRoutableException {
        if (value instanceof byte[]) {
            throw new NotRoutableException("bytes given for column " + column.name() + " of type " + column.obType());
        }
        return value.toString();
    }

    /**
     * A DECIMAL value as its column holds it. With the column's scale known, a value with more
     * decimals than the scale (which an INSERT would round, and no stored value equals) or more
     * integer digits than the precision allows is not routable.
     */
    private static PartitionKey decimal(BigDecimal v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        if (column.obType() == UNSIGNED_NUMBER && v.signum() < 0) {
            throw new NotRoutableException("negative value " + v + " for unsigned column " + column.name());
        }
        BigDecimal exact = stripped(v);
        if (integerDigits(exact) > MAX_DECIMAL_DIGITS || exact.scale() > MAX_DECIMAL_SCALE) {
            throw new NotRoutableException("value " + v + " is beyond any DECIMAL column (at most "
                    + MAX_DECIMAL_DIGITS + " digits, " + MAX_DECIMAL_SCALE + " decimals)");
        }
        if (column.scale() < 0) {
            if (column.obType() == DECIMAL_INT) {
                throw new NotRoutableException("the scale of DECIMAL column " + column.name() + " is unknown");
            }
            return PartitionKey.ofDecimal(v);
        }
        if (exact.scale() > column.scale()) {
            throw new NotRoutableException("value " + v + " has more decimals than column " + column.name()
                    + " (scale " + column.scale() + ")");
        }
        BigDecimal atScale = exact.setScale(column.scale());
        if (column.precision() > 0 && atScale.precision() > column.precision()) {
            throw new NotRoutableException("value " + v + " is out of range for column " + column.name()
                    + " (DECIMAL(" + column.precision() + "," + column.scale() + "))");
        }
        return column.obType() == DECIMAL_INT ? PartitionKey.ofDecimalInt(atScale) : PartitionKey.ofDecimal(atScale);
    }

    /**
     * FLOAT (11, 13) is stored as a float and hashed widened to double, so a value is taken through
     * float first; DOUBLE (12, 14) with a fixed scale ({@code DOUBLE(m,d)}) is hashed as its decimal
     * text at that scale ({@code ob_fcvt}, OceanBase's {@code ObjHashCalculator} for double types in
     * MySQL mode), other doubles as their 8 bytes.
     */
    private static PartitionKey floating(Object value, PartitionLevel.KeyColumn column) throws NotRoutableException {
        double d = value instanceof Number ? ((Number) value).doubleValue() : Double.parseDouble(text(value, column));
        int type = column.obType();
        if (type == 11 || type == 13) {
            return PartitionKey.ofDouble((float) d);
        }
        if (column.scale() >= 0 && column.scale() <= MAX_FIXED_DOUBLE_SCALE && d != 0.0 && !Double.isNaN(d)) {
            if (Double.isInfinite(d)) {
                throw new NotRoutableException("value " + value + " does not fit DOUBLE column " + column.name());
            }
            double stored = new BigDecimal(d).setScale(column.scale(), RoundingMode.HALF_EVEN).doubleValue();
            return PartitionKey.ofFixedDouble(stored, new BigDecimal(stored).setScale(column.scale(),
                    RoundingMode.HALF_EVEN).toPlainString());
        }
        return PartitionKey.ofDouble(d);
    }

    /**
     * A string column's value: text with the column's collation. Bytes (a hex literal, {@code setBytes})
     * are what a binary column stores; for a character column they are converted as the column
     * converts them, from UTF-8 (not routable when they are not UTF-8). A {@code BINARY(n)} value is
     * stored padded with zero bytes to n, and hashed so.
     */
    private static PartitionKey string(Object value, PartitionLevel.KeyColumn column) throws NotRoutableException {
        if (column.collation() == Collations.BINARY) {
            byte[] bytes = value instanceof byte[] ? (byte[]) value : value.toString().getBytes(StandardCharsets.UTF_8);
            if (column.obType() == CHAR && column.length() > bytes.length) {
                bytes = Arrays.copyOf(bytes, column.length()); // BINARY(n) stores n bytes, zero-padded
            }
            return PartitionKey.ofBytes(bytes);
        }
        if (!Collations.isSupported(column.collation())) {
            throw new NotRoutableException("collation " + column.collation() + " of column " + column.name()
                    + " is not supported");
        }
        if (value instanceof byte[]) {
            try {
                return PartitionKey.ofString(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap((byte[]) value))
                        .toString(), column.collation());
            } catch (CharacterCodingException e) {
                throw new NotRoutableException("bytes given for " + column.name() + " are not UTF-8 text");
            }
        }
        return PartitionKey.ofString(value.toString(), column.collation());
    }

    /** OceanBase's {@code OB_MAX_DOUBLE_FLOAT_SCALE}: a double column's scale is fixed up to this. */
    private static final int MAX_FIXED_DOUBLE_SCALE = 30;

    /** Digits and decimals of the widest DECIMAL (MySQL's and OceanBase's DECIMAL(65,30)). */
    private static final int MAX_DECIMAL_DIGITS = 65;
    private static final int MAX_DECIMAL_SCALE = 30;

    /** @return the value without trailing zeros (0 as 0): its scale is then the decimals it really has */
    private static BigDecimal stripped(BigDecimal v) {
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }

    /**
     * @return the digits before the point, from precision and scale: no value is expanded, so
     * {@code 1e999999999} costs nothing (and {@code 1E2147483647} does not overflow)
     */
    private static long integerDigits(BigDecimal v) {
        return v.signum() == 0 ? 0 : (long) v.precision() - v.scale();
    }

    /** @return a number's text or decimal value as an integer, refused when fractional or wider than 64 bits */
    private static BigInteger wholeNumber(Object v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        BigDecimal exact = stripped(v instanceof BigDecimal ? (BigDecimal) v : new BigDecimal(v.toString().trim()));
        if (exact.scale() > 0) {
            throw new NotRoutableException("value " + v + " for integer column " + column.name() + " is not an integer");
        }
        if (integerDigits(exact) > 20) {
            throw new NotRoutableException("value " + v + " is out of range for column " + column.name());
        }
        return exact.toBigIntegerExact();
    }

    /**
     * @param unsigned true for an unsigned column: the result is the value's 64 bits, negative values
     *                 are refused; false: values outside the signed 64-bit range are refused
     */
    private static long integer(Object v, PartitionLevel.KeyColumn column, boolean unsigned)
            throws NotRoutableException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            if (unsigned && n < 0) {
                throw new NotRoutableException("negative value " + n + " for unsigned column " + column.name());
            }
            return n;
        }
        if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof String && !((String) v).trim()
                .regionMatches(true, 0, "0x", 0, 2)) {
            BigInteger n = v instanceof BigInteger ? (BigInteger) v : wholeNumber(v, column);
            if (unsigned ? n.signum() < 0 || n.bitLength() > 64 : n.bitLength() > 63) {
                throw new NotRoutableException("value " + v + " is out of range for column " + column.name());
            }
            return n.longValue();
        }
        if (v instanceof byte[]) {
            byte[] bytes = (byte[]) v;
            if (bytes.length > 8) {
                throw new NotRoutableException("hex value of " + bytes.length + " bytes for integer column " + column.name());
            }
            long n = 0;
            for (byte b : bytes) {
                n = (n << 8) | (b & 0xFF);
            }
            return n;
        }
        if (v instanceof String) {
            return Long.parseUnsignedLong(((String) v).trim().substring(2), 16);
        }
        throw new NotRoutableException("value " + v + " for integer column " + column.name() + " is not an integer");
    }
}
