package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.PartitionLevel.KeyColumn;
import io.obproxy.cluster.TableLocation;
import io.obproxy.sql.StatementParser;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionRouterTest {
    private static final KeyColumn ID = new KeyColumn("id", 5, Collations.BINARY);

    private static PartitionLevel hash(String expression, KeyColumn key) {
        return new PartitionLevel(0, expression, List.of(key), Collections.nCopies(4, ""), List.of(11L, 12L, 13L, 14L));
    }

    @Test
    void plainColumnExpressionsAreComputableFunctionsAreNot() {
        assertNull(PartitionRouter.notComputable(hash("id", ID)));
        assertNull(PartitionRouter.notComputable(hash("`ID`", ID)));
        assertNull(PartitionRouter.notComputable(hash(" id ", ID)));
        assertEquals("partition expression id DIV 10 is not computed", PartitionRouter.notComputable(hash("id DIV 10", ID)));
        assertEquals("partition expression year(id) is not computed", PartitionRouter.notComputable(hash("year(id)", ID)));
        assertEquals("partition expression idx is not computed", PartitionRouter.notComputable(hash("idx", ID)));
        assertEquals("key column id is generated (a + b)",
                PartitionRouter.notComputable(hash("id", new KeyColumn("id", 5, Collations.BINARY, "a + b"))));
        List<KeyColumn> two = List.of(ID, new KeyColumn("k", 22, Collations.UTF8MB4_BIN));
        assertNull(PartitionRouter.notComputable(new PartitionLevel(4, "`id`,`k`", two, List.of("1,'a'"), List.of(1L))));
        assertEquals("partition expression k,id is not computed",
                PartitionRouter.notComputable(new PartitionLevel(4, "k,id", two, List.of("1,'a'"), List.of(1L))));
    }

    @Test
    void aHashOfAnExpressionRoutesByDefaultWithTheReason() {
        TableLocation t = new TableLocation("test", "t", 1, 1, hash("id DIV 10", ID), List.of(), 0, Map.of());
        NotRoutableException e = assertThrows(NotRoutableException.class, () -> PartitionRouter.tablet(t,
                StatementParser.parse("SELECT * FROM t WHERE id = 5").keyValues(), ParameterValues.NONE));
        assertEquals("partition expression id DIV 10 is not computed", e.getMessage());
    }

    @Test
    void rangeColumnsOnADateRoutesLiteralsAndBoundDates() throws Exception {
        KeyColumn day = new KeyColumn("day", 19, Collations.BINARY);
        PartitionLevel byMonth = new PartitionLevel(4, List.of(day), List.of("'2024-02-01'", "'2024-03-01'", "MAXVALUE"),
                List.of(21L, 22L, 23L));
        TableLocation t = new TableLocation("test", "t", 1, 1, byMonth, List.of(), 0, Map.of());
        assertEquals(21L, PartitionRouter.tablet(t, StatementParser.parse("SELECT * FROM t WHERE day = '2024-01-31'")
                .keyValues(), ParameterValues.NONE));
        assertEquals(22L, PartitionRouter.tablet(t, StatementParser.parse("SELECT * FROM t WHERE day = DATE '2024-02-01'")
                .keyValues(), ParameterValues.NONE));
        assertEquals(23L, PartitionRouter.tablet(t, StatementParser.parse("SELECT * FROM t WHERE day = ?").keyValues(),
                index -> LocalDate.of(2030, 1, 1)));
    }
}
