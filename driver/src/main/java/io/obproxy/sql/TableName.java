package io.obproxy.sql;

/**
 * A table a statement names, as written: database may be null (the session's current one), alias
 * is null when the statement gives it none. Names are lower-cased (OceanBase MySQL mode compares
 * them case-insensitively) and unquoted.
 */
public record TableName(String database, String table, String alias) {
    /** A table without an alias. */
    public TableName(String database, String table) {
        this(database, table, null);
    }

    @Override
    public String toString() {
        return database == null ? table : database + "." + table;
    }
}
