package io.obproxy.sql;

import java.util.List;

/**
 * What the driver needs to know about one SQL text, computed once and cached per text. Immutable.
 *
 * @param kind           kind of the first statement
 * @param statementCount statements in the text (more than one: a multi-statement)
 * @param tables         tables named, in order of appearance
 * @param hints          text of the optimizer hints ({@code /*+ ... *}{@code /}), joined; empty if none
 * @param parameterCount {@code ?} markers
 * @param flags          {@code FLAG_*} bits
 * @param assignments    session effects of SET statements and {@code @var :=} / {@code INTO @var}
 * @param database       the database of {@code USE db}, else null
 * @param objectName     what a statement acts on: PREPARE/DEALLOCATE statement name, temporary
 *                       table of CREATE TEMPORARY TABLE, the connection id of KILL, the statement of
 *                       EXPLAIN ROUTE, the collation of {@code SET NAMES x COLLATE y}; else null
 * @param routeAddress   the value of {@code SET @obproxy_route_addr = '...'} when that is the whole
 *                       statement (handled by the driver, never sent); else null
 * @param keyValues      columns given values by equality in an AND-only WHERE, by IN lists, or by
 *                       INSERT/REPLACE column lists and VALUES; empty when none can be read
 */
public record SqlInfo(StatementKind kind, int statementCount, List<TableName> tables, String hints,
                      int parameterCount, int flags, List<Assignment> assignments, String database,
                      String objectName, String routeAddress, List<ColumnValues> keyValues) {
    /** SELECT ... FOR UPDATE / LOCK IN SHARE MODE / FOR SHARE. */
    public static final int FLAG_LOCKING_READ = 1;
    /** Reads the state of the previous statement: FOUND_ROWS(), ROW_COUNT(), LAST_INSERT_ID(), SHOW WARNINGS. */
    public static final int FLAG_LAST_STATEMENT_STATE = 1 << 1;
    /** GET_LOCK(). */
    public static final int FLAG_GET_LOCK = 1 << 2;
    /** RELEASE_LOCK(). */
    public static final int FLAG_RELEASE_LOCK = 1 << 3;
    /** RELEASE_ALL_LOCKS(). */
    public static final int FLAG_RELEASE_ALL_LOCKS = 1 << 4;
    /** IS_USED_LOCK(), IS_FREE_LOCK(): answered by the server holding the session's locks. */
    public static final int FLAG_LOCK_QUERY = 1 << 5;
    /** XA START / BEGIN. */
    public static final int FLAG_XA_START = 1 << 6;
    /** XA COMMIT / ROLLBACK: the XA transaction ends. */
    public static final int FLAG_XA_END = 1 << 7;
    /** COMMIT AND CHAIN / ROLLBACK AND CHAIN: a new transaction starts at once. */
    public static final int FLAG_CHAIN = 1 << 8;
    /** CREATE TEMPORARY TABLE / DROP TEMPORARY TABLE. */
    public static final int FLAG_TEMPORARY = 1 << 9;
    /** CONNECTION_ID(). */
    public static final int FLAG_CONNECTION_ID = 1 << 10;
    /** Hint {@code READ_CONSISTENCY(WEAK)}. */
    public static final int FLAG_WEAK_READ_HINT = 1 << 11;
    /** Hint {@code READ_CONSISTENCY(STRONG)}. */
    public static final int FLAG_STRONG_READ_HINT = 1 << 12;
    /** {@code SHOW FULL PROCESSLIST}: Info not cut to 100 characters. */
    public static final int FLAG_FULL = 1 << 13;
    /** {@code KILL QUERY}: only the running statement is stopped. */
    public static final int FLAG_KILL_QUERY = 1 << 14;
    /**
     * The whole text is one {@code SET NAMES x [COLLATE y]} / {@code SET CHARACTER SET x}: its one
     * assignment names the character set, {@link #objectName} the collation.
     */
    public static final int FLAG_SET_NAMES = 1 << 15;
    /**
     * Names {@code @@transaction_isolation} or {@code @@transaction_read_only} (MySQL 8.0's names,
     * which older MySQL and MariaDB know as tx_isolation and tx_read_only: {@link SqlRewrites#oldTransactionVariables}).
     */
    public static final int FLAG_TRANSACTION_VARIABLE = 1 << 16;
    /**
     * A statement of the text is {@code LOAD DATA|XML [LOW_PRIORITY|CONCURRENT] LOCAL INFILE}: its server
     * will ask the client for a file.
     */
    public static final int FLAG_LOCAL_INFILE = 1 << 17;

    /** @return true when any bit of {@code flag} is set */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * @return the key values that may be {@code table}'s: all of them but the columns qualified by
     * another table's name or alias
     */
    public List<ColumnValues> keyValuesOf(TableName table) {
        for (int i = 0; i < keyValues.size(); i++) {
            if (!keyValues.get(i).mayBelongTo(table)) {
                return keyValues.stream().filter(v -> v.mayBelongTo(table)).toList();
            }
        }
        return keyValues;
    }

    /**
     * @return true when the driver answers the text itself, sending nothing: one statement of kind
     * SHOW_PROCESSLIST, SHOW_PROXYSESSION, SHOW_PROXYROUTE, SHOW_PROXYSTAT, EXPLAIN_ROUTE or KILL
     */
    public boolean answeredByDriver() {
        if (statementCount != 1) {
            return false;
        }
        switch (kind) {
            case SHOW_PROCESSLIST:
            case SHOW_PROXYSESSION:
            case SHOW_PROXYROUTE:
            case SHOW_PROXYSTAT:
            case EXPLAIN_ROUTE:
            case KILL:
                return true;
            default:
                return false;
        }
    }

    /** @return true when the text holds more than one statement */
    public boolean isMulti() {
        return statementCount > 1;
    }
}
