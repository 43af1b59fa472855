package io.obproxy.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandsTest {
    @Test
    void idsCarryTheirInstance() {
        long id = ConnectionIds.of(8191, 5);
        assertEquals(8191, ConnectionIds.instanceOf(id));
        assertEquals(5, id & ConnectionIds.SEQUENCE_MASK);
        assertEquals(true, id > 0 && id <= 0xFFFFFFFFL, "fits the protocol's 4 bytes, top bit clear");
        assertEquals(1L << 18 | 1, ConnectionIds.of(1, 1 + (1 << 18)), "the sequence wraps in its 18 bits");
    }

    @Test
    void attributeValuesSurviveConnectorJsSyntax() {
        String host = "127.0.0.1:51732,x%3A";
        String safe = ClusterProcesses.safe(host);
        assertEquals(-1, safe.indexOf(':'));
        assertEquals(-1, safe.indexOf(','));
        assertEquals(host, ClusterProcesses.unsafe(safe));
    }

    /** Counts what KILLs do to a connection. */
    private static final class CountingTarget implements ProcessEntry.Target {
        int queryKills;
        int connectionKills;

        @Override
        public void killQuery() {
            queryKills++;
        }

        @Override
        public void killConnection() {
            connectionKills++;
        }

        @Override
        public List<List<String>> physicalSessions() {
            return List.of();
        }

        @Override
        public String database() {
            return null;
        }
    }

    private final ProcessRegistry registry = new ProcessRegistry();

    @Test
    void aConnectionKillingItselfIsClosedAndItsKillFailsAsKilled() throws SQLException {
        ProcessEntry self = registry.register("u@t", "here");
        CountingTarget target = new CountingTarget();
        self.attach(target);
        try {
            ProcessCommands.Caller caller = new ProcessCommands.Caller(registry, self, false, null);
            ProcessCommands.kill(caller, self.id(), true);
            assertEquals(0, target.queryKills, "KILL QUERY CONNECTION_ID(): the KILL is the only query, nothing to stop");
            SQLException e = assertThrows(SQLException.class, () -> ProcessCommands.kill(caller, self.id(), false));
            assertEquals(1927, e.getErrorCode());
            assertEquals("70100", e.getSQLState());
            assertEquals(1, target.connectionKills);
        } finally {
            registry.unregister(self);
        }
    }

    @Test
    void killQueryOfAnotherConnectionAlsoTellsItsListener() throws SQLException {
        ProcessEntry killer = registry.register("u@t", "here");
        ProcessEntry victim = registry.register("u@t", "there");
        CountingTarget target = new CountingTarget();
        victim.attach(target);
        int[] told = new int[1];
        victim.onQueryKilled(() -> told[0]++);
        try {
            ProcessCommands.kill(new ProcessCommands.Caller(registry, killer, false, null), victim.id(), true);
            assertEquals(1, target.queryKills);
            assertEquals(1, told[0], "the front end stops rows that still stream");
        } finally {
            registry.unregister(killer);
            registry.unregister(victim);
        }
    }
}
