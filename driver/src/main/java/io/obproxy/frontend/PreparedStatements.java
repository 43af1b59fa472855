package io.obproxy.frontend;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.session.ConnectorJ;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One client's prepared statements (the binary protocol): each a logical PreparedStatement of the
 * driver, so every execution routes by its parameters and is prepared on whichever server it runs.
 * The parameter count and result columns in the prepare reply come from the backend's own prepare
 * (exact, as sysbench requires).
 *
 * <p>An execution is routed by its parameters as any, then the client's parameter bytes go to the
 * server's own prepared statement and its reply (binary rows) is copied back as it comes
 * ({@link ReplyRelay}), long data sent to that server's statement first; unless the front end runs
 * with {@code --pass-through off}: then the driver executes it and its rows are encoded here.
 *
 * <p>An execute with the cursor flag gets the whole result at once without CURSOR_EXISTS (a valid
 * answer: the client then never fetches). An execute of a LOAD DATA LOCAL INFILE (MariaDB prepares
 * it) has the servers' requests for the file answered from the client, as a text's
 * ({@link ClientFileRelay}).
 */
final class PreparedStatements {
    /** How a server defines each parameter in a prepare reply: a binary string named {@code ?}. */
    private static final ConnectorJ.Column PARAMETER = new ConnectorJ.Column("", "", "", "?", "",
            Protocol.BINARY_COLLATION, 0, ResultWriter.VAR_STRING, ResultWriter.BINARY_FLAG, 0);

    private final Connection connection;
    private final TextPath texts;
    private final PacketIO io;
    private final Replies replies;
    private final ResultWriter writer;
    private final StatementResults results;
    /** Copies servers' replies to the client as they come, or null ({@code --pass-through off}). */
    private final ReplyRelay relay;
    private final int maxPacket;
    private final Relays relays;
    private final Map<Long, Prepared> statements = new HashMap<>();
    private long nextId;

    /**
     * @param localInfile the text is a LOAD DATA LOCAL INFILE: its executions relay the client's file
     * @param columns     the column definitions the client holds for it, when it caches them
     */
    private record Prepared(String sql, PreparedStatement statement, BinaryParameters parameters, boolean localInfile,
                            ColumnCache columns) {
    }

    /** Where a LOAD DATA LOCAL's execution gets the relay of the client's file ({@link ClientSession#fileRelay}). */
    @FunctionalInterface
    interface Relays {
        ClientFileRelay open() throws SQLException;
    }

    /**
     * @param relay     copies servers' replies to executions as they come; null: every reply is decoded
     *                  and encoded again
     * @param maxPacket the most long data one parameter may collect
     * @param relays    the client's file relays, for prepared LOAD DATA LOCAL INFILE
     */
    PreparedStatements(Connection connection, TextPath texts, PacketIO io, Replies replies, ResultWriter writer,
                       StatementResults results, ReplyRelay relay, int maxPacket, Relays relays) {
        this.relay = relay;
        this.maxPacket = maxPacket;
        this.relays = relays;
        this.connection = connection;
        this.texts = texts;
        this.io = io;
        this.replies = replies;
        this.writer = writer;
        this.results = results;
    }

    /** COM_STMT_PREPARE; an empty text is MySQL's 1065 (the driver is not asked). */
    void prepare(String sql, SqlInfo info, int status) throws IOException, SQLException {
        if (sql.isBlank()) {
            throw Protocol.emptyQuery();
        }
        PreparedStatement ps = texts.prepare(connection, sql, info);
        ConnectorJ.Column[] columns;
        int parameters;
        try {
            parameters = ps.getParameterMetaData().getParameterCount();
            // a CALL's result sets are known only by running it, which Connector/J's metadata would do:
            // none are announced, as a server's prepare of a CALL announces none
            ResultSetMetaData md = info.kind() == StatementKind.CALL ? null : ps.getMetaData();
            columns = md == null ? new ConnectorJ.Column[0] : ConnectorJ.columns(md);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            throw e;
        }
        ps.setFetchSize(Integer.MIN_VALUE); // rows stream from the backend to the client
        long id = ++nextId;
        statements.put(id, new Prepared(sql, ps, new BinaryParameters(parameters, maxPacket),
                info.has(SqlInfo.FLAG_LOCAL_INFILE), new ColumnCache()));
        io.write(new PayloadWriter().int1(0x00).int4(id).int2(columns.length).int2(parameters).int1(0).int2(0));
        if (parameters > 0) {
            for (int i = 0; i < parameters; i++) {
                writer.definition(PARAMETER, false);
            }
            replies.endOfColumns(status);
        }
        if (columns.length > 0) {
            for (ConnectorJ.Column column : columns) {
                writer.definition(column, false);
            }
            replies.endOfColumns(status);
        }
    }

    /**
     * COM_STMT_EXECUTE (the payload after the command byte). Parameters the packet does not hold
     * whole are MySQL's 1210, and the connection goes on: the packet was read to its end.
     */
    void execute(PayloadReader in) throws IOException, SQLException {
        Prepared p = find(in.int4());
        in.int1(); // flags: a cursor is not opened, see the class comment
        in.int4(); // iterations: always 1
        BinaryParameters.Wire parameters;
        try {
            parameters = p.parameters().bind(in, p.statement());
        } catch (PayloadReader.MalformedPacketException e) {
            p.statement().clearParameters();
            throw new SQLException("Incorrect arguments to mysqld_stmt_execute", "HY000", 1210, e);
        }
        if (!p.localInfile()) {
            if (relay == null) {
                results.send(p.statement(), p.sql(), p.statement().execute(), true);
                return;
            }
            PreClassified.Relayed relayed = relay.run(p.statement(), p.sql(), p.columns(),
                    () -> texts.relay(p.statement(), parameters.longData(), parameters.part(), relay));
            if (relayed != PreClassified.Relayed.RELAYED) {
                results.send(p.statement(), p.sql(), relayed == PreClassified.Relayed.ANSWERED_WITH_ROWS, true);
            }
            return;
        }
        ClientFileRelay files = relays.open();
        try {
            results.send(p.statement(), p.sql(), texts.executeWithLocalFiles(p.statement(), files), true);
        } catch (SQLException | IOException | RuntimeException e) {
            IOException gone = files.clientFailure();
            if (gone != null) {
                throw gone; // the client is done; the driver aborted the server connection mid-file
            }
            throw e;
        } finally {
            files.end();
        }
    }

    /** COM_STMT_SEND_LONG_DATA: no reply, even to an unknown id (its execute reports it, as servers do). */
    void sendLongData(PayloadReader in) {
        Prepared p = statements.get(in.int4());
        if (p != null) {
            p.parameters().appendLongData(in.int2(), in.rest());
        }
    }

    /** COM_STMT_RESET. */
    void reset(PayloadReader in, int status) throws IOException, SQLException {
        find(in.int4()).parameters().reset();
        replies.ok(0, 0, status);
    }

    /** COM_STMT_FETCH: executions never open a cursor (the reply says so), so there is nothing to fetch from. */
    void fetch(PayloadReader in) throws IOException {
        replies.error(1421, "HY000", "The statement (" + in.int4() + ") has no open cursor.");
    }

    /** COM_STMT_CLOSE: no reply; an unknown id is ignored, as servers do. */
    void close(PayloadReader in) throws SQLException {
        Prepared p = statements.remove(in.int4());
        if (p != null) {
            p.statement().close();
        }
    }

    /** Closes every statement; none fails the others (a client's resources go whatever happened on it). */
    void closeAll() {
        for (Prepared p : statements.values()) {
            closeQuietly(p.statement());
        }
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException ignored) {
            // the statement is dropped anyway; its connection's close releases what it held
        }
    }

    private Prepared find(long id) throws SQLException {
        Prepared p = statements.get(id);
        if (p == null) {
            throw new SQLException("Unknown prepared statement handler (" + id + ") given to mysqld_stmt_execute",
                    "HY000", 1243);
        }
        return p;
    }
}
