package io.obproxy.frontend;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Dates and times in the binary protocol: DATE/DATETIME/TIMESTAMP as a length (0, 4, 7 or 11) then
 * year (2), month, day, hour, minute, second, microseconds (4); TIME as a length (0, 8 or 12) then
 * sign, days (4), hours, minutes, seconds, microseconds (4). Values come from and go to MySQL's
 * text forms ({@code YYYY-MM-DD HH:MM:SS[.ffffff]}, {@code [-]H..H:MM:SS[.ffffff]}), zero dates
 * included; a TIME parameter is read as a {@link Duration}.
 */
final class TemporalCodec {
    private TemporalCodec() {
    }

    /** Appends a date/datetime given in MySQL's text form. */
    static void writeDateTime(PayloadWriter out, String text) {
        String s = text.trim();
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = s.length() >= 13 ? number(s, 11, 13) : 0;
        int minute = s.length() >= 16 ? number(s, 14, 16) : 0;
        int second = s.length() >= 19 ? number(s, 17, 19) : 0;
        int micros = s.length() > 20 ? micros(s.substring(20)) : 0;
        if (micros != 0) {
            out.int1(11).int2(year).int1(month).int1(day).int1(hour).int1(minute).int1(second).int4(micros);
        } else if (hour != 0 || minute != 0 || second != 0) {
            out.int1(7).int2(year).int1(month).int1(day).int1(hour).int1(minute).int1(second);
        } else if (year != 0 || month != 0 || day != 0) {
            out.int1(4).int2(year).int1(month).int1(day);
        } else {
            out.int1(0);
        }
    }

    /** Appends a time given in MySQL's text form (negative and beyond 24 hours allowed). */
    static void writeTime(PayloadWriter out, String text) {
        String s = text.trim();
        boolean negative = s.startsWith("-");
        String[] parts = (negative ? s.substring(1) : s).split(":");
        long hours = Long.parseLong(parts[0]);
        int minutes = Integer.parseInt(parts[1]);
        String[] sec = parts[2].split("\\.");
        int seconds = Integer.parseInt(sec[0]);
        int micros = sec.length > 1 ? micros(sec[1]) : 0;
        if (hours == 0 && minutes == 0 && seconds == 0 && micros == 0) {
            out.int1(0);
            return;
        }
        out.int1(micros != 0 ? 12 : 8).int1(negative ? 1 : 0).int4(hours / 24).int1((int) (hours % 24)).int1(minutes)
                .int1(seconds);
        if (micros != 0) {
            out.int4(micros);
        }
    }

    /**
     * @return a binary DATE/DATETIME/TIMESTAMP parameter in MySQL's text form ({@code YYYY-MM-DD},
     * or with {@code HH:MM:SS[.ffffff]}), zero dates included: every backend converts text exactly,
     * where a binary value may lose its fraction on the way (a driver that misjudges the server)
     */
    static String readDateTime(PayloadReader in, boolean dateOnly) {
        int length = in.int1();
        if (length != 0 && length != 4 && length != 7 && length != 11) {
            throw new PayloadReader.MalformedPacketException("a date/time parameter of " + length
                    + " bytes (expected: 0, 4, 7 or 11)");
        }
        int year = length >= 4 ? in.int2() : 0;
        int month = length >= 4 ? in.int1() : 0;
        int day = length >= 4 ? in.int1() : 0;
        int hour = length >= 7 ? in.int1() : 0;
        int minute = length >= 7 ? in.int1() : 0;
        int second = length >= 7 ? in.int1() : 0;
        long micros = length >= 11 ? in.int4() : 0;
        String date = String.format("%04d-%02d-%02d", year, month, day);
        if (dateOnly) {
            return date;
        }
        return date + String.format(" %02d:%02d:%02d", hour, minute, second)
                + (micros == 0 ? "" : String.format(".%06d", micros));
    }

    /** @return a binary TIME parameter as a duration (negative and over 24 hours included) */
    static Duration readTime(PayloadReader in) {
        int length = in.int1();
        if (length == 0) {
            return Duration.ZERO;
        }
        if (length != 8 && length != 12) {
            throw new PayloadReader.MalformedPacketException("a time parameter of " + length
                    + " bytes (expected: 0, 8 or 12)");
        }
        boolean negative = in.int1() == 1;
        long days = in.int4();
        int hour = in.int1();
        int minute = in.int1();
        int second = in.int1();
        long micros = length >= 12 ? in.int4() : 0;
        Duration time = Duration.ofDays(days).plusHours(hour).plusMinutes(minute).plusSeconds(second)
                .plus(micros, ChronoUnit.MICROS);
        return negative ? time.negated() : time;
    }

    /** @return a TIME in MySQL's text form, {@code [-]H..H:MM:SS[.ffffff]} */
    static String text(Duration time) {
        Duration abs = time.abs();
        int micros = abs.getNano() / 1000;
        return String.format("%s%02d:%02d:%02d%s", time.isNegative() ? "-" : "", abs.toHours(), abs.toMinutesPart(),
                abs.toSecondsPart(), micros == 0 ? "" : String.format(".%06d", micros));
    }

    private static int number(String s, int from, int to) {
        return to <= s.length() ? Integer.parseInt(s.substring(from, to)) : 0;
    }

    /** @return microseconds from the digits after the decimal point (padded or cut to 6) */
    private static int micros(String fraction) {
        String digits = (fraction + "000000").substring(0, 6);
        return Integer.parseInt(digits);
    }
}
