package io.obproxy.session;

import com.mysql.cj.NativeSession;
import com.mysql.cj.ServerPreparedQuery;
import com.mysql.cj.exceptions.CJException;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.ServerPreparedStatement;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import com.mysql.cj.protocol.a.NativePacketPayload;
import com.mysql.cj.protocol.a.NativeProtocol;
import com.mysql.cj.protocol.a.NativeServerSession;
import com.mysql.cj.protocol.a.result.OkPacket;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One command sent on a physical connection as bytes, and the server's reply read packet by packet
 * and handed to a {@link RelaySink}, beside Connector/J (which owns the connection and is idle
 * meanwhile): the front end's pass-through, where rows are copied, never decoded and encoded again.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Only what must be known is read: packet boundaries, the first byte of each packet, the
 *   column count, and each result's end. The reply's bytes come in large reads, below Connector/J's
 *   streams where they are empty ({@link ReplyInput}). Ends (OK, EOF) and errors go through Connector/J's own
 *   parsers ({@code readServerStatusForResultSets}, {@code checkErrorMessage}), so that its view of
 *   the session (status flags, warning count, the session state changes its listeners are told of)
 *   and the exceptions the driver judges are the same as after a statement Connector/J ran.</li>
 *   <li>The physical connection's protocol options decide the reply's shape: column definitions end
 *   with an EOF packet unless it deprecated EOF; rows end with EOF or an OK with the 0xFE header. A
 *   row never starts with 0xFE and is shorter than 9 bytes (text) or starts with 0x00 (binary),
 *   which tells rows from their end as Connector/J tells them.</li>
 *   <li>A server's error as the first packet is thrown before anything reached the sink, so the
 *   execution may send the statement again (a stale location); after that it is thrown as well, and
 *   the sink says whether the client saw part of the reply ({@link RelaySink#delivered}).</li>
 *   <li>Column definitions reach the sink in the shape it reads: with MariaDB's extended type
 *   information when it asks for it ({@link RelaySink#extendedTypeInfo}), as the server sent it on a
 *   connection that negotiated it ({@link ExtendedMetadataSocket}) or else empty; without it
 *   otherwise.</li>
 *   <li>A command that fits the thread's direct buffer is written to the socket's channel through it
 *   ({@link DirectChannelBuffer}), past Connector/J's stream, which holds nothing between commands, and
 *   the socket's, whose watch of commands is told of it ({@link ExtendedMetadataSocket}).</li>
 *   <li>A client that fails while its sink writes leaves the rest of the reply unread on the server
 *   connection: thrown as {@link ClientFailed}, which drops that connection and blames no server.</li>
 * </ul>
 */
public final class PacketRelay implements AutoCloseable {
    private static final int MAX_CHUNK = 0xFFFFFF;
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int COM_STMT_SEND_LONG_DATA = 0x18;
    private static final int OK = 0x00;
    private static final int LOCAL_INFILE = 0xFB;
    private static final int END = 0xFE;
    private static final int ERROR = 0xFF;
    private static final int MORE_RESULTS = 0x0008;

    private final JdbcConnection connection;
    private final NativeProtocol protocol;
    private final OutputStream out;
    private final boolean definitionsEndWithEof;
    private final RelaySink sink;
    /** The connection's socket when it carries MariaDB's extended type information in column definitions, else null. */
    private final ExtendedMetadataSocket typeInfo;
    private final RelayScratch scratch;
    /**
     * The connection's socket and its channel, which commands that fit the scratch's direct buffer
     * are written to through it, past Connector/J's and the socket's streams (empty between
     * commands), and the reply is read from ({@link ReplyInput}); null when both go through the streams.
     */
    private final ExtendedMetadataSocket socket;
    private final SocketChannel channel;
    /** A packet's header and, for a command written through the direct buffer, its command byte. */
    private final byte[] header;
    private byte[] packet;
    private int length;
    /** The reply being read; null until the command went. */
    private ReplyInput reply;
    /** Whether anything of the reply reached the sink (an error then is no refusal before executing). */
    private boolean relayed;

    /** A client of the relay failed while it was handed the reply: the rest is unread on the server connection. */
    public static final class ClientFailed extends SQLException {
        ClientFailed(IOException cause) {
            super("the client failed while the server's reply was copied to it: " + cause.getMessage(), "HY000",
                    cause);
        }

        /** @return the client's failure */
        public IOException clientFailure() {
            return (IOException) getCause();
        }
    }

    private PacketRelay(JdbcConnection connection, NativeProtocol protocol, RelaySink sink,
                        Supplier<RelayScratch> buffers) throws IOException {
        this.connection = connection;
        this.protocol = protocol;
        this.out = protocol.getSocketConnection().getMysqlOutput();
        this.definitionsEndWithEof = !protocol.getServerSession().isEOFDeprecated();
        this.sink = sink;
        this.socket = protocol.getSocketConnection().getMysqlSocket() instanceof ExtendedMetadataSocket s ? s : null;
        this.typeInfo = socket != null && socket.negotiated() ? socket : null;
        SocketChannel plain = socket == null ? null : socket.plainBlockingChannel();
        this.scratch = buffers.get(); // last: given back by close()
        this.channel = scratch.direct == null ? null : plain;
        this.header = scratch.header;
        this.packet = scratch.packet();
    }

    /**
     * @return a relay on {@code physical}, or null when its packets cannot be sent as bytes (a
     * compressed connection's, or one without a classic-protocol session, or no Connector/J one)
     */
    private static PacketRelay open(Connection physical, RelaySink sink, Supplier<RelayScratch> buffers)
            throws SQLException {
        if (!physical.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        JdbcConnection connection = physical.unwrap(JdbcConnection.class);
        if (!(connection.getSession() instanceof NativeSession session)) {
            return null;
        }
        NativeProtocol protocol = session.getProtocol();
        if ((protocol.getServerSession().getClientParam() & NativeServerSession.CLIENT_COMPRESS) != 0) {
            return null;
        }
        if (protocol.getStreamingData() != null) {
            throw new SQLException("a streaming result is still open on the server connection", "HY000");
        }
        try {
            return new PacketRelay(connection, protocol, sink, buffers);
        } catch (IOException closed) {
            throw serverFailed(closed);
        }
    }

    /**
     * Sends {@code command} (a command byte: COM_QUERY) with its {@code arguments} (the rest of one
     * client packet's payload) on the connection of the physical statement {@code physical}, and
     * hands every result of the reply to {@code sink}.
     *
     * @return false when nothing was sent: the connection cannot relay (compressed), the caller runs
     * the statement through Connector/J
     * @throws SQLException the server's error (as Connector/J would have thrown it), a broken server
     *                      connection (08S01), or {@link ClientFailed}
     */
    public static boolean exchange(Statement physical, int command, byte[] arguments, RelaySink sink)
            throws SQLException {
        try (PacketRelay relay = open(physical.getConnection(), sink, RelayScratch::take)) {
            if (relay == null) {
                return false;
            }
            relay.exchange(command, arguments);
            return true;
        }
    }

    /**
     * Runs {@code sql}, a statement of the driver's own whose reply it does not need (a held BEGIN),
     * on {@code physical} as one COM_QUERY, its reply read and dropped: no statement object made and
     * closed, no result decoded. Its end and error are read as Connector/J reads them, so the
     * connection's status flags and session state changes follow as after Connector/J's execution.
     *
     * @return false when nothing was sent: the text is not ASCII (its bytes would be the
     * connection's character set's), the application gave the connection query interceptors (they
     * see every statement Connector/J runs), or the connection cannot relay; the caller runs it
     * through Connector/J
     */
    public static boolean run(Connection physical, String sql) throws SQLException {
        byte[] text = ascii(sql);
        if (text == null || physical.isWrapperFor(JdbcConnection.class) && hasInterceptors(physical)) {
            return false;
        }
        try (PacketRelay relay = open(physical, DroppedReply.SINK, RelayScratch::small)) {
            if (relay == null) {
                return false;
            }
            relay.exchange(COM_QUERY, text);
            return true;
        }
    }

    /**
     * @return a COM_QUERY's text as a connection that negotiated query attributes (MySQL 8.0.23 and
     * later) takes it: after a count of none and a count of one set
     */
    private static byte[] withoutQueryAttributes(byte[] text) {
        byte[] arguments = new byte[2 + text.length];
        arguments[1] = 1;
        System.arraycopy(text, 0, arguments, 2, text.length);
        return arguments;
    }

    private static boolean hasInterceptors(Connection physical) throws SQLException {
        var interceptors = physical.unwrap(JdbcConnection.class).getQueryInterceptorsInstances();
        return interceptors != null && !interceptors.isEmpty();
    }

    /** @return the ASCII bytes of {@code sql}, or null when it has another character */
    private static byte[] ascii(String sql) {
        byte[] text = new byte[sql.length()];
        for (int i = 0; i < text.length; i++) {
            char c = sql.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            text[i] = (byte) c;
        }
        return text;
    }

    private void exchange(int command, byte[] arguments) throws SQLException {
        if (command == COM_QUERY && protocol.getServerSession().supportsQueryAttributes()) {
            arguments = withoutQueryAttributes(arguments);
        }
        if (typeInfo != null) {
            typeInfo.keepTypeInfo(true);
        }
        try {
            send(command, arguments);
            sink.started(new QueryKill(connection));
            try {
                reply = ReplyInput.of(protocol.getSocketConnection(), scratch, channel);
            } catch (IOException e) {
                throw serverFailed(e);
            }
            readReply();
        } finally {
            if (typeInfo != null) {
                typeInfo.keepTypeInfo(false);
            }
        }
    }

    /**
     * Executes the server-side prepared statement {@code physical} with {@code parameters}, a
     * COM_STMT_EXECUTE's part after its iteration count as the server takes it (the null bitmap,
     * new-params-bound 1 and the types, the values), and hands every result of the reply (binary
     * rows) to {@code sink}. The parameters' {@code longData} (null: none; null for a parameter
     * without) goes first, as COM_STMT_SEND_LONG_DATA, which has no reply. No cursor is opened.
     * Connector/J sends the types again at its own next execution of the statement: the server
     * keeps these.
     *
     * @return false when nothing was sent: the statement is prepared on the client (Connector/J's
     * choice) or its connection cannot relay; the caller runs it through Connector/J
     */
    public static boolean execute(Statement physical, byte[][] longData, byte[] parameters, RelaySink sink)
            throws SQLException {
        if (!(physical instanceof ServerPreparedStatement prepared)) {
            return false;
        }
        try (PacketRelay relay = open(physical.getConnection(), sink, RelayScratch::take)) {
            if (relay == null) {
                return false;
            }
            ServerPreparedQuery query = (ServerPreparedQuery) prepared.getQuery();
            long id = query.getServerStatementId();
            if (longData != null) {
                relay.sendLongData(id, longData);
            }
            byte[] arguments = new byte[9 + parameters.length];
            putInt4(arguments, 0, id);
            arguments[5] = 1; // iterations: 1 (flags, byte 4: no cursor)
            System.arraycopy(parameters, 0, arguments, 9, parameters.length);
            query.getQueryBindings().getSendTypesToServer().set(true);
            relay.exchange(COM_STMT_EXECUTE, arguments);
            return true;
        }
    }

    /**
     * KILL QUERY of what runs on a connection, its settings read only when it is called. A class of
     * its own, not a lambda: made on every statement, where a lambda the JIT does not inline costs a
     * method-handle call.
     */
    private record QueryKill(JdbcConnection connection) implements ConnectorJ.ServerCall {
        @Override
        public void run() throws SQLException {
            ConnectorJ.queryKill(connection).run();
        }
    }

    /** Gives the buffers back ({@link RelayScratch}). */
    @Override
    public void close() {
        scratch.release(packet);
    }

    /** COM_STMT_SEND_LONG_DATA of each parameter that has some: statement id, parameter number, the bytes. */
    private void sendLongData(long id, byte[][] longData) throws SQLException {
        for (int i = 0; i < longData.length; i++) {
            if (longData[i] != null) {
                byte[] arguments = new byte[6 + longData[i].length];
                putInt4(arguments, 0, id);
                arguments[4] = (byte) i;
                arguments[5] = (byte) (i >>> 8);
                System.arraycopy(longData[i], 0, arguments, 6, longData[i].length);
                send(COM_STMT_SEND_LONG_DATA, arguments);
            }
        }
    }

    private static void putInt4(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static SQLException serverFailed(IOException e) {
        String why = e instanceof EOFException ? "the server closed the connection"
                : e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
        return new SQLNonTransientConnectionException("Communications link failure: " + why, "08S01", e);
    }

    private void send(int command, byte[] arguments) throws SQLException {
        try {
            write(command, arguments);
        } catch (IOException e) {
            throw serverFailed(e);
        }
    }

    /** Writes one command packet (in chunks of 16 MB when it is that long) and flushes it. */
    private void write(int command, byte[] arguments) throws IOException {
        int total = arguments.length + 1;
        if (channel != null && 4 + total <= scratch.direct.capacity()) {
            out.flush(); // nothing of Connector/J's waits in it between commands: no byte overtaken
            putHeader(total, 0);
            header[4] = (byte) command;
            socket.commandWrittenBelow(command);
            scratch.direct.write(channel, header, 5, arguments, 0, arguments.length);
            return;
        }
        if (total >= MAX_CHUNK) {
            byte[] whole = new byte[total];
            whole[0] = (byte) command;
            System.arraycopy(arguments, 0, whole, 1, arguments.length);
            writeChunks(whole);
        } else {
            writeHeader(total, 0);
            out.write(command);
            out.write(arguments);
        }
        out.flush();
    }

    private void writeChunks(byte[] payload) throws IOException {
        int offset = 0;
        int sequence = 0;
        while (true) {
            int chunk = Math.min(MAX_CHUNK, payload.length - offset);
            writeHeader(chunk, sequence++);
            out.write(payload, offset, chunk);
            offset += chunk;
            if (chunk < MAX_CHUNK) {
                return;
            }
        }
    }

    private void writeHeader(int length, int sequence) throws IOException {
        putHeader(length, sequence);
        out.write(header, 0, 4);
    }

    private void putHeader(int length, int sequence) {
        header[0] = (byte) length;
        header[1] = (byte) (length >>> 8);
        header[2] = (byte) (length >>> 16);
        header[3] = (byte) sequence;
    }

    /** The end of a LOCAL INFILE file that is not sent: an empty packet, the reply's next sequence number. */
    private void sendEmptyPacket() throws SQLException {
        try {
            writeHeader(0, reply.sequence() + 1);
            out.flush();
        } catch (IOException e) {
            throw serverFailed(e);
        }
    }

    private void readReply() throws SQLException {
        boolean more = true;
        while (more) {
            read();
            int first = packet[0] & 0xFF;
            if (first == ERROR) {
                throw serverError(relayed); // a later result's error follows the end of the one before
            } else if (first == OK) {
                more = ok();
            } else if (first == LOCAL_INFILE) {
                sendEmptyPacket(); // no file: the caller runs LOAD DATA LOCAL elsewhere; the server answers with an end
            } else {
                more = resultSet();
            }
        }
    }

    private boolean ok() throws SQLException {
        OkPacket ok = end(false);
        boolean more = (ok.getStatusFlags() & MORE_RESULTS) != 0;
        relayed = true;
        try {
            String info = ok.getInfo();
            sink.ok(ok.getUpdateCount(), ok.getUpdateID(), ok.getWarningCount(), info == null || info.isEmpty() ? null : info,
                    more);
        } catch (IOException clientGone) {
            throw new ClientFailed(clientGone);
        }
        return more;
    }

    private boolean resultSet() throws SQLException {
        long columns = LengthEncoded.value(packet, 0);
        relayed = true;
        try {
            sink.columnCount(packet, length);
            for (long i = 0; i < columns; i++) {
                read();
                matchTypeInfo();
                sink.definition(packet, length);
            }
            if (definitionsEndWithEof) {
                read();
            }
            sink.definitionsEnd();
            while (true) {
                read();
                int first = packet[0] & 0xFF;
                if (first == END && length < MAX_CHUNK && (length < 9 || !definitionsEndWithEof)) {
                    OkPacket end = end(true);
                    boolean more = (end.getStatusFlags() & MORE_RESULTS) != 0;
                    sink.rowsEnd(end.getWarningCount(), more);
                    return more;
                }
                if (first == ERROR) {
                    throw serverError(false); // in place of a row
                }
                sink.row(packet, length);
            }
        } catch (IOException clientGone) {
            throw new ClientFailed(clientGone);
        }
    }

    /**
     * Gives the column definition read the shape the sink reads: with MariaDB's extended type
     * information (an empty one when the server sent none) or without.
     */
    private void matchTypeInfo() throws SQLException {
        boolean wanted = sink.extendedTypeInfo();
        try {
            if (typeInfo != null && !wanted) {
                length = ExtendedTypeInfo.remove(packet, length);
            } else if (typeInfo == null && wanted) {
                packet = ExtendedTypeInfo.insertEmpty(packet, length);
                length++;
            }
        } catch (IOException malformed) {
            throw serverFailed(malformed);
        }
    }

    /**
     * An end (OK or EOF) as Connector/J reads one: its session view follows. Connector/J keeps the
     * IN_TRANS flag it had at the end of rows ({@code rowsEnd}), not after an update count's OK,
     * whose flags are the server's word: a DDL's implicit commit or SET autocommit = 1 clears it.
     */
    private OkPacket end(boolean rowsEnd) {
        return protocol.readServerStatusForResultSets(new NativePacketPayload(Arrays.copyOf(packet, length)), rowsEnd);
    }

    /** @return the server's error as Connector/J throws it, recorded as sent for the front end ({@link ServerErrors}) */
    private SQLException serverError(boolean afterEnd) {
        ConnectorJ.recordErrorPacket(packet, length, afterEnd);
        try {
            protocol.checkErrorMessage(new NativePacketPayload(Arrays.copyOf(packet, length)));
        } catch (CJException e) {
            return SQLExceptionsMapping.translateException(e, null);
        }
        return new SQLException("the server's error packet could not be read", "HY000");
    }

    /** Reads the next packet, whole: a payload of 16 MB or more comes in chunks. */
    private void read() throws SQLException {
        try {
            packet = reply.read(packet);
            length = reply.length();
        } catch (IOException e) {
            throw serverFailed(e);
        }
    }
}
