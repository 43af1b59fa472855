package io.obproxy.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each driver instance or front end has its own registry: two in one JVM share nothing by accident. */
class ProcessRegistryTest {
    @Test
    void eachRegistryFixesItsOwnInstanceId() throws SQLException {
        ProcessRegistry a = new ProcessRegistry();
        ProcessRegistry b = new ProcessRegistry();
        assertEquals(5, a.instanceId(5, Set::of));
        assertEquals(6, b.instanceId(6, Set::of), "once one per JVM: this was refused");
        assertEquals(5, ConnectionIds.instanceOf(a.register("u@t", "h").id()));
        assertEquals(6, ConnectionIds.instanceOf(b.register("u@t", "h").id()));
        SQLException e = assertThrows(SQLException.class, () -> a.instanceId(7, Set::of));
        assertEquals("HY024", e.getSQLState());
    }

    @Test
    void anotherRegistrysConnectionsAreNotLocal() throws SQLException {
        ProcessRegistry a = new ProcessRegistry();
        ProcessRegistry b = new ProcessRegistry();
        a.instanceId(1, Set::of);
        b.instanceId(2, Set::of);
        ProcessEntry mine = a.register("u@t", "here");
        ProcessEntry theirs = b.register("u@t", "there");
        ProcessCommands.Caller caller = new ProcessCommands.Caller(a, mine, true, null);
        List<List<String>> rows = ProcessCommands.processList(caller, false);
        assertEquals(List.of(Long.toString(mine.id())), rows.stream().map(r -> r.get(0)).toList());
        SQLException e = assertThrows(SQLException.class, () -> ProcessCommands.kill(caller, theirs.id(), false));
        assertEquals(1094, e.getErrorCode(), "without a cluster to look through, another instance's id is unknown");
    }
}
