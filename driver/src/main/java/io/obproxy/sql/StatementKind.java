package io.obproxy.sql;

/** What a statement does, as far as routing, pinning and session state care. */
public enum StatementKind {
    SELECT(true, false),
    INSERT(false, true),
    REPLACE(false, true),
    UPDATE(false, true),
    DELETE(false, true),
    /** {@code SET ...} of variables, names, character set or transaction characteristics. */
    SET(false, false),
    USE(false, false),
    BEGIN(false, false),
    COMMIT(false, false),
    ROLLBACK(false, false),
    SAVEPOINT(false, false),
    RELEASE_SAVEPOINT(false, false),
    /** {@code ROLLBACK [WORK] TO [SAVEPOINT] name}: the transaction goes on. */
    ROLLBACK_TO_SAVEPOINT(false, false),
    CREATE_TEMPORARY_TABLE(false, true),
    DROP_TABLE(false, true),
    /** Other DDL: CREATE, ALTER, DROP, TRUNCATE, RENAME (an implicit commit in MySQL). */
    DDL(false, true),
    LOCK_TABLES(false, false),
    UNLOCK_TABLES(false, false),
    /** Text protocol {@code PREPARE name FROM ...}. */
    PREPARE(false, false),
    EXECUTE(false, false),
    DEALLOCATE_PREPARE(false, false),
    XA(false, false),
    CALL(false, true),
    SHOW(true, false),
    SHOW_WARNINGS(true, false),
    EXPLAIN(true, false),
    LOAD_DATA(false, true),
    /** {@code DO expr}, {@code HANDLER}, {@code CHECKSUM} and anything else. */
    OTHER(false, false);

    private final boolean read;
    private final boolean write;

    StatementKind(boolean read, boolean write) {
        this.read = read;
        this.write = write;
    }

    /** @return true for statements that only read (SELECT without locking clauses, SHOW, EXPLAIN) */
    public boolean isRead() {
        return read;
    }

    /** @return true for statements that change data or schema */
    public boolean isWrite() {
        return write;
    }
}
