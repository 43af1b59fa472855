package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.jdbc.PreClassified;
import io.obproxy.process.ProcessEntry;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.SqlRewrites;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;

/**
 * What a logged-in client has on the front end: its logical connection and the login that opened it
 * (both replaced by COM_CHANGE_USER, the client's connection id stays), the character set its texts
 * are in, whether a text may hold several statements, and the statements that hang on the
 * connection: the client's prepared ones and the one COM_QUERY runs on. The commands read and change
 * it; none of them keeps a connection or statement of its own.
 *
 * <p>{@link #close} lets go of the statements and the connection, each whatever the other did; it
 * may run twice (a COM_CHANGE_USER that was refused, then the client's end).
 */
final class ClientSession {
    private final PacketIO io;
    private final Replies replies;
    private final ResultWriter writer;
    private final StatementResults results;
    /** Copies servers' replies to the client as they come; null when the front end decodes every reply ({@code --pass-through off}). */
    private final ReplyRelay relay;
    private final SessionTracking tracking;
    private final TextPath texts;
    private final Cleanup cleanup;
    private final int maxPacket;
    /** The backend lacks MySQL 8.0's variable names: rename them in what the client sends. */
    private final boolean oldVariableNames;
    /** What the cluster's servers are: how they refuse a LOAD DATA LOCAL of a client that did not enable it. */
    private final BackendFacts backend;
    private Connection connection;
    private Handshake.Login login;
    private PreparedStatements prepared;
    /** The statement COM_QUERY runs on, made lazily, and the database it was made in. */
    private Statement queries;
    private String queriesDatabase;
    /** What the client's text is in and its results are converted to. */
    private ClientCharset charset;
    /** Whether texts may hold several statements: the login's MULTI_STATEMENTS, then COM_SET_OPTION's. */
    private boolean multiStatements;
    /** The client's deadline while a LOAD DATA LOCAL waits for its file ({@link #onFileWait}). */
    private ClientFileRelay.Waiting fileWait = waiting -> { };

    /**
     * @param connection       the logical connection {@link ClientLogin} opened for {@code login}
     * @param maxPacket        the largest packet the client may send (the most long data a parameter collects)
     * @param backend          what the cluster's servers are: whether they lack MySQL 8.0's transaction
     *                         variable names, how they refuse a LOAD DATA LOCAL
     * @param passThrough      whether servers' replies to the client's texts are copied to it as they come
     *                         ({@link ReplyRelay}), not decoded and encoded again
     */
    ClientSession(PacketIO io, Replies replies, TextPath texts, ProcessEntry process, Cleanup cleanup, int maxPacket,
                  BackendFacts backend, boolean passThrough, Connection connection, Handshake.Login login) {
        this.io = io;
        this.replies = replies;
        this.texts = texts;
        this.cleanup = cleanup;
        this.maxPacket = maxPacket;
        this.backend = backend;
        this.oldVariableNames = backend.oldVariableNames();
        this.writer = new ResultWriter(io, replies, login.extendedTypeInfo(), login.cacheMetadata());
        this.tracking = new SessionTracking(replies);
        this.results = new StatementResults(io, replies, writer, tracking, this::status, process);
        this.relay = passThrough ? new ReplyRelay(io, replies, tracking, this::status, process,
                login.extendedTypeInfo(), login.cacheMetadata()) : null;
        process.onQueryKilled(passThrough ? () -> {
            results.killQuery();
            relay.killQuery();
        } : results::killQuery);
        this.multiStatements = (login.capabilities() & Protocol.MULTI_STATEMENTS) != 0;
        use(connection, login);
    }

    /** Takes a logical connection opened for {@code login} (at login, or after COM_CHANGE_USER closed the last). */
    void use(Connection connection, Handshake.Login login) {
        this.connection = connection;
        this.login = login;
        this.charset = ClientCharset.ofCollation(login.collation());
        this.prepared = new PreparedStatements(connection, texts, io, replies, writer, results, relay, maxPacket,
                this::fileRelay);
    }

    /**
     * Records the client's handshake character set on a logical connection (sent with its first
     * statement). Its collation is the character set's default on the servers: MySQL 8.0 clients ask
     * for utf8mb4_0900_ai_ci, which MariaDB and OceanBase do not have.
     *
     * @return the client's character set
     */
    static ClientCharset recordHandshakeCharset(Connection connection, int collation) throws SQLException {
        ClientCharset charset = ClientCharset.ofCollation(collation);
        connection.unwrap(ObProxyConnection.class).setSessionVariables(charset.sessionVariables());
        return charset;
    }

    /** Goes back to the handshake's character set (COM_RESET_CONNECTION). */
    void resetCharset() throws SQLException {
        charset = recordHandshakeCharset(connection, login.collation());
    }

    /**
     * The SQL of a COM_QUERY or COM_STMT_PREPARE as the backend takes it, and its classification.
     *
     * @param clientBytes the client's bytes when the backend takes them as they are (the servers
     *                    read the client's character set; null when renamed)
     */
    record Text(String sql, SqlInfo info, byte[] clientBytes) {
    }

    /**
     * @return a COM_QUERY's or COM_STMT_PREPARE's text, decoded from the client's character set and
     * classified once, by the driver's classifier; MySQL 8.0's transaction variable names renamed
     * for a backend that lacks them (then classified as renamed)
     */
    Text text(byte[] bytes) throws SQLException {
        String sql = charset.decode(bytes,
                (StatusFlags.of(connection) & Protocol.STATUS_NO_BACKSLASH_ESCAPES) != 0);
        SqlInfo info = texts.classify(connection, sql);
        if (oldVariableNames && info.has(SqlInfo.FLAG_TRANSACTION_VARIABLE)) {
            sql = SqlRewrites.oldTransactionVariables(sql);
            return new Text(sql, texts.classify(connection, sql), null);
        }
        return new Text(sql, info, bytes);
    }

    /**
     * @return the statement COM_QUERY runs on: one per client (a statement costs to create), made
     * again when the database changed, since Connector/J runs a statement in the database that was
     * current when it was made (it switches there and back around each execution)
     */
    Statement queryStatement() throws SQLException {
        String database = connection.getCatalog();
        if (queries != null && !Objects.equals(database, queriesDatabase)) {
            dropQueryStatement();
        }
        if (queries == null) {
            queries = connection.createStatement();
            queries.setFetchSize(Integer.MIN_VALUE); // rows stream from the backend to the client
            queriesDatabase = database;
        }
        return queries;
    }

    /**
     * Runs a client's text on {@code statement} (the COM_QUERY one) and sends the client every result:
     * relayed as the server sent it ({@link ReplyRelay}) when the text is one statement, else (and for
     * what the driver answers itself) decoded and encoded again ({@link StatementResults}).
     *
     * @throws IOException the client failed, also while a relayed reply was copied to it
     */
    void run(Statement statement, Text text) throws SQLException, IOException {
        if (relay == null || text.info().isMulti()) {
            results.send(statement, text.sql(), texts.execute(statement, text.sql(), text.info()), false);
            return;
        }
        PreClassified.Relayed relayed = relay.run(statement, text.sql(), null,
                () -> texts.relay(statement, text.sql(), text.info(), text.clientBytes(), relay));
        if (relayed != PreClassified.Relayed.RELAYED) {
            results.send(statement, text.sql(), relayed == PreClassified.Relayed.ANSWERED_WITH_ROWS, false);
        }
    }

    /**
     * @return the relay of the client's files for one command with LOAD DATA LOCAL INFILE
     * @throws SQLException what the cluster's servers answer a client that did not enable LOCAL INFILE
     * (its login had no CLIENT_LOCAL_FILES, or the front end did not offer it)
     */
    ClientFileRelay fileRelay() throws SQLException {
        if ((login.capabilities() & Protocol.LOCAL_FILES) == 0) {
            throw backend.localInfileRefused();
        }
        return new ClientFileRelay(io, fileWait, results::endBeforeFileRequest, charset);
    }

    /**
     * When the client failed while {@code files} read its file, aborts the logical connection: a server
     * connection may still wait for the rest of a file, and a graceful close would talk to it.
     *
     * @return the client's failure (which ends the client), or null when it did not fail
     */
    IOException abortIfClientGone(ClientFileRelay files) {
        IOException gone = files.clientFailure();
        if (gone != null) {
            cleanup.quietly("abort the connection of a client gone mid-file", () -> connection.abort(Runnable::run));
        }
        return gone;
    }

    /**
     * {@link #run} of a text with LOAD DATA LOCAL INFILE statements: the servers' requests for their
     * files are answered from the client ({@code files}).
     */
    void runWithLocalFiles(Statement statement, Text text, ClientFileRelay files) throws SQLException, IOException {
        results.send(statement, text.sql(), texts.executeWithLocalFiles(statement, text.sql(), text.info(), files),
                false);
    }

    /** Closes the COM_QUERY statement (its results may be left half read): the next text gets a fresh one. */
    void dropQueryStatement() {
        Statement st = queries;
        queries = null;
        if (st != null) {
            cleanup.quietly("close the query statement", st::close);
        }
    }

    /** Runs a statement of the front end's own (no result to the client) on the logical connection. */
    void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    /** Runs a statement of the front end's own on {@code connection}, closing its statement. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** @return the status flags a reply carries now: AUTOCOMMIT, IN_TRANS */
    int status() {
        return StatusFlags.of(connection);
    }

    /** @return true when the logical connection is gone (closed under the client, or by {@link #close}) */
    boolean isClosed() {
        try {
            return connection == null || connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Closes the prepared statements, then the logical connection (with the COM_QUERY statement). */
    void close() {
        cleanup.quietly("close prepared statements", prepared::closeAll);
        queries = null; // closed with its connection
        Connection c = connection;
        connection = null;
        if (c != null) {
            cleanup.close(c);
        }
    }

    /** SET NAMES: the character set the client's texts are in from now on. */
    void charset(ClientCharset charset) {
        this.charset = charset;
    }

    /**
     * {@code SET character_set_client = x} alone: the client's texts are in {@code charset} from now
     * on, and the servers read them so (they get the client's bytes); results and literals stay as
     * they were.
     */
    void clientCharset(ClientCharset charset) throws SQLException {
        connection.unwrap(ObProxyConnection.class).setSessionVariables(
                Map.of("character_set_client", charset.serverName()));
        this.charset = charset;
    }

    /** COM_SET_OPTION: whether the client's next texts may hold several statements. */
    void multiStatements(boolean on) {
        multiStatements = on;
    }

    Connection connection() {
        return connection;
    }

    Handshake.Login login() {
        return login;
    }

    PreparedStatements prepared() {
        return prepared;
    }

    PacketIO io() {
        return io;
    }

    Replies replies() {
        return replies;
    }

    ResultWriter writer() {
        return writer;
    }

    /** Sets what keeps the client's deadline while a LOAD DATA LOCAL waits for its file's next packet. */
    void onFileWait(ClientFileRelay.Waiting wait) {
        this.fileWait = wait;
    }

    SessionTracking tracking() {
        return tracking;
    }

    boolean multiStatements() {
        return multiStatements;
    }
}
