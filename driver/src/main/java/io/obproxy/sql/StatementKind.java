package io.obproxy.sql;

/** What a statement does, as far as routing, pinning and session state care. */
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
    /** {@code DO expr}, {@code HANDLER}, {@code CHECKSUM} and anything else. */
    OTHER
}
