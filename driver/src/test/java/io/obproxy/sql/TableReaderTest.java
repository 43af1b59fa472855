package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    @Test
    void aKeywordIsNoTableButAQuotedOneIs() {
        assertNull(reader("WHERE x").tableAt(0, false));
        assertEquals(new TableName(null, "where"), reader("`Where`").tableAt(0, false));
        assertEquals(new TableName("db", "t"), reader("DB.`T`").tableAt(0, false));
    }
}
