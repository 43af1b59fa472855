package io.obproxy.route;

import io.obproxy.cluster.PartitionLevel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Turns a value into the {@link PartitionKey} of a key column, by the column's OceanBase type
 * ({@code ObObjType}): the one conversion for values read from SQL text, values bound to markers and
 * partition bounds. Pure.
 *
 * <p>Values: null, a Number, a String (numbers as written, text unquoted), byte[] (hex literals,
 * {@code setBytes}), {@link LocalDate}, {@link LocalDateTime}, {@link LocalTime}.
 *
 * <p>Types: integers (1-10, unsigned from 6) as 64-bit integers; FLOAT/DOUBLE (11-14) as doubles;
 * DECIMAL (15, 16 as NUMBER, 50 as DECIMAL_INT) exactly, at the column's scale; DATETIME (17) as
 * microseconds since 1970-01-01 00:00:00, DATE (19) as days since then, TIME (20) as signed microseconds, YEAR (21) as years since 1900, all as 64-bit
 * integers (OceanBase's internal values, odp-facts section 2; unverified against a real cluster);
 * strings (22, 23, 27-30) with their collation. TIMESTAMP (18) is not routable: its value depends on
 * the session time zone. Anything else is {@link NotRoutableException}, saying why.
 */
public final class PartitionKeys {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** {@code ObNumberType}, {@code ObUNumberType}, {@code ObDecimalIntType}: DECIMAL columns. */
    private static final int NUMBER = 15;
    private static final int UNSIGNED_NUMBER = 16;
    private static final int DECIMAL_INT = 50;

    private PartitionKeys() {
    }

    /** @return the key of {@code value} for {@code column} */
    public static PartitionKey of(Object value, PartitionLevel.KeyColumn column) throws NotRoutableException {
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
                return PartitionKey.ofDouble(value instanceof Number ? ((Number) value).doubleValue()
                        : Double.parseDouble(text(value, column)));
            }
            if (type == NUMBER || type == UNSIGNED_NUMBER || type == DECIMAL_INT) {
                return decimal(value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(text(value, column).trim()),
                        column);
            }
            switch (type) {
                case 17:
                    return PartitionKey.ofLong(datetimeMicros(value, column));
                case 18:
                    throw new NotRoutableException("TIMESTAMP column " + column.name()
                            + " is not routable: its value depends on the session time zone");
                case 19:
                    return PartitionKey.ofLong(date(value, column).toEpochDay());
                case 20:
                    return PartitionKey.ofLong(timeMicros(value, column));
                case 21:
                    return PartitionKey.ofLong(integer(value, column, false) - 1900);
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new NotRoutableException("value " + value + " does not fit " + column.name() + " (type " + type + ")");
        }
        if (type == 22 || type == 23 || (type >= 27 && type <= 30)) {
            if (value instanceof byte[]) {
                return PartitionKey.ofBytes((byte[]) value);
            }
            if (!Collations.isSupported(column.collation())) {
                throw new NotRoutableException("collation " + column.collation() + " of column " + column.name()
                        + " is not supported");
            }
            return PartitionKey.ofString(value.toString(), column.collation());
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

    private static LocalDate date(Object v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        if (v instanceof LocalDate) {
            return (LocalDate) v;
        }
        if (v instanceof LocalDateTime) {
            return ((LocalDateTime) v).toLocalDate();
        }
        String s = text(v, column).trim();
        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    }

    private static long datetimeMicros(Object v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        LocalDateTime t;
        if (v instanceof LocalDateTime) {
            t = (LocalDateTime) v;
        } else if (v instanceof LocalDate) {
            t = ((LocalDate) v).atStartOfDay();
        } else {
            String s = text(v, column).trim();
            t = s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s.replace(' ', 'T'));
        }
        if (t.getNano() % 1000 != 0) {
            throw new NotRoutableException("value " + v + " has more than microsecond precision");
        }
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
    }

    /** TIME: {@code [-]H..H:MM:SS[.ffffff]} (MySQL's range is -838:59:59 to 838:59:59), or a LocalTime. */
    private static long timeMicros(Object v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        if (v instanceof LocalTime) {
            return ((LocalTime) v).toNanoOfDay() / 1000;
        }
        String s = text(v, column).trim();
        boolean negative = s.startsWith("-");
        String[] parts = (negative ? s.substring(1) : s).split(":");
        if (parts.length != 3) {
            throw new NotRoutableException("TIME value '" + s + "' is not [-]H:MM:SS[.ffffff]");
        }
        BigDecimal seconds = new BigDecimal(parts[2]);
        long micros = (Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60) * MICROS_PER_SECOND
                + seconds.movePointRight(6).longValueExact();
        return negative ? -micros : micros;
    }
}
