package io.obproxy.route;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Date and time values as the 64-bit integers OceanBase stores and hashes (MySQL mode). Two
 * generations of storage, told apart by the column's type in the metadata:
 * <ul>
 *   <li>DATE (19): days since 1970-01-01; the zero date is {@value #ZERO_DATE_DAYS}. DATETIME (17):
 *   microseconds since 1970-01-01 00:00:00, as written (no time zone).</li>
 *   <li>MYSQL_DATE (52), the default of tenants created by 4.3: {@code year << 9 | month << 5 | day};
 *   the zero date is 0. MYSQL_DATETIME (53): MySQL's packed form,
 *   {@code ((((year * 13 + month) << 5 | day) << 17 | hour << 12 | minute << 6 | second) << 24 | micros)};
 *   the zero date is 0.</li>
 *   <li>TIMESTAMP (18): microseconds since the epoch in UTC, so the literal is read in the session's
 *   time zone; not routable when that zone is unknown (the server's {@code SYSTEM}).</li>
 *   <li>TIME (20): signed microseconds. YEAR (21): years since 1900, 0 for the year 0000.</li>
 * </ul>
 * Evidence: OceanBase's recorded {@code partition_key()} values (test resources oceanbase/) for
 * every one of these types but the zero DATETIME of old tenants, which is therefore not routable.
 */
final class TemporalKeys {
    /** OceanBase's {@code ObTimeConverter::ZERO_DATE}: the days value of '0000-00-00' in a DATE column. */
    static final long ZERO_DATE_DAYS = -106751991L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private TemporalKeys() {
    }

    /** @return DATE (19): days since the epoch */
    static long days(Object v) throws NotRoutableException {
        return isZeroDate(v) ? ZERO_DATE_DAYS : date(v).toEpochDay();
    }

    /** @return MYSQL_DATE (52): year, month and day packed */
    static long packedDate(Object v) throws NotRoutableException {
        if (isZeroDate(v)) {
            return 0;
        }
        LocalDate d = date(v);
        return (long) d.getYear() << 9 | d.getMonthValue() << 5 | d.getDayOfMonth();
    }

    /** @return DATETIME (17): microseconds since 1970-01-01 00:00:00 */
    static long datetimeMicros(Object v) throws NotRoutableException {
        if (isZeroDate(v)) {
            throw new NotRoutableException("the zero DATETIME of an older tenant's column has no recorded encoding");
        }
        return ChronoUnit.MICROS.between(EPOCH, datetime(v));
    }

    /** @return MYSQL_DATETIME (53): MySQL's packed date and time */
    static long packedDatetime(Object v) throws NotRoutableException {
        if (isZeroDate(v)) {
            return 0;
        }
        LocalDateTime t = datetime(v);
        long ymd = ((long) t.getYear() * 13 + t.getMonthValue()) << 5 | t.getDayOfMonth();
        long hms = (long) t.getHour() << 12 | t.getMinute() << 6 | t.getSecond();
        return (ymd << 17 | hms) << 24 | t.getNano() / 1000;
    }

    /** @return TIMESTAMP (18): UTC microseconds of the value read in {@code zone} */
    static long timestampMicros(Object v, ZoneId zone) throws NotRoutableException {
        if (zone == null) {
            throw new NotRoutableException("a TIMESTAMP value depends on the session time zone, which is the server's"
                    + " SYSTEM zone (SET time_zone to an offset or a named zone to route by it)");
        }
        if (isZeroDate(v)) {
            throw new NotRoutableException("the zero TIMESTAMP has no recorded encoding");
        }
        return ChronoUnit.MICROS.between(EPOCH, datetime(v).atZone(zone).withZoneSameInstant(ZoneId.of("UTC"))
                .toLocalDateTime());
    }

    /** @return TIME (20): {@code [-]H..H:MM:SS[.ffffff]} or a LocalTime, as signed microseconds */
    static long timeMicros(Object v) throws NotRoutableException {
        if (v instanceof LocalTime) {
            return ((LocalTime) v).toNanoOfDay() / 1000;
        }
        String s = text(v);
        boolean negative = s.startsWith("-");
        String[] parts = (negative ? s.substring(1) : s).split(":");
        if (parts.length != 3) {
            throw new NotRoutableException("TIME value '" + s + "' is not [-]H:MM:SS[.ffffff]");
        }
        long micros = (Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60) * MICROS_PER_SECOND
                + new BigDecimal(parts[2]).movePointRight(6).longValueExact();
        return negative ? -micros : micros;
    }

    /** @return YEAR (21): years since 1900; the year 0000 is 0 */
    static long year(long year) throws NotRoutableException {
        if (year == 0) {
            return 0;
        }
        if (year < 1901 || year > 2155) {
            throw new NotRoutableException("year " + year + " is outside YEAR's range (1901 to 2155, or 0)");
        }
        return year - 1900;
    }

    private static boolean isZeroDate(Object v) {
        if (!(v instanceof String)) {
            return false;
        }
        String s = ((String) v).trim();
        return s.startsWith("0000-00-00") && (s.length() == 10 || s.substring(10).trim().replace(":", "")
                .replace(".", "").chars().allMatch(c -> c == '0'));
    }

    private static LocalDate date(Object v) throws NotRoutableException {
        if (v instanceof LocalDate) {
            return (LocalDate) v;
        }
        if (v instanceof LocalDateTime) {
            return ((LocalDateTime) v).toLocalDate();
        }
        String s = text(v);
        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    }

    private static LocalDateTime datetime(Object v) throws NotRoutableException {
        LocalDateTime t;
        if (v instanceof LocalDateTime) {
            t = (LocalDateTime) v;
        } else if (v instanceof LocalDate) {
            t = ((LocalDate) v).atStartOfDay();
        } else {
            String s = text(v);
            t = s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s.replace(' ', 'T'));
        }
        if (t.getNano() % 1000 != 0) {
            throw new NotRoutableException("value " + v + " has more than microsecond precision");
        }
        return t;
    }

    private static String text(Object v) throws NotRoutableException {
        if (v instanceof byte[]) {
            throw new NotRoutableException("bytes given for a date or time column");
        }
        return v.toString().trim();
    }
}
