package io.obproxy.route;

import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.util.Locale;

/**
 * Whether a statement is a weak read (odp-facts section 4). Pure.
 *
 * <p>Only a plain SELECT (not {@code FOR UPDATE} / {@code LOCK IN SHARE MODE}, not part of a
 * multi-statement) outside any transaction may be weak. Then the hint
 * {@code /*+READ_CONSISTENCY(WEAK)*}{@code /} or {@code (STRONG)} decides; without one, the session's
 * {@code ob_read_consistency} (set by SQL, or by the driver from {@code readConsistency} and the
 * read-only opt-in) does. Everything else is strong.
 */
public final class ReadConsistency {
    private ReadConsistency() {
    }

    /**
     * @param sessionValue  the session's {@code ob_read_consistency} as a SQL literal ({@code 'WEAK'},
     *                      {@code WEAK}, {@code 2}), or null when not set
     * @param inTransaction true when the statement runs inside a transaction (autocommit off, a BEGIN held)
     */
    public static boolean isWeak(SqlInfo info, String sessionValue, boolean inTransaction) {
        if (inTransaction || info.kind() != StatementKind.SELECT || info.has(SqlInfo.FLAG_LOCKING_READ)
                || info.isMulti()) {
            return false;
        }
        if (info.has(SqlInfo.FLAG_WEAK_READ_HINT)) {
            return true;
        }
        return !info.has(SqlInfo.FLAG_STRONG_READ_HINT) && isWeakValue(sessionValue);
    }

    /** @return true for a literal naming WEAK consistency: {@code 'WEAK'} in any case or quotes, or 2 */
    public static boolean isWeakValue(String literal) {
        if (literal == null) {
            return false;
        }
        String v = literal.replace("'", "").replace("\"", "").trim().toUpperCase(Locale.ROOT);
        return v.equals("WEAK") || v.equals("2");
    }
}
