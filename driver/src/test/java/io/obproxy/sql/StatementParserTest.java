package io.obproxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sql.Assignment.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementParserTest {
    private static SqlInfo parse(String sql) {
        return StatementParser.parse(sql);
    }

    @Test
    void localInfileIsFlaggedInAnyStatementOfTheText() {
        SqlInfo one = parse("load data low_priority local infile '/etc/passwd' into table t");
        assertTrue(one.has(SqlInfo.FLAG_LOCAL_INFILE));
        assertEquals(List.of(new TableName(null, "t")), one.tables());
        for (String local : new String[] {"SELECT 1; LOAD XML LOCAL INFILE \"a.xml\" INTO TABLE x",
                "LOAD DATA CONCURRENT LOCAL INFILE ? INTO TABLE y", "/* c */ LOAD  DATA LOCAL INFILE 'j' INTO TABLE t"}) {
            assertTrue(parse(local).has(SqlInfo.FLAG_LOCAL_INFILE), local);
        }
        for (String serverSide : new String[] {"LOAD DATA INFILE '/tmp/x' INTO TABLE t", "LOAD INDEX INTO CACHE t",
                "SELECT 'LOAD DATA LOCAL INFILE'"}) {
            assertFalse(parse(serverSide).has(SqlInfo.FLAG_LOCAL_INFILE), serverSide);
        }
    }

    @Test
    void kindsFromLeadingKeywords() {
        assertEquals(StatementKind.SELECT, parse("select 1").kind());
        assertEquals(StatementKind.SELECT, parse("  /* c */ (SELECT 1) UNION (SELECT 2)").kind());
        assertEquals(StatementKind.SELECT, parse("WITH x AS (SELECT 1) SELECT * FROM x").kind());
        assertEquals(StatementKind.INSERT, parse("insert into t values (1)").kind());
        assertEquals(StatementKind.REPLACE, parse("REPLACE INTO t VALUES (1)").kind());
        assertEquals(StatementKind.UPDATE, parse("UPDATE t SET a = 1").kind());
        assertEquals(StatementKind.DELETE, parse("DELETE FROM t").kind());
        assertEquals(StatementKind.BEGIN, parse("BEGIN").kind());
        assertEquals(StatementKind.BEGIN, parse("begin work").kind());
        assertEquals(StatementKind.BEGIN, parse("START TRANSACTION READ ONLY").kind());
        assertEquals(StatementKind.BEGIN, parse("start transaction with consistent snapshot, read write;").kind());
        assertEquals(StatementKind.BEGIN, parse("BEGIN;").kind());
        // malformed: not held, sent at once, so that the server's 1064 answers the statement that has it
        for (String malformed : new String[] {"BEGIN WORK WORK WORK", "START TRANSACTION READ", "START TRANSACTION ,",
                "START TRANSACTION READ ONLY,", "START TRANSACTION READ ONLY READ WRITE", "BEGIN TRANSACTION"}) {
            assertEquals(StatementKind.OTHER, parse(malformed).kind(), malformed);
        }
        assertFalse(parse("XA START").has(SqlInfo.FLAG_XA_START), "no xid: sent, the server answers");
        assertEquals(StatementKind.COMMIT, parse("COMMIT WORK").kind());
        assertEquals(StatementKind.ROLLBACK, parse("ROLLBACK").kind());
        assertEquals(StatementKind.ROLLBACK_TO_SAVEPOINT, parse("ROLLBACK WORK TO SAVEPOINT s1").kind());
        assertEquals(StatementKind.ROLLBACK_TO_SAVEPOINT, parse("rollback to s1").kind());
        assertEquals(StatementKind.SAVEPOINT, parse("SAVEPOINT s1").kind());
        assertEquals(StatementKind.RELEASE_SAVEPOINT, parse("RELEASE SAVEPOINT s1").kind());
        assertEquals(StatementKind.DDL, parse("CREATE TABLE t (id INT)").kind());
        assertEquals(StatementKind.DDL, parse("ALTER TABLE t ADD c INT").kind());
        assertEquals(StatementKind.DDL, parse("TRUNCATE t").kind());
        assertEquals(StatementKind.DROP_TABLE, parse("DROP TABLE IF EXISTS a, b").kind());
        assertEquals(StatementKind.LOCK_TABLES, parse("LOCK TABLES t WRITE").kind());
        assertEquals(StatementKind.UNLOCK_TABLES, parse("UNLOCK TABLES").kind());
        assertEquals(StatementKind.CALL, parse("CALL p(1)").kind());
        assertEquals(StatementKind.SHOW, parse("SHOW TABLES").kind());
        assertEquals(StatementKind.SHOW_WARNINGS, parse("SHOW WARNINGS").kind());
        assertEquals(StatementKind.SHOW_WARNINGS, parse("SHOW COUNT(*) ERRORS").kind());
        assertEquals(StatementKind.EXPLAIN, parse("EXPLAIN SELECT 1").kind());
        assertEquals(StatementKind.LOAD_DATA, parse("LOAD DATA LOCAL INFILE 'x' INTO TABLE t").kind());
        assertEquals(StatementKind.OTHER, parse("DO 1").kind());
        assertEquals(StatementKind.OTHER, parse("").kind());
        assertEquals(StatementKind.OTHER, parse("START SLAVE").kind());
    }

    @Test
    void commentsHintsStringsAndExecutableComments() {
        SqlInfo info = parse("/*+ READ_CONSISTENCY(WEAK) */ SELECT /* from x */ 'from y', \"FROM z\", `from` -- from w\n"
                + " FROM t1 # from v\n WHERE a = 'it''s' AND b = 'x\\'y'");
        assertEquals(StatementKind.SELECT, info.kind());
        assertEquals("READ_CONSISTENCY(WEAK)", info.hints());
        assertEquals(List.of(new TableName(null, "t1")), info.tables());
        assertEquals(StatementKind.SELECT, parse("/*!50700 SELECT */ 1").kind());
        assertEquals(1, parse("SELECT '?' , \"?\", `?`, ? -- ?\n").parameterCount());
        assertEquals(3, parse("INSERT INTO t VALUES (?, ?, '?', ?)").parameterCount());
    }

    @Test
    void tablesFromEveryClause() {
        assertEquals(List.of(new TableName("db1", "orders", "o"), new TableName(null, "items", "i")),
                parse("SELECT * FROM `DB1`.`Orders` o JOIN items AS i ON o.id = i.oid WHERE x IN (SELECT 1)").tables());
        assertEquals(List.of(new TableName(null, "a", "x"), new TableName(null, "b", "y")),
                parse("SELECT * FROM a x, b `Y` WHERE x.id = y.id").tables());
        assertEquals(List.of(new TableName(null, "t")), parse("INSERT IGNORE INTO t (a) VALUES (1)").tables());
        assertEquals(List.of(new TableName("d", "t")), parse("UPDATE LOW_PRIORITY d.t SET a = 1").tables());
        assertEquals(List.of(new TableName(null, "t")), parse("DELETE FROM t WHERE id = 1").tables());
        assertEquals(List.of(new TableName(null, "a"), new TableName(null, "b")),
                parse("DROP TABLE IF EXISTS a, b").tables());
        assertEquals(List.of(new TableName(null, "t"), new TableName(null, "u")),
                parse("LOCK TABLES t READ, u WRITE").tables());
        assertEquals(List.of(new TableName(null, "t", "a"), new TableName(null, "u")),
                parse("LOCK TABLES t AS a READ LOCAL, u LOW_PRIORITY WRITE").tables());
        assertTrue(parse("SELECT 1 FROM (SELECT 2) x").tables().isEmpty());
    }

    @Test
    void lockingReads() {
        assertTrue(parse("SELECT * FROM t WHERE id = 1 FOR UPDATE").has(SqlInfo.FLAG_LOCKING_READ));
        assertTrue(parse("SELECT * FROM t LOCK IN SHARE MODE").has(SqlInfo.FLAG_LOCKING_READ));
        assertFalse(parse("SELECT * FROM t WHERE x IN (SELECT y FROM u FOR UPDATE)").has(SqlInfo.FLAG_LOCKING_READ));
        assertFalse(parse("SELECT 'FOR UPDATE'").has(SqlInfo.FLAG_LOCKING_READ));
    }

    @Test
    void setStatementsYieldSessionEffects() {
        assertEquals(List.of(new Assignment(Scope.SESSION, "time_zone", "'+08:00'")),
                parse("SET time_zone = '+08:00'").assignments());
        assertEquals(List.of(new Assignment(Scope.SESSION, "sql_mode", null),
                        new Assignment(Scope.USER, "x", "5"),
                        new Assignment(Scope.GLOBAL, "max_connections", "100"),
                        new Assignment(Scope.SESSION, "wait_timeout", "-1")),
                parse("SET @@session.sql_mode = CONCAT(@@sql_mode, ',ANSI'), @X := 5, GLOBAL max_connections = 100,"
                        + " SESSION wait_timeout = -1").assignments());
        assertEquals(List.of(new Assignment(Scope.CHARSET, "utf8mb4", "SET NAMES utf8mb4 COLLATE utf8mb4_bin")),
                parse("SET NAMES utf8mb4 COLLATE utf8mb4_bin").assignments());
        assertEquals(List.of(new Assignment(Scope.CHARSET, "utf8mb4", "SET CHARACTER SET utf8mb4")),
                parse("SET CHARACTER SET utf8mb4").assignments());
        assertEquals(Scope.NEXT_TRANSACTION, parse("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").assignments().get(0).scope());
        assertEquals(new Assignment(Scope.SESSION_TRANSACTION, "", "SESSION TRANSACTION READ ONLY"),
                parse("SET SESSION TRANSACTION READ ONLY").assignments().get(0));
        assertEquals(List.of(new Assignment(Scope.USER, "a", null), new Assignment(Scope.USER, "b", null)),
                parse("SELECT 1, 2 INTO @a, @b").assignments());
        assertEquals(List.of(new Assignment(Scope.USER, "n", null)),
                parse("SELECT @n := @n + 1 FROM t").assignments());
    }

    @Test
    void routeAddressIsRecognisedOnlyAlone() {
        assertEquals("127.0.0.1:2881", parse("SET @obproxy_route_addr = '127.0.0.1:2881'").routeAddress());
        assertEquals("", parse("set @OBPROXY_ROUTE_ADDR=''").routeAddress());
        assertEquals("0", parse("SET @obproxy_route_addr = 0").routeAddress());
        assertNull(parse("SET @obproxy_route_addr = '1.2.3.4:1', @x = 1").routeAddress());
        assertNull(parse("SET @obproxy_route_addr = CONCAT('a', 'b')").routeAddress());
    }

    @Test
    void stickyFunctionsAndPins() {
        assertTrue(parse("SELECT FOUND_ROWS()").has(SqlInfo.FLAG_LAST_STATEMENT_STATE));
        assertTrue(parse("select last_insert_id()").has(SqlInfo.FLAG_LAST_STATEMENT_STATE));
        assertTrue(parse("SELECT ROW_COUNT ()").has(SqlInfo.FLAG_LAST_STATEMENT_STATE));
        assertFalse(parse("SELECT found_rows FROM t").has(SqlInfo.FLAG_LAST_STATEMENT_STATE));
        assertFalse(parse("SELECT t.found_rows() FROM t").has(SqlInfo.FLAG_LAST_STATEMENT_STATE));
        assertTrue(parse("SELECT GET_LOCK('a', 1)").has(SqlInfo.FLAG_GET_LOCK));
        assertTrue(parse("DO RELEASE_LOCK('a')").has(SqlInfo.FLAG_RELEASE_LOCK));
        assertTrue(parse("SELECT RELEASE_ALL_LOCKS()").has(SqlInfo.FLAG_RELEASE_ALL_LOCKS));
        assertTrue(parse("SELECT IS_USED_LOCK('a')").has(SqlInfo.FLAG_LOCK_QUERY));
        assertTrue(parse("SELECT CONNECTION_ID()").has(SqlInfo.FLAG_CONNECTION_ID));
        assertTrue(parse("COMMIT AND CHAIN").has(SqlInfo.FLAG_CHAIN));
        assertFalse(parse("COMMIT AND NO CHAIN").has(SqlInfo.FLAG_CHAIN));
        assertTrue(parse("XA START 'x'").has(SqlInfo.FLAG_XA_START));
        assertTrue(parse("XA COMMIT 'x'").has(SqlInfo.FLAG_XA_END));
    }

    @Test
    void objectsCreatedAndDropped() {
        SqlInfo temp = parse("CREATE TEMPORARY TABLE IF NOT EXISTS Tmp1 (id INT)");
        assertEquals(StatementKind.CREATE_TEMPORARY_TABLE, temp.kind());
        assertEquals("tmp1", temp.objectName());
        SqlInfo drop = parse("DROP TEMPORARY TABLE tmp1");
        assertEquals(StatementKind.DROP_TABLE, drop.kind());
        assertTrue(drop.has(SqlInfo.FLAG_TEMPORARY));
        assertEquals("s1", parse("PREPARE s1 FROM 'SELECT 1'").objectName());
        assertEquals(StatementKind.DEALLOCATE_PREPARE, parse("DEALLOCATE PREPARE s1").kind());
        assertEquals("s1", parse("DROP PREPARE s1").objectName());
        assertEquals("db2", parse("USE `DB2`").database());
    }

    @Test
    void multiStatementsCombineEffects() {
        SqlInfo info = parse("SET @a = 1; SELECT * FROM t; ;");
        assertEquals(2, info.statementCount());
        assertTrue(info.isMulti());
        assertEquals(StatementKind.SET, info.kind());
        assertEquals(List.of(new TableName(null, "t")), info.tables());
        assertEquals(1, info.assignments().size());
        assertEquals(1, parse("SELECT ';'").statementCount());
    }

    @Test
    void unterminatedInputDoesNotThrow() {
        assertEquals(StatementKind.SELECT, parse("SELECT 'abc").kind());
        assertEquals(StatementKind.SELECT, parse("SELECT /* abc").kind());
        assertEquals(StatementKind.SELECT, parse("SELECT `abc").kind());
        assertEquals(StatementKind.OTHER, parse("@").kind());
    }

    @Test
    void classifierCachesATextFromItsSecondSighting() {
        SqlClassifier classifier = new SqlClassifier(100);
        SqlInfo first = classifier.classify("SELECT 1");
        SqlInfo second = classifier.classify("SELECT 1");
        assertEquals(first, second);
        assertSame(second, classifier.classify("SELECT 1"), "cached the second time");
    }

    /** MariaDB's SET STATEMENT ... FOR: the statement after FOR, its variables the statement's alone. */
    @Test
    void setStatementForIsTheStatementAfterFor() {
        SqlInfo read = parse("SET STATEMENT max_statement_time = 10, sql_mode = '' FOR SELECT * FROM t WHERE id = 1");
        assertEquals(StatementKind.SELECT, read.kind());
        assertTrue(read.assignments().isEmpty(), "nothing of the session changes");
        assertEquals("t", read.tables().get(0).table());
        assertEquals(StatementKind.UPDATE, parse("set statement sql_mode='' for update t set a = 1").kind());
        assertEquals(StatementKind.OTHER, parse("SET STATEMENT x = 1").kind(), "no FOR: the server answers");
    }
}
