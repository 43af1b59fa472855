package io.obproxy.frontend;

import io.obproxy.frontend.PacketIO.PacketTooLargeException;
import io.obproxy.frontend.PayloadReader.MalformedPacketException;
import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.jdbc.PreClassified;
import io.obproxy.process.ProcessEntry;
import io.obproxy.session.ConnectorJ;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.SqlRewrites;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the front end, on its own thread, blocking: the connection phase
 * ({@link Handshake}), one logical connection of the driver with the client's credentials (so
 * routing, pinning, session sync, processlist and failure handling all apply), then one command at
 * a time until the client quits, is idle too long, sends what is not a packet, or the front end
 * stops.
 *
 * <p>The logical connection's physical connections prepare statements on the servers
 * ({@code useServerPrepStmts}, for exact prepare replies), run multi-statement texts when the client
 * allows them, and count matched rather than changed rows when the client asked FOUND_ROWS, as a
 * server would for it.
 *
 * <p>Hostile input: before login a packet may be at most {@link Handshake#MAX_LOGIN_PACKET} bytes;
 * once the first byte of a command arrived the rest must follow within the net read timeout (the
 * sweeper closes a client that trickles); whatever fails, the client gets an error packet before
 * the close, and {@link #close} releases everything it held, each part whatever the others did.
 */
final class ClientConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Socket socket;
    private final FrontendServer server;
    private final ProcessEntry process;
    private final PacketIO io;
    private Replies replies;
    private ResultWriter writer;
    private Connection connection;
    private Statement queries;
    /** The database {@link #queries} was made in. */
    private String queriesDatabase;
    private Handshake handshake;
    private Handshake.Login login;
    private PreparedStatements prepared;
    private StatementResults results;
    private volatile boolean closing;
    private volatile boolean killed;
    /** When the sweeper closes this client (System.nanoTime), or NO_DEADLINE while a command runs. */
    private volatile long deadline = NO_DEADLINE;
    /** What the client is late for when {@link #deadline} passes. */
    private volatile Awaited awaited = Awaited.LOGIN;
    /** Set by the sweeper: the client took too long, it is told so ({@link Awaited}) before the close. */
    private volatile boolean expired;
    /** True while the client's thread waits for the next command (not for a packet inside one). */
    private boolean awaitingCommand;
    /** What the client's text is in and its results are converted to. */
    private ClientCharset charset = ClientCharset.UTF8MB4;
    /** Whether texts may hold several statements: the login's MULTI_STATEMENTS, then COM_SET_OPTION's. */
    private boolean multiStatements;
    /** The backend lacks MySQL 8.0's variable names: rename them in what the client sends. */
    private boolean oldVariableNames;

    ClientConnection(Socket socket, FrontendServer server) throws IOException {
        this.socket = socket;
        this.server = server;
        this.process = server.processes().reserve(socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
        process.onKilled(this::killed);
        this.io = new PacketIO(socket.getInputStream(), socket.getOutputStream(),
                Math.min(Handshake.MAX_LOGIN_PACKET, server.settings().maxPacketBytes()));
        io.onPacketStart(this::packetStarted);
    }

    /** What a client may take too long to send, and MySQL's error that tells it so before the close. */
    private enum Awaited {
        LOGIN(1043, "08S01", "Bad handshake: no login within the handshake timeout"),
        COMMAND(4031, "HY000", "The client was disconnected by the server because of inactivity. See wait_timeout"
                + " and interactive_timeout for configuring this behavior."),
        REST_OF_COMMAND(1159, "08S01", "Got timeout reading communication packets");

        final int code;
        final String sqlState;
        final String message;

        Awaited(int code, String sqlState, String message) {
            this.code = code;
            this.sqlState = sqlState;
            this.message = message;
        }
    }

    /**
     * Sets when the front end closes this client unless it sends something: the end of its login
     * time, of its idle time (0: never), or of the time to send the rest of a command. No socket
     * timeout does this: the JDK would keep the socket non-blocking for good, two more system calls
     * for every read.
     */
    private void waitAtMost(long millis, Awaited what) {
        awaited = what;
        deadline = millis <= 0 ? NO_DEADLINE : System.nanoTime() + millis * 1_000_000;
    }

    /** A logged-in client's command started to arrive: all of it must be here within the net read timeout. */
    private void packetStarted() {
        if (awaitingCommand) {
            waitAtMost(server.settings().netReadTimeoutMillis(), Awaited.REST_OF_COMMAND);
        }
    }

    /** The front end's sweeper: closes this client if it is past its deadline. */
    void closeIfExpired(long nowNanos) {
        long d = deadline;
        if (d != NO_DEADLINE && nowNanos - d >= 0) {
            log.debug("client {}: timeout waiting for {}", who(), awaited);
            expired = true;
            closeSoon();
        }
    }

    /**
     * A KILL of this client (from any thread): it ends at once when it waits for a command, else its
     * command fails as MySQL's killed ones do (1927), whatever the driver saw of the kill.
     */
    private void killed() {
        killed = true;
        closeSoon();
    }

    /** @return how log lines name this client: its connection id (as SHOW PROCESSLIST shows it) and address */
    private String who() {
        return process.id() + " (" + socket.getRemoteSocketAddress() + ")";
    }

    /** Asks the connection to end after its current command (the front end stops, or it was killed). */
    void closeSoon() {
        closing = true;
        try {
            socket.shutdownInput(); // a read between commands ends at once
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void run() {
        try {
            waitAtMost(server.settings().handshakeTimeoutMillis(), Awaited.LOGIN);
            if (!connect()) {
                return;
            }
            waitAtMost(server.settings().idleTimeoutMillis(), Awaited.COMMAND);
            while (!closing && command()) {
                io.flush();
                waitAtMost(server.settings().idleTimeoutMillis(), Awaited.COMMAND);
            }
        } catch (PacketTooLargeException e) {
            sendQuietly(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes: " + e.getMessage());
        } catch (MalformedPacketException e) {
            sendQuietly(1835, "HY000", "Malformed communication packet: " + e.getMessage());
        } catch (IOException e) {
            if (expired) {
                sendQuietly(awaited.code, awaited.sqlState, awaited.message);
            } else if (e instanceof EOFException) {
                log.debug("client {} disconnected", who());
            } else {
                log.debug("client {}: {}", who(), e.toString());
            }
        } catch (RuntimeException e) {
            log.warn("client {}: closed after an unexpected failure", who(), e);
            sendQuietly(1105, "HY000", "Internal error of the front end (" + e.getClass().getSimpleName()
                    + "); the connection is closed");
        } finally {
            close();
        }
    }

    // ------------------------------------------------------------------ connection phase

    /** @return true when the client is logged in (OK sent), false when refused (ERR sent) */
    private boolean connect() throws IOException {
        handshake = new Handshake(io, socket, server.authenticator(), server.tls());
        try {
            login = handshake.run(process.id(), server.settings().serverVersion(), Protocol.STATUS_AUTOCOMMIT);
        } catch (Handshake.Refused e) {
            return refuse(handshake.attemptedLogin(), e.getMessage());
        }
        replies = new Replies(io, (login.capabilities() & Protocol.DEPRECATE_EOF) != 0);
        multiStatements = (login.capabilities() & Protocol.MULTI_STATEMENTS) != 0;
        try {
            connection = open(login);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
                server.authenticator().refused(login.login(), login.password());
                return refuse(login.login(), "the cluster refused the credentials");
            }
            loginFailed(e);
            return false;
        }
        io.limit(server.settings().maxPacketBytes());
        if (login.passThrough()) {
            server.authenticator().accepted(login.login(), login.password());
        }
        oldVariableNames = server.oldVariableNames(connection);
        writer = new ResultWriter(io, replies);
        results = new StatementResults(io, replies, writer, this::status, process);
        process.onQueryKilled(results::killQuery);
        prepared = newPreparedStatements();
        replies.ok(0, 0, status());
        io.flush();
        return true;
    }

    /**
     * A login the cluster did not answer with a refusal. A server's own error (its vendor code: the
     * server accepted the credentials, e.g. 1049 for the database) goes to the client; the driver's
     * (no server answered) does not: it names the servers, which a client that has not logged in
     * must not learn. The log has it whole.
     */
    private void loginFailed(SQLException e) throws IOException {
        if (e.getErrorCode() > 0) {
            replies.error(e);
        } else {
            log.warn("client {}: login of {} failed: {}", who(), login.login(), e.toString());
            log.debug("client {}: login of {} failed", who(), login.login(), e);
            replies.error(1105, "HY000", "The cluster could not be reached to log in; the front end's log says why");
        }
        io.flush();
    }

    private PreparedStatements newPreparedStatements() {
        return new PreparedStatements(connection, io, replies, writer, results, server.settings().maxPacketBytes());
    }

    private boolean refuse(String name, String why) throws IOException {
        log.info("client {}: login refused: {}", who(), why);
        new Replies(io, false).error(1045, "28000", Handshake.accessDenied(name, socket));
        io.flush();
        return false;
    }

    /**
     * Opens the logical connection with the client's character set. The cluster is asked only when it
     * must check something: a pass-through password, or the database the client named (one
     * statement). A users-file login without a database opens no server connection until its first
     * statement, so that idle clients cost the servers nothing.
     */
    private Connection open(Handshake.Login l) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", l.clusterLogin());
        p.setProperty("password", l.password());
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("allowMultiQueries", "true"); // refused here when the client has them off
        p.setProperty("useAffectedRows", Boolean.toString((l.capabilities() & Protocol.FOUND_ROWS) == 0));
        // rows stream to the client: Connector/J would otherwise send SET net_write_timeout before each
        // statement (a round trip each); the server's own timeout applies, as to a direct client
        p.setProperty("netTimeoutForStreamingResults", "0");
        Connection c = server.driver().connect(server.settings().url(), p, process);
        try {
            if (l.database() != null) {
                c.setCatalog(l.database());
            }
            useHandshakeCharset(c, l.collation());
            if (l.passThrough() || l.database() != null) {
                execute(c, "SELECT 1");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The client's handshake character set, recorded on the logical connection (sent with the first
     * statement). Its collation is the character set's default on the servers: MySQL 8.0 clients ask
     * for utf8mb4_0900_ai_ci, which MariaDB and OceanBase do not have.
     */
    private void useHandshakeCharset(Connection c, int collation) throws SQLException {
        charset = ClientCharset.ofCollation(collation);
        c.unwrap(ObProxyConnection.class).setSessionVariables(charset.sessionVariables());
    }

    // ------------------------------------------------------------------ commands

    /** @return false when the client quit */
    private boolean command() throws IOException {
        io.resetSequence();
        awaitingCommand = true;
        byte[] packet = io.read();
        awaitingCommand = false;
        deadline = NO_DEADLINE; // busy: no idle timeout while a command runs
        if (packet.length == 0) {
            throw new MalformedPacketException("an empty command packet");
        }
        PayloadReader in = new PayloadReader(packet, 1);
        try {
            switch (packet[0] & 0xFF) {
                case Protocol.COM_QUIT:
                    return false;
                case Protocol.COM_QUERY:
                    query(classified(in.rest()));
                    break;
                case Protocol.COM_INIT_DB:
                    connection.setCatalog(new String(in.rest(), StandardCharsets.UTF_8));
                    ping();
                    break;
                case Protocol.COM_PING:
                    replies.ok(0, 0, status());
                    break;
                case Protocol.COM_STMT_PREPARE:
                    Classified text = classified(in.rest());
                    prepared.prepare(text.sql(), text.info(), status());
                    break;
                case Protocol.COM_STMT_EXECUTE:
                    prepared.execute(in);
                    break;
                case Protocol.COM_STMT_SEND_LONG_DATA:
                    prepared.sendLongData(in);
                    break;
                case Protocol.COM_STMT_CLOSE:
                    prepared.close(in);
                    break;
                case Protocol.COM_STMT_RESET:
                    prepared.reset(in, status());
                    break;
                case Protocol.COM_STMT_FETCH:
                    // executions never open a cursor (the reply says so), so there is nothing to fetch from
                    replies.error(1421, "HY000", "The statement (" + in.int4() + ") has no open cursor.");
                    break;
                case Protocol.COM_FIELD_LIST:
                    fieldList(new String(in.nulBytes(), StandardCharsets.UTF_8));
                    break;
                case Protocol.COM_STATISTICS:
                    io.write(new PayloadWriter().bytes(server.statistics().getBytes(StandardCharsets.US_ASCII)));
                    break;
                case Protocol.COM_SET_OPTION:
                    setOption(in.int2());
                    break;
                case Protocol.COM_RESET_CONNECTION:
                    resetConnection();
                    break;
                case Protocol.COM_PROCESS_KILL:
                    execute("KILL " + in.int4());
                    replies.ok(0, 0, status());
                    break;
                case Protocol.COM_CHANGE_USER:
                    return changeUser(in);
                default:
                    replies.error(1047, "08S01", "Unknown command");
                    break;
            }
        } catch (SQLException e) {
            log.debug("client {}: command {} failed", who(), packet[0] & 0xFF, e);
            if (killed) {
                replies.error(1927, "70100", "Connection was killed");
                io.flush();
                return false;
            }
            replies.error(e);
            if (connection == null || isClosed(connection)) {
                io.flush();
                return false; // killed, or closed under the client
            }
        }
        server.countQuestion();
        return true;
    }

    /** The SQL of a COM_QUERY or COM_STMT_PREPARE as the backend takes it, and its classification. */
    private record Classified(String sql, SqlInfo info) {
    }

    /**
     * @return a COM_QUERY's or COM_STMT_PREPARE's text, decoded from the client's character set and
     * classified once, by the driver's classifier; MySQL 8.0's transaction variable names renamed
     * for a backend that lacks them (then classified as renamed)
     */
    private Classified classified(byte[] bytes) throws SQLException {
        String sql = charset.decode(bytes);
        SqlInfo info = PreClassified.classify(connection, sql);
        if (oldVariableNames && info.has(SqlInfo.FLAG_TRANSACTION_VARIABLE)) {
            sql = SqlRewrites.oldTransactionVariables(sql);
            info = PreClassified.classify(connection, sql);
        }
        return new Classified(sql, info);
    }

    /** COM_QUERY: every result of the text, rows streamed. */
    private void query(Classified text) throws SQLException, IOException {
        String sql = text.sql();
        SqlInfo info = text.info();
        if (sql.isBlank()) {
            throw Protocol.emptyQuery();
        }
        if (setNames(info)) {
            return;
        }
        if (!multiStatements && info.isMulti()) {
            // what a server without CLIENT_MULTI_STATEMENTS answers: the second statement is a syntax error
            replies.error(1064, "42000", "You have an error in your SQL syntax: this connection runs one statement"
                    + " per query (multi-statements are off)");
            return;
        }
        Statement st = queryStatement();
        try {
            results.send(st, sql, PreClassified.execute(st, sql, info), false);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(st); // results may be left half read: the next text gets a fresh statement
            queries = null;
            throw e;
        }
    }

    /**
     * @return the statement COM_QUERY runs on: one per client (a statement costs to create), made
     * again when the database changed, since Connector/J runs a statement in the database that was
     * current when it was made (it switches there and back around each execution)
     */
    private Statement queryStatement() throws SQLException {
        String database = connection.getCatalog();
        if (queries != null && !Objects.equals(database, queriesDatabase)) {
            closeQuietly(queries);
            queries = null;
        }
        if (queries == null) {
            queries = connection.createStatement();
            queries.setFetchSize(Integer.MIN_VALUE); // rows stream from the backend to the client
            queriesDatabase = database;
        }
        return queries;
    }

    /**
     * {@code SET NAMES} / {@code SET CHARACTER SET}: not run as written (the front end's own
     * connections stay utf8mb4), but as the client's character set, see {@link ClientCharset}.
     *
     * @return true when the text was one of those (and is answered)
     */
    private boolean setNames(SqlInfo info) throws SQLException, IOException {
        ClientCharset.Change change;
        try {
            change = ClientCharset.change(info);
        } catch (IllegalArgumentException unknown) {
            replies.error(1115, "42000", unknown.getMessage());
            return true;
        }
        if (change == null) {
            return false;
        }
        execute(change.charset().sessionStatement(change.collation()));
        charset = change.charset();
        replies.ok(0, 0, status());
        return true;
    }

    private void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** COM_INIT_DB answers OK once the database is known to exist (a statement on it proves it). */
    private void ping() throws SQLException, IOException {
        execute("SELECT 1");
        replies.ok(0, 0, status());
    }

    /** COM_FIELD_LIST: the table's column definitions (with an empty default each), then the end. */
    private void fieldList(String table) throws SQLException, IOException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM `" + table.replace("`", "``") + "` LIMIT 0")) {
            for (ConnectorJ.Column column : ConnectorJ.columns(rs.getMetaData())) {
                writer.definition(column, true);
            }
        }
        replies.endOfRows(status());
    }

    /** COM_SET_OPTION: multi-statements on (0) or off (1), for this connection's next texts. */
    private void setOption(int option) throws IOException {
        if (option != 0 && option != 1) {
            replies.error(1047, "08S01", "Unknown option " + option);
            return;
        }
        multiStatements = option == 0;
        replies.endOfRows(status());
    }

    /** COM_RESET_CONNECTION: a fresh session on the same logical connection. */
    private void resetConnection() throws SQLException, IOException {
        prepared.closeAll();
        connection.unwrap(ObProxyConnection.class).resetSessionState();
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        useHandshakeCharset(connection, login.collation());
        replies.ok(0, 0, status());
    }

    /**
     * COM_CHANGE_USER: authenticates the new user like a new connection (same scramble exchange) and
     * replaces the logical connection, keeping the connection id.
     *
     * @return false when the client was refused (the connection then ends, as servers do)
     */
    private boolean changeUser(PayloadReader in) throws IOException {
        String user = in.nulString();
        byte[] proof = in.bytes(in.int1());
        String database = in.remaining() > 0 ? in.nulString() : null;
        int collation = in.remaining() >= 2 ? in.int2() : login.collation();
        String plugin = in.remaining() > 0 ? in.nulString() : Handshake.NATIVE;
        prepared.closeAll();
        closeLogical();
        try {
            login = handshake.reauthenticate(user, plugin, proof, database, login.capabilities(), collation);
            connection = open(login);
        } catch (Handshake.Refused | SQLException e) {
            refuse(handshake.attemptedLogin(), e.getMessage());
            return false;
        }
        prepared = newPreparedStatements();
        replies.ok(0, 0, status());
        return true;
    }

    // ------------------------------------------------------------------ state

    /** @return the status flags a reply carries: AUTOCOMMIT, IN_TRANS */
    int status() {
        try {
            int status = connection.getAutoCommit() ? Protocol.STATUS_AUTOCOMMIT : 0;
            return connection.unwrap(ObProxyConnection.class).inTransaction() ? status | Protocol.STATUS_IN_TRANS : status;
        } catch (SQLException closed) {
            return Protocol.STATUS_AUTOCOMMIT;
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Statement st) {
        try {
            st.close();
        } catch (SQLException ignored) {
            // replaced anyway
        }
    }

    private void sendQuietly(int code, String sqlState, String message) {
        try {
            new Replies(io, false).error(code, sqlState, message);
            io.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /** Closes the logical connection; one whose close fails is aborted (its physical connections dropped). */
    private void closeLogical() {
        queries = null; // closed with its connection
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("client {}: closing its connection failed ({}); aborting it", who(),
                    e.toString());
            quietly("abort the connection", () -> c.abort(Runnable::run));
        }
    }

    /** Releases everything the client held: each part is let go whatever happened to the others. */
    private void close() {
        try {
            quietly("close prepared statements", () -> {
                if (prepared != null) {
                    prepared.closeAll();
                }
            });
            quietly("close the connection", this::closeLogical);
            quietly("leave the processlist", () -> server.processes().unregister(process));
            quietly("close the socket", socket::close);
        } finally {
            server.closed(this);
        }
    }

    /** One step of a close. */
    @FunctionalInterface
    private interface CloseStep {
        void run() throws Exception;
    }

    private void quietly(String what, CloseStep step) {
        try {
            step.run();
        } catch (Exception e) {
            log.debug("client {}: {} failed: {}", who(), what, e.toString());
        }
    }
}
