package io.obproxy.frontend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A DECIMAL parameter of the binary protocol (its value travels as text), read as MySQL's DECIMAL
 * holds it: at most {@value #MAX_INTEGER_DIGITS} digits before the point and {@value #MAX_SCALE}
 * after it (more fraction digits are rounded off). Text that is not a number, or a number beyond
 * that range ({@code 1E2147483647}), is an error for the execute, never a value whose digits would
 * be spelled out: the work done is bounded by the text's length, not by its exponent.
 */
final class DecimalParameter {
    static final int MAX_INTEGER_DIGITS = 65;
    static final int MAX_SCALE = 30;
    private static final int SHOWN = 64;

    private DecimalParameter() {
    }

    /**
     * @param text      the parameter's bytes
     * @param parameter its position (1-based), for the message
     * @throws SQLException 1366 (HY000) for text that is no number, 1264 (22003) for a number out of range
     */
    static BigDecimal parse(byte[] text, int parameter) throws SQLException {
        String s = new String(text, StandardCharsets.US_ASCII);
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new SQLException("Incorrect decimal value: '" + shown(s) + "' for parameter " + parameter, "HY000",
                    1366);
        }
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new SQLException("Out of range value for parameter " + parameter + ": '" + shown(s) + "' (DECIMAL has at"
                    + " most " + MAX_INTEGER_DIGITS + " digits before the point)", "22003", 1264);
        }
        if (integerDigits < -MAX_SCALE) {
            return BigDecimal.ZERO; // below half of the smallest step: rounds to 0
        }
        return d.scale() > MAX_SCALE ? d.setScale(MAX_SCALE, RoundingMode.HALF_UP) : d;
    }

    private static String shown(String s) {
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "...";
    }
}
