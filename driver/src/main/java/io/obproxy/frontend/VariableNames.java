package io.obproxy.frontend;

import java.util.regex.Pattern;

/**
 * Clients of a MySQL 8.0 server (as the front end announces itself) read the session's isolation
 * and read-only mode as {@code @@transaction_isolation} and {@code @@transaction_read_only};
 * OceanBase 4.x knows these names, older MySQL and MariaDB before 11.1 only {@code tx_isolation} and
 * {@code tx_read_only}. Against such a backend (found out once, at the first login) the front end
 * renames them in what clients send; column aliases keep what the client reads back.
 */
final class VariableNames {
    private static final Pattern EIGHT_ZERO = Pattern.compile("@@((?:session|global|local)\\.)?transaction_(isolation|read_only)\\b",
            Pattern.CASE_INSENSITIVE);

    private VariableNames() {
    }

    /** @return true when {@code @@...transaction_} occurs in it, any case (a scan, no copy: it runs for every text) */
    private static boolean mentionsTransactionVariable(String sql) {
        for (int at = sql.indexOf("@@"); at >= 0; at = sql.indexOf("@@", at + 2)) {
            for (int i = at + 2; i + 12 <= sql.length() && i <= at + 10; i++) {
                if (sql.regionMatches(true, i, "transaction_", 0, 12)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return {@code sql} with the 8.0 names replaced by the older ones */
    static String toOldNames(String sql) {
        if (!mentionsTransactionVariable(sql)) {
            return sql;
        }
        return EIGHT_ZERO.matcher(sql).replaceAll("@@$1tx_$2");
    }
}
