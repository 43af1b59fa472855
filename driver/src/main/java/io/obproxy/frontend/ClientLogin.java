package io.obproxy.frontend;

import io.obproxy.process.ProcessEntry;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a new socket to a logged-in client: the connection phase ({@link Handshake}), then one
 * logical connection of the front end's driver with the client's credentials, so routing, pinning,
 * session sync, processlist and failure handling all apply to it. COM_CHANGE_USER comes back here
 * for the same proof against the same scramble and a new logical connection.
 *
 * <p>The logical connection prepares statements on the servers ({@code useServerPrepStmts}, for
 * exact prepare replies), runs multi-statement texts (the front end refuses them itself while the
 * client has them off), and counts matched rather than changed rows when the client asked
 * FOUND_ROWS, as a server would for it. A refusal, by the users file or by the cluster, is always
 * 1045 Access denied; why is only logged.
 */
final class ClientLogin {
    private static final Logger log = LoggerFactory.getLogger(ClientLogin.class);
    /** The length of {@code jdbc:obproxy://}, before the hosts. */
    private static final int PREFIX_LENGTH = "jdbc:obproxy://".length();
    /** How Connector/J quotes an error packet a server sent instead of its greeting (1040 Too many connections). */
    private static final String SERVER_SAID = "message from server: \"";

    private final PacketIO io;
    private final Socket socket;
    private final FrontendServer server;
    private final ProcessEntry process;
    private final String who;
    private final Handshake handshake;

    ClientLogin(PacketIO io, Socket socket, FrontendServer server, ProcessEntry process) {
        this.handshake = new Handshake(io, socket, server.authenticator(), server.tls(), server.settings().localInfile());
        this.who = ClientConnection.who(process, socket);
        this.io = io;
        this.socket = socket;
        this.server = server;
        this.process = process;
    }

    /**
     * Runs the connection phase and opens the client's logical connection.
     *
     * @return the client's session, once the final OK is sent; null when the client was refused or
     * the cluster could not log it in (the ERR is sent)
     */
    ClientSession run(Cleanup cleanup) throws IOException {
        Handshake.Login login;
        try {
            login = handshake.run(process.id(), server.backend().greetingVersion(), Protocol.STATUS_AUTOCOMMIT,
                    server.backend().offersTypeInfo());
        } catch (Handshake.Refused e) {
            return refuse(handshake.attemptedLogin(), e.getMessage());
        }
        Replies replies = new Replies(io, (login.capabilities() & Protocol.DEPRECATE_EOF) != 0,
                (login.capabilities() & Protocol.SESSION_TRACK) != 0);
        Connection connection;
        try {
            connection = open(login);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
                server.authenticator().refused(login.login(), login.password());
                return refuse(login.login(), "the cluster refused the credentials");
            }
            loginFailed(replies, login, e);
            return null;
        }
        io.limit(server.settings().maxPacketBytes());
        if (login.passThrough()) {
            server.authenticator().accepted(login.login(), login.password());
        }
        server.backend().learnFrom(connection);
        ClientSession session = new ClientSession(io, replies, TextPath.DRIVER, process, cleanup,
                server.settings().maxPacketBytes(), server.backend(), server.settings().passThrough(), connection, login);
        replies.ok(0, 0, session.status());
        io.flush();
        return session;
    }

    /**
     * COM_CHANGE_USER, once the session let go of its statements and connection: authenticates the
     * new user like a new connection and gives the session the new logical connection.
     *
     * @return false when the client was refused (the ERR is sent; the connection then ends, as servers do)
     */
    boolean changeUser(ClientSession session, String user, String plugin, byte[] proof, String database,
                       int collation) throws IOException {
        try {
            Handshake.Login login = handshake.reauthenticate(user, plugin, proof, database,
                    session.login().capabilities(), collation, session.login().mariadbCapabilities());
            session.use(open(login), login);
            return true;
        } catch (Handshake.Refused | SQLException e) {
            refuse(handshake.attemptedLogin(), e.getMessage());
            return false;
        }
    }

    /**
     * A login the cluster did not answer with a refusal. A server's own error (its vendor code: the
     * server accepted the credentials, e.g. 1049 for the database) goes to the client; the driver's
     * (no server answered) does not: it names the servers, which a client that has not logged in
     * must not learn. The log has it whole.
     */
    private void loginFailed(Replies replies, Handshake.Login login, SQLException e) throws IOException {
        if (e.getErrorCode() > 0) {
            log.info("client {}: login of {} failed: {}", who, login.login(), e.getMessage());
            replies.error(serverError(e));
        } else {
            log.warn("client {}: login of {} failed: {}", who, login.login(), e.toString());
            log.debug("client {}: login of {} failed", who, login.login(), e);
            replies.error(1105, "HY000", "The cluster could not be reached to log in; the front end's log says why");
        }
        io.flush();
    }

    /**
     * @return the server's own error inside {@code e} (the innermost one with its vendor code), as a
     * client logged in to that server would have got it (1040 "Too many connections", not the
     * driver's sentence around it naming the server)
     */
    static SQLException serverError(SQLException e) {
        SQLException own = e;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == e.getErrorCode()) {
                own = s;
            }
        }
        String m = own.getMessage();
        int quoted = m == null ? -1 : m.indexOf(SERVER_SAID);
        if (quoted >= 0 && m.endsWith("\"")) { // an error sent instead of the greeting, in Connector/J's words
            return new SQLException(m.substring(quoted + SERVER_SAID.length(), m.length() - 1), own.getSQLState(),
                    own.getErrorCode(), own);
        }
        return own;
    }

    /** Sends 1045 Access denied for {@code name}. @return null, for {@link #run} to return */
    private ClientSession refuse(String name, String why) throws IOException {
        log.info("client {}: login refused: {}", who, why);
        server.metrics().loginRefused();
        new Replies(io, false).error(1045, "28000", Handshake.accessDenied(name, socket));
        io.flush();
        return null;
    }

    /**
     * Opens the logical connection with the client's character set, in the database the client named
     * and in none when it named none, as a server does: the front end's URL names the cluster, and its
     * database (path or {@code database} property) is not the clients' ({@link #withoutDatabase}), so
     * {@code DATABASE()} answers NULL and the processlist shows no db until a {@code USE} or
     * COM_INIT_DB. The cluster is asked only when it must check something: a pass-through password,
     * or the database the client named (one statement). A users-file login without a database opens
     * no server connection until its first statement, so that idle clients cost the servers nothing.
     */
    private Connection open(Handshake.Login l) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", l.clusterLogin());
        p.setProperty("password", l.password());
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("allowMultiQueries", "true"); // refused by QueryCommand when the client has them off
        p.setProperty("enableEscapeProcessing", "false"); // a client's text reaches the server as sent: no
        p.setProperty("processEscapeCodesForPrepStmts", "false"); // JDBC rewriting of {fn ...}, {d '...'}
        // a session's sql_mode is the server's global one: Connector/J would add STRICT_TRANS_TABLES
        p.setProperty("jdbcCompliantTruncation", "false");
        p.setProperty("useAffectedRows", Boolean.toString((l.capabilities() & Protocol.FOUND_ROWS) == 0));
        // rows stream to the client: Connector/J would otherwise send SET net_write_timeout before each
        // statement (a round trip each); the server's own timeout applies, as to a direct client
        p.setProperty("netTimeoutForStreamingResults", "0");
        // the clients' files, relayed (ClientFileRelay); never one of this host
        p.setProperty("localInfileFromStreams", Boolean.toString(server.settings().localInfile()));
        // the servers' OK packets say what a statement changed in the session: forwarded to clients
        // that track session state (SessionTracking)
        p.setProperty("trackSessionState", "true");
        // the servers' column definitions with MariaDB's type names, for clients that read them (ReplyRelay)
        p.setProperty("extendedTypeInfo", "true");
        Connection c = server.driver().connect(withoutDatabase(server.settings().url()), p, process);
        try {
            if (l.database() != null) {
                c.setCatalog(l.database());
            }
            ClientSession.recordHandshakeCharset(c, l.collation());
            if (l.passThrough() || l.database() != null) {
                ClientSession.execute(c, "SELECT 1");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * @return {@code url} (a jdbc:obproxy URL) without a database: neither the path's nor the
     * {@code database} property's; the rest as it was
     */
    static String withoutDatabase(String url) {
        int query = url.indexOf('?');
        String base = query >= 0 ? url.substring(0, query) : url;
        int slash = base.indexOf('/', PREFIX_LENGTH);
        if (slash >= 0) {
            base = base.substring(0, slash);
        }
        StringJoiner kept = new StringJoiner("&");
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq >= 0 ? pair.substring(0, eq) : pair;
                if (!pair.isEmpty() && !name.trim().equalsIgnoreCase("database")) {
                    kept.add(pair);
                }
            }
        }
        return kept.length() == 0 ? base : base + "?" + kept;
    }
}
