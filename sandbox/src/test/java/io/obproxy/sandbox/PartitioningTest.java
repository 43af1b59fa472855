package io.obproxy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitioningTest {
    @Test
    void hashAndKeyHaveEmptyBounds() {
        Partitioning hash = Partitioning.hash("id", 4);
        assertEquals(PartType.HASH, hash.type());
        assertEquals(List.of("", "", "", ""), hash.highBounds());
        assertEquals("`a`,`b`", Partitioning.key(2, "a", "b").expression());
    }

    @Test
    void boundsAreRenderedAsOceanBaseShowsThem() {
        assertEquals(List.of("10", "MAXVALUE"), Partitioning.range("id", "10", "maxvalue").highBounds());
        assertEquals(List.of("1,'a,b'", "MAXVALUE,MAXVALUE"),
                Partitioning.rangeColumns(List.of("x", "y"), "1, 'a,b'", "maxvalue, MAXVALUE").highBounds());
        assertEquals(List.of("1,2", "3", "DEFAULT"), Partitioning.list("id", "1,2", "3", "DEFAULT").highBounds());
        assertEquals(List.of("(1,'a'),(2,'b')", "DEFAULT"),
                Partitioning.listColumns(List.of("x", "y"), "(1,'a'),(2,'b')", "default").highBounds());
    }

    @Test
    void badDeclarationsSayWhatIsWrong() {
        assertEquals("RANGE_COLUMNS: bound '1' has 1 values (expected: 2)", assertThrows(IllegalArgumentException.class,
                () -> Partitioning.rangeColumns(List.of("x", "y"), "1")).getMessage());
        assertEquals("HASH: 0 partitions (expected: 1..8192)",
                assertThrows(IllegalArgumentException.class, () -> Partitioning.hash("id", 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Partitioning.hash("id; drop", 2));
        assertThrows(IllegalArgumentException.class, () -> Partitioning.range("id", "'unbalanced"));
    }

    @Test
    void literalListRespectsQuotesEscapesAndParentheses() {
        assertEquals(List.of("1", "'a,\\'b'", "(2,3)", "\"x,y\""), LiteralList.split("1, 'a,\\'b', (2,3),\"x,y\""));
    }

    @Test
    void configValidatesEveryValue() {
        assertEquals("nodes: 0 (expected: 1..9)",
                assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().nodes(0)).getMessage());
        assertEquals("basePort: 80 (expected: 0 or 1024..65000)",
                assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().basePort(80)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().password("a'b"));
        assertEquals("root@test", SandboxConfig.defaults().tenantUser());
    }

    @Test
    void cliParsesOptionsAndRejectsUnknownOnes() {
        SandboxConfig config = SandboxMain.parse(new String[] {"--nodes", "2", "--base-port", "30000"});
        assertEquals(2, config.nodes());
        assertEquals(30000, config.basePort());
        assertEquals("unknown option '--bogus'", assertThrows(IllegalArgumentException.class,
                () -> SandboxMain.parse(new String[] {"--bogus"})).getMessage());
        assertEquals("--nodes: 'x' is not a number", assertThrows(IllegalArgumentException.class,
                () -> SandboxMain.parse(new String[] {"--nodes", "x"})).getMessage());
    }
}
