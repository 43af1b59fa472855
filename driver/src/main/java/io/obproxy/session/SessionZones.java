package io.obproxy.session;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session's {@code time_zone} as a Java zone, for reading TIMESTAMP keys. */
final class SessionZones {
    /** MySQL's offset form: [+-]H:MM or [+-]HH:MM. */
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,2}):(\\d{2})");

    private SessionZones() {
    }

    /**
     * @param value the unquoted value of {@code time_zone}, or null when never set
     * @return its zone; null for {@code SYSTEM} (the server's, unknown here), unset, or a name Java
     * does not know
     */
    static ZoneId parse(Object value) {
        if (!(value instanceof String) || "SYSTEM".equalsIgnoreCase(((String) value).trim())) {
            return null;
        }
        String text = ((String) value).trim();
        Matcher m = OFFSET.matcher(text);
        try {
            if (m.matches()) {
                int minutes = Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
                return ZoneOffset.ofTotalSeconds((m.group(1).equals("-") ? -minutes : minutes) * 60);
            }
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
