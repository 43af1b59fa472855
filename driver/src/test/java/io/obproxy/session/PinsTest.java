package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.sql.StatementParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a transaction counts as open after a statement: the server's IN_TRANS flag may open one at
 * any time, but ends one only after a statement that can end a transaction implicitly and whose
 * whole reply was read; while a reply still streams the flag decides nothing (the cursor pins the
 * server, and its close reads the flag). One row per case.
 */
class PinsTest {
    @ParameterizedTest(name = "{0} | open {1} began {2} flag {3} complete {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # statement                          | open  | began | flag  | complete | open after
            SELECT * FROM t                      | true  | false | false | false    | true
            SELECT * FROM t                      | true  | false | false | true     | true
            SELECT * FROM t                      | false | false | true  | true     | true
            SELECT * FROM t                      | false | false | false | false    | false
            SELECT * FROM t                      | false | false | true  | false    | false
            SELECT * FROM t                      | false | false | false | true     | false
            SELECT 1                             | false | false | false | true     | false
            SET NAMES utf8mb4                    | false | false | false | false    | false
            SET NAMES utf8mb4                    | false | false | false | true     | false
            SELECT * FROM t                      | false | true  | false | false    | true
            UPDATE t SET v = 1                   | true  | false | false | true     | true
            CALL p()                             | true  | false | false | true     | true
            SHOW TABLES                          | true  | false | false | true     | true
            COMMIT                               | true  | false | true  | true     | false
            ROLLBACK                             | true  | false | false | true     | false
            COMMIT AND CHAIN                     | true  | false | true  | true     | true
            ROLLBACK TO SAVEPOINT s              | true  | false | false | true     | true
            BEGIN                                | false | false | false | true     | true
            XA START 'x'                         | false | false | false | true     | true
            XA ROLLBACK 'x'                      | true  | false | true  | true     | false
            CREATE TABLE t2 (id INT)             | true  | false | false | true     | false
            CREATE TABLE t2 (id INT)             | true  | false | false | false    | true
            SET autocommit = 1                   | true  | false | false | true     | false
            SET @x = 1                           | true  | false | true  | true     | true
            LOCK TABLES t WRITE                  | true  | false | false | true     | false
            SELECT 1; COMMIT                     | true  | false | false | true     | false
            SELECT 1; COMMIT                     | true  | false | false | false    | true
            BEGIN; SELECT 1                      | false | false | true  | true     | true
            """)
    void aTransactionEndsOnlyWhereAnEndIsCertain(String sql, boolean open, boolean began, boolean flag,
                                                 boolean complete, boolean expected) {
        assertEquals(expected, Pins.transactionAfter(open, StatementParser.parse(sql), began, flag, complete));
    }
}
