package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxFrontend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pass-through logins through the front end, with Connector/J as the client (caching_sha2_password,
 * no TLS: full authentication sends the password with the front end's RSA key): no client's wrong
 * password or unknown user changes what another client's login gets (issue 11, item 3). Each test
 * starts a front end of its own, so that it begins with no cached state.
 */
@ExtendWith(SandboxExtension.class)
class FrontendCredentialsIT {
    private static final String WRONG = "not-the-password";

    private final SandboxCluster cluster;

    FrontendCredentialsIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private String newUser(String password) throws SQLException {
        return Sql.createUser(cluster, "fecred", password, false);
    }

    /**
     * @param publicKeyRetrieval whether the client may ask for the RSA key (full authentication);
     *                           without it only the fast path of a password verified before logs in
     */
    private static Connection login(FrontendServer fe, String user, String password, boolean publicKeyRetrieval)
            throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + fe.address().getPort()
                + "/test?sslMode=DISABLED&allowPublicKeyRetrieval=" + publicKeyRetrieval, user, password);
    }

    private static void assertWorks(FrontendServer fe, String user, String password, boolean publicKeyRetrieval)
            throws SQLException {
        try (Connection c = login(fe, user, password, publicKeyRetrieval)) {
            assertEquals(user + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
    }

    private static void assertRefused(FrontendServer fe, String user, String password) {
        SQLException e = assertThrows(SQLException.class, () -> login(fe, user, password, true).close());
        assertEquals(1045, e.getErrorCode(), e.toString());
        assertEquals("28000", e.getSQLState(), e.toString());
    }

    /** The sequence: logins as unknown users, then a wrong login of a real user, then its right one. */
    @Test
    void unknownUsersAndAWrongPasswordDoNotLockTheRightLoginOut() throws Exception {
        String user = newUser("real-pw");
        try (FrontendServer fe = SandboxFrontend.start(cluster, 0, null, Map.of())) {
            assertWorks(fe, user, "real-pw", true);
            for (int i = 0; i < 100; i++) {
                assertRefused(fe, "unknown_" + i, WRONG);
            }
            assertRefused(fe, user, WRONG);
            assertWorks(fe, user, "real-pw", true);
        }
    }

    /**
     * A client whose password the front end verified before logs in on the fast path, without the
     * RSA key; another client's wrong password for the same name must not take that away, nor may
     * other users' failures.
     */
    @Test
    void anotherClientsFailuresLeaveALoginAsItWas() throws Exception {
        String user = newUser("kept-pw");
        String other = newUser("other-pw");
        try (FrontendServer fe = SandboxFrontend.start(cluster, 0, null, Map.of());
             Connection held = login(fe, user, "kept-pw", true)) {
            assertWorks(fe, user, "kept-pw", false);
            assertRefused(fe, user, WRONG);
            assertRefused(fe, other, WRONG);
            for (int i = 0; i < 20; i++) {
                assertRefused(fe, "unknown_" + i, WRONG);
            }
            assertWorks(fe, user, "kept-pw", false);
            assertWorks(fe, other, "other-pw", true);
            assertEquals("1", Sql.scalar(held, "SELECT 1"), "a client logged in meanwhile keeps working");
        }
    }
}
