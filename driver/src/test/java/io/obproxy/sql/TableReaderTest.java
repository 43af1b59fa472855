package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableReaderTest {
    private static TableReader reader(String sql) {
        return new TableReader(new TokenView(sql, Lexer.lex(sql).tokens()), new Findings());
    }

    @Test
    void aNameBeforeAParenthesisIsATableOnlyWhereColumnsMayFollow() {
        TableReader reader = reader("t (a, b)");
        assertNull(reader.tableAt(0, false), "elsewhere: a function call");
        assertEquals(new TableName(null, "t"), reader.tableAt(0, true), "after INTO / CREATE TABLE: a column list");
    }

    /** The statements whose TABLE keyword may be followed by a column list name their table too. */
    @Test
    void aTableWithAColumnListAfterTableIsRead() {
        assertEquals(List.of(new TableName(null, "t")),
                StatementParser.parse("LOAD DATA LOCAL INFILE 'f' INTO TABLE t (line)").tables());
        assertEquals("[db.t]",
                StatementParser.parse("LOAD DATA INFILE 'f' INTO TABLE db.t FIELDS TERMINATED BY ',' (a, b)").tables().toString());
        assertEquals(List.of(new TableName(null, "t")), StatementParser.parse("CREATE TABLE t (a INT)").tables());
        assertEquals(List.of(new TableName(null, "t")),
                StatementParser.parse("CREATE TEMPORARY TABLE IF NOT EXISTS t (a INT)").tables());
        assertEquals(List.of(), StatementParser.parse("SELECT * FROM f(1)").tables(), "a function call elsewhere");
    }

    @Test
    void aKeywordIsNoTableButAQuotedOneIs() {
        assertNull(reader("WHERE x").tableAt(0, false));
        assertEquals(new TableName(null, "where"), reader("`Where`").tableAt(0, false));
        assertEquals(new TableName("db", "t"), reader("DB.`T`").tableAt(0, false));
    }
}
