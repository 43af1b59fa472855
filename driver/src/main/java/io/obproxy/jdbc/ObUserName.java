package io.obproxy.jdbc;

import java.sql.SQLException;

/**
 * A login name in one of ODP's forms, split into its parts:
 * {@code user[@tenant][#cluster[:clusterId]]} or {@code cluster:tenant:user}.
 * OBServers are logged in to as {@link #serverLogin()}: {@code user@tenant}, or {@code user} when no
 * tenant is given.
 */
record ObUserName(String user, String tenant, String cluster, Long clusterId) {
    static ObUserName parse(String login) throws SQLException {
        if (login == null || login.isEmpty()) {
            throw new SQLException("No user given: set property 'user' (for example root@test)", "28000");
        }
        int at = login.indexOf('@');
        int hash = login.indexOf('#');
        if (at < 0 && hash < 0) {
            String[] parts = login.split(":", -1);
            if (parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                return new ObUserName(parts[2], parts[1], parts[0], null);
            }
            return new ObUserName(login, null, null, null);
        }
        String user = login.substring(0, at >= 0 ? at : hash);
        String tenant = at >= 0 ? login.substring(at + 1, hash > at ? hash : login.length()) : null;
        String cluster = null;
        Long clusterId = null;
        if (hash >= 0) {
            String rest = login.substring(hash + 1);
            int colon = rest.indexOf(':');
            cluster = colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon >= 0) {
                try {
                    clusterId = Long.parseLong(rest.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new SQLException("Invalid cluster id in user name '" + login
                            + "': expected user@tenant#cluster:<number>", "28000");
                }
            }
        }
        if (user.isEmpty() || (tenant != null && tenant.isEmpty()) || (cluster != null && cluster.isEmpty())) {
            throw new SQLException("Invalid user name '" + login
                    + "': expected user, user@tenant, user@tenant#cluster[:id] or cluster:tenant:user", "28000");
        }
        return new ObUserName(user, tenant, cluster, clusterId);
    }

    /** @return the name OBServers take: {@code user@tenant}, or {@code user} without a tenant */
    String serverLogin() {
        return tenant == null ? user : user + "@" + tenant;
    }
}
