package io.obproxy.frontend;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.session.RelaySink;
import io.obproxy.sql.SqlInfo;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a client's text enters the driver: classified once by the logical connection's classifier,
 * then run or prepared with that classification. The default methods are the driver's own path,
 * {@link PreClassified} (the one way the front end hands texts to {@code io.obproxy.jdbc}), and
 * {@link #DRIVER} is all the front end uses; the interface lets the command handling be tested
 * without a cluster.
 */
interface TextPath {
    /** The driver's own path. */
    TextPath DRIVER = new TextPath() {
    };

    /** @return the classification of {@code sql} by the classifier of the logical {@code connection} */
    default SqlInfo classify(Connection connection, String sql) throws SQLException {
        return PreClassified.classify(connection, sql);
    }

    /** @return true when the first result of running {@code sql} on {@code statement} is a result set */
    default boolean execute(Statement statement, String sql, SqlInfo info) throws SQLException {
        return PreClassified.execute(statement, sql, info);
    }

    /**
     * {@link #execute} with the servers' LOAD DATA LOCAL INFILE requests answered from {@code files}
     * (the client's, {@link ClientFileRelay}).
     */
    default boolean executeWithLocalFiles(Statement statement, String sql, SqlInfo info, InputStream files)
            throws SQLException {
        return PreClassified.executeWithLocalFiles(statement, sql, info, files);
    }

    /** {@link PreparedStatement#execute} with the servers' LOAD DATA LOCAL INFILE requests answered from {@code files}. */
    default boolean executeWithLocalFiles(PreparedStatement statement, InputStream files) throws SQLException {
        return PreClassified.executeWithLocalFiles(statement, files);
    }

    /**
     * {@link #execute} with the server's reply handed to {@code sink} as it comes
     * ({@link PreClassified#relay}); {@code clientBytes} the client's text when the server may take it as
     * it is, else null.
     */
    default PreClassified.Relayed relay(Statement statement, String sql, SqlInfo info, byte[] clientBytes,
                                        RelaySink sink) throws SQLException {
        return PreClassified.relay(statement, sql, info, clientBytes, sink);
    }

    /** {@link PreClassified#relay(PreparedStatement, byte[][], byte[], RelaySink)}: an execution's pass-through. */
    default PreClassified.Relayed relay(PreparedStatement statement, byte[][] longData, byte[] parameters,
                                        RelaySink sink) throws SQLException {
        return PreClassified.relay(statement, longData, parameters, sink);
    }

    /** @return {@code sql} prepared on the logical {@code connection} */
    default PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException {
        return PreClassified.prepare(connection, sql, info);
    }
}
