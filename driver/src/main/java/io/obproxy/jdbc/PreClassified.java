package io.obproxy.jdbc;

import io.obproxy.session.RelaySink;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
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

    /**
     * @return {@link Connection#prepareStatement(String)} of a text with its classification (from
     * {@link #classify}); a CALL is prepared on the servers (Connector/J would prepare it on the
     * client), so that an execution passed through ({@link #relay(PreparedStatement, byte[][], byte[], RelaySink)})
     * gets its OUT parameters from the server
     */
    public static PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException {
        PreparedStatement ps = connection.unwrap(LogicalConnection.class).prepare(sql, info);
        if (info.kind() == StatementKind.CALL && ps instanceof LogicalPreparedStatement logical) {
            logical.prepareOnServers();
        }
        return ps;
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

    /** How {@link #relay} ended. */
    public enum Relayed {
        /** Sent to a server, its reply handed to the sink. */
        RELAYED,
        /** Answered by the driver with rows: the statement's result set has them. */
        ANSWERED_WITH_ROWS,
        /** Answered by the driver (or held: a BEGIN) without rows: the statement's update count says it. */
        ANSWERED_WITH_COUNT;

        /** @return an answer with rows or with an update count */
        static Relayed answered(boolean rows) {
            return rows ? ANSWERED_WITH_ROWS : ANSWERED_WITH_COUNT;
        }
    }

    /**
     * The pass-through of a text: answered by the driver as {@link #execute} would (then the
     * statement's results say what), or routed, synced and pinned as {@link #execute} would, then
     * sent as the client's bytes {@code text} (null: {@code sql} in UTF-8; the driver sends
     * {@code sql} whenever it runs another text in its place) with every result of the server's
     * reply handed to {@code sink} as it arrives. One statement only: a text of several, or one
     * with LOAD DATA LOCAL INFILE, takes {@link #execute}.
     */
    public static Relayed relay(Statement statement, String sql, SqlInfo info, byte[] text, RelaySink sink)
            throws SQLException {
        return statement.unwrap(LogicalStatement.class).relay(sql, info, text, sink);
    }

    /**
     * The pass-through of a prepared statement's execution (from {@link #prepare}, its parameters
     * set): routed by them, then run on the server's prepared statement with {@code parameters} (the
     * client's COM_STMT_EXECUTE part after its iteration count, the types always bound), after the
     * parameters' {@code longData} (null: none; null for a parameter without), and every result handed
     * to {@code sink}; or run as {@link PreparedStatement#execute}, whose results then say what.
     */
    public static Relayed relay(PreparedStatement statement, byte[][] longData, byte[] parameters, RelaySink sink)
            throws SQLException {
        return statement.unwrap(LogicalPreparedStatement.class).relay(longData, parameters, sink);
    }

    /** {@link #executeWithLocalFiles} of a prepared statement (from {@link #prepare}) with its parameters set. */
    public static boolean executeWithLocalFiles(PreparedStatement statement, InputStream files) throws SQLException {
        return statement.unwrap(LogicalPreparedStatement.class).execute(files);
    }
}
