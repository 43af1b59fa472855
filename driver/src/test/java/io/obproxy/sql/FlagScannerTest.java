package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sql.Assignment.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagScannerTest {
    @Test
    void consistencyHintIgnoresCaseAndSpacesAndUnknownValues() {
        assertEquals(SqlInfo.FLAG_WEAK_READ_HINT, FlagScanner.consistencyHint("read_consistency ( weak )"));
        assertEquals(SqlInfo.FLAG_STRONG_READ_HINT, FlagScanner.consistencyHint("PARALLEL(2) READ_CONSISTENCY(STRONG)"));
        assertEquals(0, FlagScanner.consistencyHint("READ_CONSISTENCY(FROZEN)"));
        assertEquals(0, FlagScanner.consistencyHint(""));
    }

    @Test
    void userVariablesAreLeftToSetInsideSet() {
        String sql = "SET @a := 1";
        Findings found = new Findings();
        new FlagScanner(new TokenView(sql, Lexer.lex(sql).tokens()), found).scan(1, 4, false);
        assertTrue(found.assignments.isEmpty());
        assertEquals(List.of(new Assignment(Scope.USER, "a", "1")), StatementParser.parse(sql).assignments(),
                "one assignment, read by SetReader with its literal");
    }

    /** CONNECTION_ID() takes no argument: a table named connection_id is no call (it sent the driver into endless recursion). */
    @Test
    void aTableNamedConnectionIdIsNoCall() {
        assertFalse(StatementParser.parse("CREATE TABLE connection_id (id INT)").has(SqlInfo.FLAG_CONNECTION_ID));
        assertFalse(StatementParser.parse("CREATE TABLE connection_id(id INT)").has(SqlInfo.FLAG_CONNECTION_ID));
        assertTrue(StatementParser.parse("SELECT connection_id ( )").has(SqlInfo.FLAG_CONNECTION_ID));
    }
}
