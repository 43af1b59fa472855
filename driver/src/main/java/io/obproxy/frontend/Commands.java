package io.obproxy.frontend;

import io.obproxy.frontend.PayloadReader.MalformedPacketException;
import io.obproxy.session.ServerErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command of a logged-in client at a time: its first byte picks who answers (texts:
 * {@link QueryCommand}; prepared statements: {@link PreparedStatements}; the session:
 * {@link SessionCommands}), and a failure of the logical connection becomes the client's error
 * reply: a server's error packet as the server sent it, captured while the command ran, else the
 * error a server would send ({@link ClientError}). The client goes on after an error unless it was
 * killed (1927, as MySQL's killed connections get) or its logical connection is gone.
 *
 * <p>What is not a command at all (an empty packet, one cut short where the protocol needs more)
 * is thrown to {@link ClientConnection}, which answers it and closes the client; a short
 * COM_STMT_EXECUTE is the exception (1210, the connection goes on), see
 * {@link PreparedStatements#execute}.
 */
final class Commands {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private final PacketIO io;
    private final Replies replies;
    private final ClientSession session;
    private final QueryCommand query;
    private final SessionCommands sessionCommands;
    private final FrontendServer server;
    private final BooleanSupplier killed;
    private final String who;

    /**
     * @param login  the client's connection phase, for COM_CHANGE_USER
     * @param server its statistics and question count
     * @param killed whether the client was killed (its command then fails with 1927)
     * @param who    how log lines name the client
     */
    Commands(ClientSession session, ClientLogin login, FrontendServer server, BooleanSupplier killed, String who) {
        this.io = session.io();
        this.replies = session.replies();
        this.session = session;
        this.query = new QueryCommand(session);
        this.sessionCommands = new SessionCommands(session, login);
        this.server = server;
        this.killed = killed;
        this.who = who;
    }

    /**
     * Answers one command (not flushed).
     *
     * @param packet the command's payload: its command byte, then its arguments
     * @return false when the client is done: it quit, was refused a COM_CHANGE_USER, was killed, or
     * its logical connection is gone
     */
    boolean run(byte[] packet) throws IOException {
        if (packet.length == 0) {
            throw new MalformedPacketException("an empty command packet");
        }
        int command = packet[0] & 0xFF;
        PayloadReader in = new PayloadReader(packet, 1);
        try (ServerErrors sent = ServerErrors.capture()) {
            try {
                switch (command) {
                    case Protocol.COM_QUIT:
                        return false;
                    case Protocol.COM_CHANGE_USER:
                        return sessionCommands.changeUser(in);
                    default:
                        dispatch(command, in);
                        break;
                }
            } catch (SQLException e) {
                if (!failed(command, e, sent)) {
                    return false;
                }
            }
        }
        server.countQuestion();
        return true;
    }

    /**
     * Answers a failed command: the server's error as it sent it ({@link ServerErrors}), else what a
     * server would say ({@link ClientError}).
     *
     * @return false when the client is done (killed, or its logical connection is gone)
     */
    private boolean failed(int command, SQLException e, ServerErrors sent) throws IOException {
        log.debug("client {}: command {} failed", who, command, e);
        if (killed.getAsBoolean()) {
            replies.error(1927, "70100", "Connection was killed");
            io.flush();
            return false;
        }
        replies.error(e, sent.asSent(e));
        if (session.isClosed()) {
            io.flush();
            return false; // killed, or closed under the client
        }
        return true;
    }

    /** Answers a command that leaves the client connected. */
    private void dispatch(int command, PayloadReader in) throws SQLException, IOException {
        PreparedStatements prepared = session.prepared();
        switch (command) {
            case Protocol.COM_QUERY -> query.run(in.rest());
            case Protocol.COM_INIT_DB -> sessionCommands.initDb(in);
            case Protocol.COM_PING -> sessionCommands.ping();
            case Protocol.COM_STMT_PREPARE -> {
                ClientSession.Text text = session.text(in.rest());
                prepared.prepare(text.sql(), text.info(), session.status());
            }
            case Protocol.COM_STMT_EXECUTE -> prepared.execute(in);
            case Protocol.COM_STMT_SEND_LONG_DATA -> prepared.sendLongData(in);
            case Protocol.COM_STMT_CLOSE -> prepared.close(in);
            case Protocol.COM_STMT_RESET -> prepared.reset(in, session.status());
            case Protocol.COM_STMT_FETCH -> prepared.fetch(in);
            case Protocol.COM_FIELD_LIST -> sessionCommands.fieldList(in);
            case Protocol.COM_STATISTICS ->
                    io.write(new PayloadWriter().bytes(server.statistics().getBytes(StandardCharsets.US_ASCII)));
            case Protocol.COM_SET_OPTION -> sessionCommands.setOption(in);
            case Protocol.COM_RESET_CONNECTION -> sessionCommands.resetConnection();
            case Protocol.COM_PROCESS_KILL -> sessionCommands.processKill(in);
            default -> replies.error(1047, "08S01", "Unknown command");
        }
    }
}
