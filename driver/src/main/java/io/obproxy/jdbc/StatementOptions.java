package io.obproxy.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How the application asked for a statement (result set type, concurrency, holdability, generated
 * keys), so that the same kind of physical statement is created on every server it runs on.
 */
record StatementOptions(int type, int concurrency, int holdability, GeneratedKeys keys) {
    static StatementOptions defaults(int holdability) {
        return new StatementOptions(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    StatementOptions(int type, int concurrency, int holdability) {
        this(type, concurrency, holdability, GeneratedKeys.NONE);
    }

    StatementOptions withKeys(GeneratedKeys keys) {
        return new StatementOptions(type, concurrency, holdability, keys);
    }

    /** @return true when the application asked for generated keys */
    boolean returnsGeneratedKeys() {
        return keys.wanted();
    }

    Statement createStatement(Connection c) throws SQLException {
        return c.createStatement(type, concurrency, holdability);
    }

    PreparedStatement prepareStatement(Connection c, String sql) throws SQLException {
        PreparedStatement withKeys = keys.prepare(c, sql);
        return withKeys != null ? withKeys : c.prepareStatement(sql, type, concurrency, holdability);
    }
}
