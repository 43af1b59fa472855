package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Compound statements are one statement, as the server reads them: a stored program's body and
 * MariaDB's compound statements keep their {@code ;} inside, and nothing in a program's body counts
 * for the session. Row by row: text, statements the server sees.
 */
class CompoundStatementsTest {
    private static final Object[][] STATEMENT_COUNTS = {
        // stored programs, the forms of MariaDB's and MySQL's manuals and test suites
        {"CREATE PROCEDURE p() BEGIN SET x = 1; SELECT x; END", 1},
        {"CREATE PROCEDURE p() BEGIN SET x = 1; SELECT x; END;", 1},
        {"CREATE DEFINER = 'root'@'%' PROCEDURE p(IN a INT) SQL SECURITY INVOKER BEGIN DECLARE v INT; SET v = a; END", 1},
        {"create or replace definer=current_user() procedure p() begin select 1; end", 1},
        {"CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC BEGIN DECLARE r INT; SET r = a * 2; RETURN r; END", 1},
        {"CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0;"
                + " DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END", 1},
        {"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END", 1},
        {"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; SELECT 1", 2},
        {"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; INSERT INTO u VALUES (1); END", 1},
        {"ALTER EVENT e DO BEGIN DELETE FROM t; INSERT INTO u VALUES (1); END", 1},
        // blocks inside: CASE expressions end with END, CASE statements with END CASE; IF( and REPEAT( are functions
        {"CREATE PROCEDURE p() BEGIN SELECT CASE WHEN 1 THEN 2 ELSE 3 END; SELECT 4; END", 1},
        {"CREATE PROCEDURE p(a INT) BEGIN CASE a WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE; SELECT 3; END", 1},
        {"CREATE PROCEDURE p(a INT) BEGIN IF a > 0 THEN SELECT IF(a, 1, 2); ELSEIF a < 0 THEN SELECT 3;"
                + " ELSE IF a = 0 THEN SELECT 4; END IF; END IF; SELECT REPEAT('x', 2); END", 1},
        {"CREATE PROCEDURE p() BEGIN DECLARE i INT DEFAULT 0; lbl: WHILE i < 3 DO SET i = i + 1; END WHILE lbl;"
                + " REPEAT SET i = i - 1; UNTIL i = 0 END REPEAT; l2: LOOP LEAVE l2; END LOOP; END", 1},
        {"CREATE PROCEDURE p(a INT) IF a THEN SELECT 1; ELSE SELECT 2; END IF", 1},
        {"CREATE PROCEDURE p() SELECT 1; SELECT 2", 2},
        {"CREATE PROCEDURE p() BEGIN SELECT 'END; BEGIN'; /* END; */ SELECT 1; END; SELECT 2", 2},
        // after SET STATEMENT ... FOR (MariaDB Connector/J's maxRows), as without it
        {"SET STATEMENT SQL_SELECT_LIMIT=5 FOR CREATE PROCEDURE multi() BEGIN SELECT * from t; SELECT 2; END", 1},
        {"SET STATEMENT max_statement_time=1, sql_mode='' FOR SELECT 1; SELECT 2", 2},
        // MariaDB's compound statements outside a program
        {"BEGIN NOT ATOMIC DECLARE v INT; SET v = 1; SELECT v; END", 1},
        {"lbl: BEGIN NOT ATOMIC SELECT 1; SELECT 2; END lbl; SELECT 3", 2},
        {"IF @a THEN SELECT 1; ELSE SELECT 2; END IF", 1},
        // not compound: a transaction's BEGIN, IF() and REPEAT() as functions, views and tables
        {"BEGIN; SELECT 1; COMMIT", 3},
        {"SELECT IF(1, 2, 3); SELECT REPEAT('a', 2)", 2},
        {"CREATE VIEW v AS SELECT CASE WHEN a THEN 1 END FROM t; SELECT 1", 2},
        {"CREATE TABLE t (a INT); INSERT INTO t VALUES (1)", 2},
        // blocks that never close: one statement to the end, the server says what is wrong
        {"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2", 1},
    };

    @Test
    void compoundStatementsAreOneStatement() {
        for (Object[] row : STATEMENT_COUNTS) {
            SqlInfo info = StatementParser.parse((String) row[0]);
            assertEquals(row[1], info.statementCount(), (String) row[0]);
            assertEquals((int) row[1] > 1, info.isMulti(), (String) row[0]);
        }
    }

    @Test
    void nothingInAProgramsBodyCountsForTheSession() {
        SqlInfo info = StatementParser.parse("CREATE PROCEDURE p() BEGIN SET @@session.sql_mode = ''; SET @u = 1;"
                + " SELECT CONNECTION_ID(), LAST_INSERT_ID(), GET_LOCK('l', 1) FROM t FOR UPDATE; END");
        assertEquals(StatementKind.DDL, info.kind());
        assertTrue(info.assignments().isEmpty(), "the body's SETs are not the session's");
        assertFalse(info.has(SqlInfo.FLAG_CONNECTION_ID), "CONNECTION_ID() in a body is not rewritten");
        assertFalse(info.has(SqlInfo.FLAG_GET_LOCK), "a body's GET_LOCK takes no lock now");
        assertTrue(info.tables().isEmpty());
    }

    @Test
    void aTriggersBodyDoesNotSetSessionVariables() {
        SqlInfo info = StatementParser.parse("CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW BEGIN"
                + " SET NEW.updated = NOW(); SET NEW.version = OLD.version + 1; END");
        assertEquals(1, info.statementCount());
        assertTrue(info.assignments().isEmpty(), "NEW.x and OLD.x are no session variables (was: 1193 Unknown system variable)");
    }

    @Test
    void anAnonymousBlockIsNotATransactionsBegin() {
        assertEquals(StatementKind.OTHER, StatementParser.parse("BEGIN NOT ATOMIC SELECT 1; END").kind());
        assertEquals(StatementKind.BEGIN, StatementParser.parse("BEGIN").kind());
    }
}
