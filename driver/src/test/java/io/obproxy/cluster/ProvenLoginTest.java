package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which credentials a cluster's shared work uses, with connectors that answer as told (no server). */
class ProvenLoginTest {
    private static final ServerAddress A = new ServerAddress("a", 1);
    private static final ServerAddress B = new ServerAddress("b", 1);
    private static final Connection OPEN = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> null);

    private static final ServerConnector RIGHT = server -> OPEN;
    private static final ServerConnector WRONG = server -> {
        throw new SQLException("Access denied for user 'u'@'h' (using password: YES)", "28000", 1045);
    };
    private static final ServerConnector UNREACHABLE = server -> {
        throw new SQLException("Communications link failure", "08S01");
    };

    private final ProvenLogin login = new ProvenLogin();

    @Test
    void aRefusedLoginIsTheCallersErrorAndReplacesNothing() throws SQLException {
        login.accepted(RIGHT);
        SQLException e = assertThrows(SQLException.class, () -> login.verify(WRONG, List.of(A, B)));
        assertEquals(1045, e.getErrorCode());
        assertEquals("28000", e.getSQLState());
        assertTrue(login.matches(RIGHT));
        assertSame(OPEN, login.connect(A));
    }

    @Test
    void aLoginNoServerAnsweredIsNotProven() throws SQLException {
        login.verify(UNREACHABLE, List.of(A, B));
        assertFalse(login.known());
        login.verify(RIGHT, List.of(A, B));
        assertTrue(login.matches(RIGHT));
    }

    @Test
    void credentialsTheServersRefuseAreForgottenUnlessReplacedMeanwhile() throws SQLException {
        login.accepted(WRONG); // proven once, the password changed since
        assertThrows(SQLException.class, () -> login.connect(A));
        assertFalse(login.known());
        SQLException none = assertThrows(SQLException.class, () -> login.connect(A));
        assertEquals("08001", none.getSQLState());

        login.accepted(server -> {
            login.accepted(RIGHT); // another connection proved new credentials while this one was refused
            return WRONG.connect(server);
        });
        assertThrows(SQLException.class, () -> login.connect(A));
        assertTrue(login.matches(RIGHT), "the newer proof stays");
    }

    @Test
    void refusedLoginsAreToldFromServerFailures() {
        assertTrue(LoginRefusal.is(new SQLException("denied", "28000", 1045)));
        assertTrue(LoginRefusal.is(new SQLException("no such database", "42000", 1049)));
        assertTrue(LoginRefusal.is(new SQLException("client does not support the method", "08004", 1251)));
        assertFalse(LoginRefusal.is(new SQLException("Communications link failure", "08S01")));
        assertFalse(LoginRefusal.is(new SQLException("Too many connections", "08004", 1040)));
    }
}
