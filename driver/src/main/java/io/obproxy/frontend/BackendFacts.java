package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the front end learns of its cluster through its logged-in clients (it has no credentials of
 * its own): the version string the cluster's servers announce, which the greeting then announces
 * too (clients choose features and variable names by it, as they would talking to a server; ODP
 * announces its cluster's; MariaDB's {@code 5.5.5-} prefix aside, see {@link #announced}), and whether the servers lack MySQL 8.0's transaction variable names
 * (then statements have them renamed, io.obproxy.sql.SqlRewrites#oldTransactionVariables). Each is
 * asked once, through the first client whose connection can answer; until then the greeting
 * announces a MySQL 8.0 and nothing is renamed. A configured version ({@code --server-version})
 * is announced from the start and never learned.
 */
final class BackendFacts {
    /** Announced until the cluster's own version is known. */
    static final String PROVISIONAL_VERSION = "8.0.36-obproxy-jdbc-" + ObProxyDriver.VERSION;
    private static final int UNKNOWN_SYSTEM_VARIABLE = 1193;
    /** What MariaDB puts before its version in the greeting, for clients of MySQL before 5.5.16. */
    private static final String MARIADB_PREFIX = "5.5.5-";

    private final String configuredVersion;
    private volatile String learnedVersion;
    /** null until a client's connection answered. */
    private volatile Boolean oldVariableNames;

    /** @param configuredVersion the version to announce whatever the cluster's, or null to learn it */
    BackendFacts(String configuredVersion) {
        this.configuredVersion = configuredVersion;
    }

    /** @return the version the greeting announces now */
    String greetingVersion() {
        if (configuredVersion != null) {
            return configuredVersion;
        }
        String learned = learnedVersion;
        return learned != null ? learned : PROVISIONAL_VERSION;
    }

    /**
     * @return the version to announce for a server's: as it is, without MariaDB's {@code 5.5.5-}
     * prefix, which a MySQL client reads as a 5.5.5 server and then takes its pre-5.5.16 path of
     * authentication (Connector/J fails caching_sha2_password's fast path, which the front end
     * speaks and a MariaDB server never does); MariaDB's clients strip it themselves
     */
    static String announced(String serverVersion) {
        return serverVersion.startsWith(MARIADB_PREFIX) ? serverVersion.substring(MARIADB_PREFIX.length()) : serverVersion;
    }

    /**
     * @return what the cluster's servers answer a LOAD DATA LOCAL INFILE of a client without
     * CLIENT_LOCAL_FILES, as the announced version says which they are: MariaDB's 4166, else
     * MySQL 5.7's (and OceanBase's) 1148
     */
    SQLException localInfileRefused() {
        if (greetingVersion().contains("MariaDB")) {
            return new SQLException("The used command is not allowed because the MariaDB server or client has disabled"
                    + " the local infile capability", "HY000", 4166);
        }
        return new SQLException("The used command is not allowed with this MySQL version", "42000", 1148);
    }

    /**
     * @return whether the greeting offers MariaDB's extended type information: when the announced
     * version is MariaDB's, whose clients may ask for it (the servers' connections ask for it in
     * turn; where one could not, its definitions reach such clients with an empty field)
     */
    boolean offersTypeInfo() {
        return greetingVersion().contains("MariaDB");
    }

    /** @return true when statements need their MySQL 8.0 transaction variables renamed (false until known) */
    boolean oldVariableNames() {
        Boolean old = oldVariableNames;
        return old != null && old;
    }

    /**
     * Learns what is not known yet from a logged-in client's connection: two round trips for the
     * first client, none after. A connection that cannot answer (its cluster credentials fail a
     * statement) leaves the question to the next client.
     */
    void learnFrom(Connection c) {
        if (configuredVersion == null && learnedVersion == null) {
            try {
                learnedVersion = announced(c.getMetaData().getDatabaseProductVersion());
            } catch (SQLException e) {
                // not this client's to answer: the next login asks
            }
        }
        if (oldVariableNames == null) {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT @@transaction_isolation").close();
                oldVariableNames = false;
            } catch (SQLException e) {
                if (e.getErrorCode() == UNKNOWN_SYSTEM_VARIABLE) {
                    oldVariableNames = true;
                }
            }
        }
    }
}
