package io.obproxy.sql;

/**
 * What a statement does, as far as routing, pinning and session state care, and which statements
 * the driver answers itself ({@link SqlInfo#answeredByDriver}).
 */
public enum StatementKind {
    SELECT,
    INSERT,
    REPLACE,
    UPDATE,
    DELETE,
    /** {@code SET ...} of variables, names, character set or transaction characteristics. */
    SET,
    USE,
    BEGIN,
    COMMIT,
    ROLLBACK,
    SAVEPOINT,
    RELEASE_SAVEPOINT,
    /** {@code ROLLBACK [WORK] TO [SAVEPOINT] name}: the transaction goes on. */
    ROLLBACK_TO_SAVEPOINT,
    CREATE_TEMPORARY_TABLE,
    DROP_TABLE,
    /** Other DDL: CREATE, ALTER, DROP, TRUNCATE, RENAME (an implicit commit in MySQL). */
    DDL,
    LOCK_TABLES,
    UNLOCK_TABLES,
    /** Text protocol {@code PREPARE name FROM ...}. */
    PREPARE,
    EXECUTE,
    DEALLOCATE_PREPARE,
    XA,
    CALL,
    SHOW,
    SHOW_WARNINGS,
    EXPLAIN,
    LOAD_DATA,
    /**
     * {@code SHOW [FULL] PROCESSLIST}: the driver lists logical connections itself; FULL sets
     * {@link SqlInfo#FLAG_FULL}.
     */
    SHOW_PROCESSLIST,
    /** ODP's {@code SHOW PROXYSESSION}: the driver lists physical sessions itself. */
    SHOW_PROXYSESSION,
    /** ODP's {@code SHOW PROXYROUTE}: the driver lists its cached table locations. */
    SHOW_PROXYROUTE,
    /** ODP's {@code SHOW PROXYSTAT}: the driver lists its metrics (docs/metrics.md). */
    SHOW_PROXYSTAT,
    /** ODP's {@code EXPLAIN ROUTE <statement>}: {@link SqlInfo#objectName} is the statement explained. */
    EXPLAIN_ROUTE,
    /**
     * {@code KILL [CONNECTION | QUERY] <id>} of a logical connection: {@link SqlInfo#objectName} is
     * the id as written; QUERY sets {@link SqlInfo#FLAG_KILL_QUERY}.
     */
    KILL,
    /** {@code DO expr}, {@code HANDLER}, {@code CHECKSUM} and anything else. */
    OTHER
}
