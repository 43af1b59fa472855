package io.obproxy.frontend;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.sql.SqlInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a client's text enters the driver: classified once by the logical connection's classifier,
 * then run or prepared with that classification ({@link PreClassified}, the one way the front end
 * hands texts to {@code io.obproxy.jdbc}). {@link #DRIVER} is the only implementation the front
 * end uses; the interface lets the command handling be tested without a cluster.
 */
interface TextPath {
    /** The driver's own path: {@link PreClassified}. */
    TextPath DRIVER = new TextPath() {
        @Override
        public SqlInfo classify(Connection connection, String sql) throws SQLException {
            return PreClassified.classify(connection, sql);
        }

        @Override
        public boolean execute(Statement statement, String sql, SqlInfo info) throws SQLException {
            return PreClassified.execute(statement, sql, info);
        }

        @Override
        public PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException {
            return PreClassified.prepare(connection, sql, info);
        }
    };

    /** @return the classification of {@code sql} by the classifier of the logical {@code connection} */
    SqlInfo classify(Connection connection, String sql) throws SQLException;

    /** @return true when the first result of running {@code sql} on {@code statement} is a result set */
    boolean execute(Statement statement, String sql, SqlInfo info) throws SQLException;

    /** @return {@code sql} prepared on the logical {@code connection} */
    PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException;
}
