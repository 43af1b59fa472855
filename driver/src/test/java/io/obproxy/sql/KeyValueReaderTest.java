package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueReaderTest {
    private static List<ColumnValues> keys(String sql) {
        return StatementParser.parse(sql).keyValues();
    }

    private static ColumnValues col(String name, KeyValue... values) {
        return new ColumnValues(name, List.of(values));
    }

    private static KeyValue lit(String text) {
        return KeyValue.ofLiteral(text);
    }

    private static KeyValue param(int i) {
        return KeyValue.ofParameter(i);
    }

    @Test
    void equalitiesInAndOnlyWhere() {
        assertEquals(List.of(col("id", lit("5")), col("k", lit("'a''b'"))),
                keys("SELECT * FROM t WHERE id = 5 AND k = 'a''b'"));
        assertEquals(List.of(new ColumnValues("t", "id", List.of(lit("-7")))), keys("UPDATE t SET v = 1 WHERE t.`ID` = -7"));
        assertEquals(List.of(col("id", lit("42"))), keys("DELETE FROM t WHERE 42 = id"));
        assertEquals(List.of(col("id", param(2))), keys("SELECT ? FROM t WHERE id = ? ORDER BY x"));
        assertEquals(List.of(col("c", lit("'x'"))), keys("SELECT * FROM t WHERE c = _utf8mb4'x' LIMIT 1"));
        assertEquals(List.of(new ColumnValues("a", "id", List.of(lit("0x1F")))),
                keys("SELECT * FROM d.t a WHERE a.id = 0x1F FOR UPDATE"));
    }

    @Test
    void qualifiersAreKeptAndSayWhichTableAColumnIsOf() {
        SqlInfo join = StatementParser.parse("SELECT * FROM orders o JOIN items AS i ON o.id = i.order_id"
                + " WHERE i.id = 5 AND o.`ID` = ? AND d.items.k = 'x' AND region = 3");
        assertEquals(List.of(new ColumnValues("i", "id", List.of(lit("5"))), new ColumnValues("o", "id", List.of(param(1))),
                new ColumnValues("items", "k", List.of(lit("'x'"))), col("region", lit("3"))), join.keyValues());
        assertEquals(List.of(new ColumnValues("o", "id", List.of(param(1))), col("region", lit("3"))),
                join.keyValuesOf(join.tables().get(0)), "o's columns and the unqualified one");
        assertEquals(List.of(new ColumnValues("i", "id", List.of(lit("5"))), col("region", lit("3"))),
                join.keyValuesOf(join.tables().get(1)), "an aliased table answers to its alias only");
        SqlInfo plain = StatementParser.parse("SELECT * FROM t WHERE t.id = 1 AND 2 = u.id");
        assertEquals(List.of(new ColumnValues("t", "id", List.of(lit("1")))), plain.keyValuesOf(plain.tables().get(0)));
        SqlInfo single = StatementParser.parse("SELECT * FROM t WHERE id = 1");
        assertSame(single.keyValues(), single.keyValuesOf(single.tables().get(0)), "nothing to leave out: no copy");
    }

    @Test
    void nothingFromOrNotOrExpressions() {
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id = 1 OR id = 2"));
        assertEquals(List.of(), keys("SELECT * FROM t WHERE NOT id = 1"));
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id = 1 + 1"));
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id >= 1 AND id <= 5 AND id != 3 AND id <=> 4"));
        assertEquals(List.of(col("k", lit("2"))), keys("SELECT * FROM t WHERE (id = 1 OR x = 2) AND k = 2"),
                "parenthesised alternatives are skipped, the AND-ed rest is read");
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id = (SELECT 1)"));
    }

    @Test
    void inLists() {
        assertEquals(List.of(col("id", lit("1"), lit("2"), param(1))), keys("SELECT * FROM t WHERE id IN (1, 2, ?)"));
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id NOT IN (1, 2)"));
        assertEquals(List.of(), keys("SELECT * FROM t WHERE id IN (SELECT id FROM u)"));
    }

    @Test
    void insertColumnsAndRows() {
        assertEquals(List.of(col("id", lit("1"), lit("2")), col("name", lit("'a'"), param(1))),
                keys("INSERT INTO t (id, name) VALUES (1, 'a'), (2, ?)"));
        assertEquals(List.of(col("id", param(1))), keys("INSERT INTO d.t (id, v) VALUES (?, NOW())"),
                "an expression makes its column unusable, not the others");
        assertEquals(List.of(col("id", lit("3"))), keys("REPLACE INTO t SET id = 3, v = v + 1"));
        assertEquals(List.of(col("id", param(1)), col("v", param(2))),
                keys("INSERT INTO t (id, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)"));
        assertEquals(List.of(), keys("INSERT INTO t VALUES (1, 2)"), "no column list: columns unknown");
        assertEquals(List.of(), keys("INSERT INTO t (id) SELECT id FROM u"));
    }

    @Test
    void multiStatementsAndOtherKindsHaveNone() {
        assertEquals(List.of(), keys("SELECT 1 FROM t WHERE id = 1; SELECT 2"));
        assertEquals(List.of(), keys("SET @x = 1"));
    }
}
