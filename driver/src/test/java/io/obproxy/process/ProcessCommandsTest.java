package io.obproxy.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.obproxy.process.ProcessCommands.Command;
import io.obproxy.process.ProcessCommands.Kind;
import org.junit.jupiter.api.Test;

class ProcessCommandsTest {
    @Test
    void commandsAreRecognisedAsMysqlWritesThem() {
        assertEquals(new Command(Kind.PROCESSLIST, 0), ProcessCommands.parse("show processlist"));
        assertEquals(new Command(Kind.FULL_PROCESSLIST, 0), ProcessCommands.parse("  SHOW  FULL\nPROCESSLIST ; "));
        assertEquals(new Command(Kind.KILL_CONNECTION, 42), ProcessCommands.parse("KILL 42"));
        assertEquals(new Command(Kind.KILL_CONNECTION, 42), ProcessCommands.parse("kill connection 42"));
        assertEquals(new Command(Kind.KILL_QUERY, 7), ProcessCommands.parse("KILL QUERY 7;"));
        assertEquals(new Command(Kind.PROXYSESSION, 0), ProcessCommands.parse("SHOW PROXYSESSION"));
        assertNull(ProcessCommands.parse("SELECT 1"));
        assertNull(ProcessCommands.parse("SHOW PROCESSLIST LIKE 'x'"));
        assertNull(ProcessCommands.parse("KILL USER bob"));
    }

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
}
