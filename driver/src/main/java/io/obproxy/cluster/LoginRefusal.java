package io.obproxy.cluster;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a refused login from a failed server. A server that refuses credentials, a database or an
 * authentication method has answered: it is up, and every other server would give the same answer.
 * Such an error is the caller's, never a reason to mark a server SUSPECT or DEAD, nor to try the
 * next server.
 */
final class LoginRefusal {
    /**
     * Vendor codes of refused logins besides SQLSTATE 28000: database access denied (1044), unknown
     * database (1049), host not allowed (1130), authentication method not supported (1251), password
     * expired (1862), account locked (3118), and Connector/J's authentication plugin that cannot be
     * used (2058, 2059).
     */
    private static final Set<Integer> CODES = Set.of(1044, 1045, 1049, 1130, 1251, 1698, 1862, 2058, 2059, 3118);

    private LoginRefusal() {
    }

    /** @return true when the error is a login the server refused (wrong user, password, database, method) */
    static boolean is(SQLException e) {
        return "28000".equals(e.getSQLState()) || CODES.contains(e.getErrorCode());
    }
}
