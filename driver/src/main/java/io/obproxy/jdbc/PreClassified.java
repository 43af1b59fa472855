package io.obproxy.jdbc;

import io.obproxy.sql.SqlInfo;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The front end's entry to a logical connection: a text is classified once, by the connection's
 * own classifier (and its cache), the front end decides from that classification what it answers
 * itself (SET NAMES, multi-statements a client turned off) or rewrites (variable names an older
 * backend lacks), and the statement runs or is prepared with the same classification, never parsed
 * again. Not for applications: public only because the front end is
 * another package.
 */
public final class PreClassified {
    private PreClassified() {
    }

    /** @return the classification of {@code sql} by the classifier of {@code connection} (a logical connection) */
    public static SqlInfo classify(Connection connection, String sql) throws SQLException {
        return connection.unwrap(LogicalConnection.class).classifier().classify(sql);
    }

    /** @return {@link Connection#prepareStatement(String)} of a text with its classification (from {@link #classify}) */
    public static PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException {
        return connection.unwrap(LogicalConnection.class).prepare(sql, info);
    }

    /**
     * {@link Statement#execute(String)} of a text with its classification (from {@link #classify}).
     *
     * @return true when the first result is a result set
     */
    public static boolean execute(Statement statement, String sql, SqlInfo info) throws SQLException {
        return statement.unwrap(LogicalStatement.class).execute(sql, info, GeneratedKeys.NONE);
    }

    /**
     * {@link #execute} with the servers' LOAD DATA LOCAL INFILE requests answered from {@code files},
     * which is told each file's name as the server asks for it when it is a
     * {@link io.obproxy.session.ConnectorJ.RequestedFiles}, and closed after each file. It stays the server
     * connection's after this returns (a text's later statements ask for their files while its
     * results are read): the caller makes it answer nothing once they are. Needs a driver instance with
     * {@code localInfileFromStreams}; no file of this host is ever read.
     *
     * @return true when the first result is a result set
     * @throws SQLException 08S01 when {@code files} failed mid-file: the server connection was aborted
     */
    public static boolean executeWithLocalFiles(Statement statement, String sql, SqlInfo info, InputStream files)
            throws SQLException {
        return statement.unwrap(LogicalStatement.class).execute(sql, info, GeneratedKeys.NONE, files);
    }

    /** {@link #executeWithLocalFiles} of a prepared statement (from {@link #prepare}) with its parameters set. */
    public static boolean executeWithLocalFiles(PreparedStatement statement, InputStream files) throws SQLException {
        return statement.unwrap(LogicalPreparedStatement.class).execute(files);
    }
}
