package io.obproxy.jdbc;

import java.sql.SQLException;

/**
 * What a logical statement offers beyond {@link java.sql.Statement}; reach it with
 * {@code statement.unwrap(ObProxyStatement.class)}.
 */
public interface ObProxyStatement {
    /**
     * @return the last insert id the server reported for the current result (the OK packet's, as
     * {@code mysql_insert_id()} gives it: the first id an INSERT generated, or a value set with
     * {@code LAST_INSERT_ID(expr)}); 0 when there is none or the statement was answered by the driver
     */
    long lastInsertId() throws SQLException;

    /**
     * @return the info string of the server's OK packet for the current result, as {@code mysql_info()}
     * gives it ("Rows matched: 2  Changed: 2  Warnings: 0" after an UPDATE, "Records: 3  Duplicates: 0
     * Warnings: 0" after a multi-row INSERT, LOAD DATA or ALTER TABLE); null when the server sent none,
     * the current result is a result set, or the statement was answered by the driver
     */
    String info() throws SQLException;
}
