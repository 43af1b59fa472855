package io.obproxy.sql;

/**
 * A table a statement names, as written: database may be null (the session's current one).
 * Names are lower-cased (OceanBase MySQL mode compares them case-insensitively) and unquoted.
 */
public record TableName(String database, String table) {
    @Override
    public String toString() {
        return database == null ? table : database + "." + table;
    }
}
