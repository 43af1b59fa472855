package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetReaderTest {
    private static boolean setNames(String sql) {
        return StatementParser.parse(sql).has(SqlInfo.FLAG_SET_NAMES);
    }

    @Test
    void setNamesIsOnlyAWholeTextOfOneCompleteCharsetAssignment() {
        assertTrue(setNames("SET NAMES utf8mb4"));
        assertTrue(setNames("set names 'latin1' collate latin1_bin"));
        assertTrue(setNames("SET CHARACTER SET gbk"));
        assertFalse(setNames("SET NAMES utf8mb4 COLLATE"), "incomplete: the server answers");
        assertFalse(setNames("SET NAMES utf8mb4, @a = 1"), "more than the character set");
        assertFalse(setNames("SET NAMES utf8mb4; SELECT 1"), "a multi-statement");
    }

    @Test
    void collationIsTheObjectOfSetNames() {
        assertEquals("utf8mb4_bin", StatementParser.parse("SET NAMES utf8mb4 COLLATE UTF8MB4_BIN").objectName());
    }

    /** MariaDB's SET STATEMENT ... FOR: the values hold for the one statement, nothing to record or read back. */
    @Test
    void setStatementForChangesNoSessionVariable() {
        assertTrue(StatementParser.parse("SET STATEMENT max_statement_time = 10 FOR SELECT 1").assignments().isEmpty());
        assertEquals(1, StatementParser.parse("SET @statement = 1").assignments().size());
    }
}
