package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException;
import com.mysql.cj.jdbc.exceptions.MySQLTimeoutException;
import com.mysql.cj.jdbc.exceptions.MysqlDataTruncation;
import com.mysql.cj.jdbc.exceptions.PacketTooBigException;
import com.mysql.cj.jdbc.exceptions.SQLError;
import io.obproxy.session.ServerErrors;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a client's error packet says for each kind of failure: never Connector/J's text, a server's code. */
class ClientErrorTest {
    private static String shown(ClientError e) {
        return e.code() + " (" + e.sqlState() + "): " + new String(e.message(), StandardCharsets.UTF_8);
    }

    private static String shown(SQLException e) {
        return shown(ClientError.of(e, null));
    }

    @Test
    void aServersPacketIsSentAsItCame() {
        byte[] latin1 = {'c', (byte) 0xE9};
        ClientError e = ClientError.of(new MysqlDataTruncation("Data truncation: x", 0, true, false, 0, 0, 1292),
                new ServerErrors.Sent(1292, "22007", latin1, false));
        assertEquals(1292, e.code());
        assertEquals("22007", e.sqlState());
        assertEquals(latin1.length, e.message().length);
    }

    @Test
    void errorsWithACodeKeepItAndTheServersText() {
        assertEquals("1146 (42S02): Table 't' doesn't exist", shown(new SQLException("Table 't' doesn't exist", "42S02", 1146)));
        assertEquals("1265 (22001): Data truncated for column 'a' at row 1",
                shown(new MysqlDataTruncation("Data truncated for column 'a' at row 1", 0, true, false, 0, 0, 1265)));
        assertEquals("1317 (70100): Query execution was interrupted",
                shown(new SQLException("Query execution was interrupted", "70100", 1317)));
    }

    @Test
    void connectorJsOwnFailuresGetAServersCodeAndNoneOfItsText() {
        SQLException streaming = SQLError.createSQLException("Streaming result set com.mysql.cj.protocol.a.result"
                + ".ResultsetRowsStreaming@1b2c3d is still active.", "S1000", null);
        assertEquals("1105 (HY000): Internal error of the front end; its log says more", shown(streaming));
        assertEquals("1105 (08S01): Lost connection to a server during the statement",
                shown(new CommunicationsException("Communications link failure", new java.io.IOException("reset"))));
        assertEquals("1317 (70100): Query execution was interrupted",
                shown(new MySQLStatementCancelledException("Statement cancelled due to client request")));
        assertEquals("3024 (HY000): Query execution was interrupted, maximum statement execution time exceeded",
                shown(new MySQLTimeoutException("Statement cancelled due to timeout or client request")));
        assertEquals("1153 (08S01): Got a packet bigger than 'max_allowed_packet' bytes",
                shown(new PacketTooBigException(70_000_000, 67_108_864)));
    }

    @Test
    void theDriversOwnFailuresKeepTheirTextWithoutConnectorJs() {
        CommunicationsException link = new CommunicationsException("Communications link failure", null);
        SQLException lost = new SQLException("Transaction lost: the connection to server 10.0.0.1:2881 failed; run"
                + " the transaction again (" + link.getMessage() + ")", "40001", 0, link);
        assertEquals("1213 (40001): Transaction lost: the connection to server 10.0.0.1:2881 failed; run the"
                + " transaction again", shown(lost));
        SQLException unknown = new SQLException("The connection to server 10.0.0.1:2881 broke after the statement was"
                + " sent (" + link.getMessage() + ")", "08007", 0, link);
        assertEquals("1105 (08007): The connection to server 10.0.0.1:2881 broke after the statement was sent",
                shown(unknown));
        assertEquals("1105 (HY000): No server may run the statement: none is up",
                shown(new SQLException("No server may run the statement: none is up", "HY000")));
        assertEquals("1105 (HY000): Statement is closed", shown(new SQLException("Statement is closed", "S1009")));
    }
}
