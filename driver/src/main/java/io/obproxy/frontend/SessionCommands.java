package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.session.ConnectorJ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The commands about the session rather than a statement: COM_INIT_DB, COM_PING, COM_FIELD_LIST,
 * COM_SET_OPTION, COM_PROCESS_KILL, COM_RESET_CONNECTION and COM_CHANGE_USER. Each works on the
 * client's {@link ClientSession} and answers as a server does; a failure of the logical connection
 * is the caller's to report ({@link Commands}).
 */
final class SessionCommands {
    private final ClientSession session;
    private final Replies replies;
    private final ClientLogin login;

    /** @param login the client's connection phase, for COM_CHANGE_USER */
    SessionCommands(ClientSession session, ClientLogin login) {
        this.session = session;
        this.replies = session.replies();
        this.login = login;
    }

    /**
     * COM_INIT_DB answers OK once the database is known to exist (a statement on it proves it), with
     * the new schema for a client that tracks it.
     */
    void initDb(PayloadReader in) throws SQLException, IOException {
        String database = new String(in.rest(), StandardCharsets.UTF_8);
        session.connection().setCatalog(database);
        session.execute("SELECT 1");
        replies.ok(0, 0, session.status(), 0, null, session.tracking().schema(session.connection(), database));
    }

    /** COM_PING: OK with the session's status. */
    void ping() throws IOException {
        replies.ok(0, 0, session.status());
    }

    /** COM_FIELD_LIST: the table's column definitions (with an empty default each), then the end. */
    void fieldList(PayloadReader in) throws SQLException, IOException {
        String table = new String(in.nulBytes(), StandardCharsets.UTF_8);
        try (Statement st = session.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM `" + table.replace("`", "``") + "` LIMIT 0")) {
            for (ConnectorJ.Column column : ConnectorJ.columns(rs.getMetaData())) {
                session.writer().definition(column, true);
            }
        }
        replies.endOfRows(session.status());
    }

    /** COM_SET_OPTION: multi-statements on (0) or off (1), for this connection's next texts. */
    void setOption(PayloadReader in) throws IOException {
        int option = in.int2();
        if (option != 0 && option != 1) {
            replies.error(1047, "08S01", "Unknown option " + option);
            return;
        }
        session.multiStatements(option == 0);
        replies.endOfRows(session.status());
    }

    /** COM_PROCESS_KILL: the driver's KILL of the connection id, as the text would be. */
    void processKill(PayloadReader in) throws SQLException, IOException {
        session.execute("KILL " + in.int4());
        ping();
    }

    /** COM_RESET_CONNECTION: a fresh session on the same logical connection. */
    void resetConnection() throws SQLException, IOException {
        session.prepared().closeAll();
        Connection connection = session.connection();
        connection.unwrap(ObProxyConnection.class).resetSessionState();
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        session.resetCharset();
        ping();
    }

    /**
     * COM_CHANGE_USER: lets go of the session's statements and logical connection, then
     * authenticates the new user like a new connection (same scramble exchange) and opens its
     * logical connection, keeping the connection id.
     *
     * @return false when the client was refused (the connection then ends, as servers do)
     */
    boolean changeUser(PayloadReader in) throws IOException {
        String user = in.nulString();
        byte[] proof = in.bytes(in.int1());
        String database = in.remaining() > 0 ? in.nulString() : null;
        int collation = in.remaining() >= 2 ? in.int2() : session.login().collation();
        String plugin = in.remaining() > 0 ? in.nulString() : Handshake.NATIVE;
        session.close();
        if (!login.changeUser(session, user, plugin, proof, database, collation)) {
            return false;
        }
        ping();
        return true;
    }
}
