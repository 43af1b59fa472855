package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static io.obproxy.it.DriverRoutingIT.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.SandboxCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A login's credentials are the login's (issue 11, item 3): a wrong password or an unknown user
 * gets its own 1045, and leaves nothing behind that another login of the same or another user
 * would get. Each test has a driver instance of its own, so that it starts with no cluster state.
 */
@ExtendWith(SandboxExtension.class)
class CredentialsIT {
    private static final String WRONG = "not-the-password";

    private final SandboxCluster cluster;

    CredentialsIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /** @return a new user of the cluster, with all privileges on the test database */
    private String newUser(String password) throws SQLException {
        return Sql.createUser(cluster, "cred", password, true);
    }

    private Connection connect(ObProxyDriver driver, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return driver.connect("jdbc:obproxy://" + cluster.seeds() + "/" + cluster.config().database(), p);
    }

    /** Asserts that the login is refused as the server refuses it, at once (not at the first statement). */
    private void assertRefused(ObProxyDriver driver, String user, String password) {
        SQLException e = assertThrows(SQLException.class, () -> connect(driver, user, password).close(),
                "the driver must refuse " + user + " with a wrong password when connecting");
        assertEquals(1045, e.getErrorCode(), e.toString());
        assertEquals("28000", e.getSQLState(), e.toString());
    }

    /** Asserts that the login of a user the cluster does not have is refused with the server's SQLSTATE. */
    private void assertUnknown(ObProxyDriver driver, String user) {
        SQLException e = assertThrows(SQLException.class, () -> connect(driver, user, WRONG).close());
        assertEquals("28000", e.getSQLState(), e.toString()); // 1045, or MariaDB's 1698 for some names
    }

    private void assertWorks(ObProxyDriver driver, String user, String password) throws SQLException {
        try (Connection c = connect(driver, user, password)) {
            assertEquals(user + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
    }

    @Test
    void aWrongPasswordFirstDoesNotLockTheRightOneOut() throws SQLException {
        String user = newUser("right-1");
        try (ObProxyDriver driver = new ObProxyDriver()) {
            assertRefused(driver, user, WRONG);
            assertWorks(driver, user, "right-1");
            assertRefused(driver, user, WRONG);
            assertWorks(driver, user, "right-1");
        }
    }

    @Test
    void aWrongPasswordAfterTheRightOneIsRefusedAndChangesNothing() throws SQLException {
        String user = newUser("right-2");
        try (ObProxyDriver driver = new ObProxyDriver()) {
            try (Connection held = connect(driver, user, "right-2")) {
                assertWorks(driver, user, "right-2");
                assertRefused(driver, user, WRONG);
                assertWorks(driver, user, "right-2");
                assertEquals("1", Sql.scalar(held, "SELECT 1"), "a connection open meanwhile keeps working");
            }
            assertRefused(driver, user, WRONG); // the cluster idle now, its server list kept
            assertWorks(driver, user, "right-2");
        }
    }

    /** One user's wrong password and a storm of unknown users leave another user's logins as they were. */
    @Test
    void anotherUsersFailuresLeaveAUserUnaffected() throws SQLException {
        String good = newUser("good-pw");
        String other = newUser("other-pw");
        try (ObProxyDriver driver = new ObProxyDriver()) {
            assertWorks(driver, good, "good-pw");
            assertRefused(driver, other, WRONG);
            for (int i = 0; i < 70; i++) {
                assertUnknown(driver, "nobody_" + i);
            }
            assertWorks(driver, good, "good-pw");
            assertWorks(driver, other, "other-pw");
        }
    }

    /**
     * A refused login is an answer, not a server failure: neither wrong passwords nor a health probe
     * refused for a password changed since make a server DEAD. Node 2 fails one connect (its port
     * closed), is probed while the user's password changes, and must be chosen again afterwards.
     */
    @Test
    void refusedLoginsNeverMakeAServerDead() throws Exception {
        String user = newUser("before-change");
        try (ObProxyDriver driver = new ObProxyDriver(); Connection held = connect(driver, user, "before-change")) {
            route(held, cluster.node(1));
            assertEquals(1, serverId(held));
            for (int i = 0; i < 5; i++) {
                assertRefused(driver, user, WRONG);
            }
            cluster.node(2).relay().refuse();
            try {
                route(held, cluster.node(2));
                assertThrows(SQLException.class, () -> serverId(held), "node 2 refuses connections");
                try (Connection admin = cluster.connect(cluster.node(1))) {
                    Sql.exec(admin, "ALTER USER '" + user + "'@'%' IDENTIFIED BY 'after-change'");
                }
                cluster.awaitReplication(Duration.ofSeconds(10));
            } finally {
                cluster.node(2).relay().pass();
            }
            Thread.sleep(3_000); // probes of node 2 answer within its back-off
            assertRefused(driver, user, "before-change");
            Set<Integer> chosen = new TreeSet<>();
            for (int i = 0; i < 40 && chosen.size() < 3; i++) {
                try (Connection c = connect(driver, user, "after-change")) {
                    chosen.add(serverId(c));
                }
            }
            assertEquals(Set.of(1, 2, 3), chosen, "every server is chosen by default routes again");
        }
    }
}
