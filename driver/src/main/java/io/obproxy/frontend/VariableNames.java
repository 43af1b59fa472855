package io.obproxy.frontend;

import java.util.Locale;
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

    /** @return {@code sql} with the 8.0 names replaced by the older ones */
    static String toOldNames(String sql) {
        if (sql.length() < 20 || sql.toLowerCase(Locale.ROOT).indexOf("transaction_") < 0) {
            return sql;
        }
        return EIGHT_ZERO.matcher(sql).replaceAll("@@$1tx_$2");
    }
}
