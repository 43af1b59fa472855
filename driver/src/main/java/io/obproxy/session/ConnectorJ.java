package io.obproxy.session;

import com.mysql.cj.CharsetMapping;
import com.mysql.cj.MysqlConnection;
import com.mysql.cj.MysqlType;
import com.mysql.cj.NativeSession;
import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.ConnectionImpl;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.NonRegisteringDriver;
import com.mysql.cj.jdbc.StatementImpl;
import com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import com.mysql.cj.protocol.MessageReader;
import com.mysql.cj.protocol.ServerSessionStateController;
import com.mysql.cj.protocol.SocketConnection;
import com.mysql.cj.protocol.a.NativePacketHeader;
import com.mysql.cj.protocol.a.NativePacketPayload;
import com.mysql.cj.protocol.a.NativeProtocol;
import com.mysql.cj.result.Field;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the driver and the front end need of Connector/J beyond java.sql, in one place: the
 * rest of the code sees plain java.sql types and what this class answers. (The one other class that
 * names Connector/J is io.obproxy.jdbc.PhysicalSocketFactory: a plug-in Connector/J instantiates,
 * which must extend its socket factory; and {@link PacketRelay}, which reads a reply beside it with
 * its own parsers.) A Connector/J upgrade that moves an internal breaks here
 * and nowhere else.
 *
 * <p>What is read: a physical connection's server version, status flags, thread id, socket and the
 * session state changes its OK packets report ({@link ConnectionFacts}, for
 * {@link PhysicalSession}); a statement's last insert id; the column definitions of a result as
 * the server sent them (Connector/J keeps some numbers otherwise than the wire has them:
 * {@link #columns} undoes that); character sets by collation id;
 * how to stop a streaming statement on its server; the info string of a result's OK packet; the
 * error packets as the server sent them ({@link ServerErrors}: Connector/J rewrites some SQLSTATEs)
 * and the file names of LOCAL INFILE requests ({@link RequestedFiles}: Connector/J keeps them to
 * itself). What is set: the stream a connection answers LOAD DATA LOCAL INFILE requests from
 * ({@link #localInfileSource}).
 */
public final class ConnectorJ {
    private static final int BLOB_FLAG = 16;
    private static final int UNSIGNED_FLAG = 32;
    private static final int BINARY_FLAG = 128;
    private static final int NOT_FIXED_DECIMALS = 31;
    private static final int UTF8MB4_GENERAL_CI = 45;
    private static final int BINARY_COLLATION = 63;

    private ConnectorJ() {
    }

    /**
     * A LOAD DATA LOCAL INFILE stream ({@link #localInfileSource}) that is told the name of each file
     * the server asks for, as the server's request has it, before the file is read: Connector/J keeps
     * the name to itself, so it is read from the request as it arrives.
     */
    public interface RequestedFiles {
        /** @param fileName the name in the server's request (0xFB and the name) */
        void requested(String fileName);
    }

    /**
     * Sets the stream the server's LOAD DATA LOCAL INFILE requests on {@code physical} are answered from.
     * Connector/J keeps one per connection (its protocol's, whichever statement set it), used by every
     * statement until set again and closed after each request; with {@code allowLoadLocalInfile} it
     * reads a file of this host only while none is set.
     */
    public static void localInfileSource(Connection physical, InputStream source) throws SQLException {
        if (!(physical.unwrap(JdbcConnection.class).getSession() instanceof NativeSession session)) {
            throw new SQLException("Connector/J's connection has no classic-protocol session", "HY000");
        }
        session.setLocalInfileInputStream(source);
    }

    /**
     * A column definition as a server sends it (the protocol's ColumnDefinition41).
     *
     * @param type      MySQL's column type (enum_field_types)
     * @param collation the collation id of the column's character set (63: binary)
     * @param length    the column length the server sends
     * @param flags     the column flags the server sends (NOT_NULL, UNSIGNED, BINARY...)
     * @param decimals  the decimals the server sends (31: not fixed)
     */
    public record Column(String database, String table, String originalTable, String label, String originalName,
                         int collation, long length, int type, int flags, int decimals) {
        /** @return true for an unsigned number */
        public boolean unsigned() {
            return (flags & UNSIGNED_FLAG) != 0;
        }
    }

    // ------------------------------------------------------------------ connections and statements

    /** @return Connector/J's driver, not registered with DriverManager */
    public static Driver driver() {
        try {
            return new NonRegisteringDriver();
        } catch (SQLException e) {
            throw new IllegalStateException("Connector/J's driver cannot be made", e);
        }
    }

    /** @return the {@link ConnectionFacts} of a physical connection, read from Connector/J's session */
    static ConnectionFacts facts(Connection physical) throws SQLException {
        return new Facts(physical.unwrap(MysqlConnection.class));
    }

    /**
     * {@link ConnectionFacts} of a Connector/J connection, read from its session: the server session's
     * version and status flags, the thread id, and the socket channel (asked only where it is a plain
     * socket: reading a byte of a TLS stream would break its record layer, and a socket the
     * application's own {@code socketFactory} made may have no channel).
     */
    private static final class Facts implements ConnectionFacts {
        private final MysqlConnection mysql;
        /** The listener of {@link #onSessionChanges}, kept reachable as long as these facts are. */
        private SessionListener sessionListener;

        Facts(MysqlConnection mysql) {
            this.mysql = mysql;
            if (mysql.getSession() instanceof NativeSession session && session.getProtocol() != null) {
                ErrorPacketReader.install(session.getProtocol());
            }
        }

        @Override
        public String serverVersion() {
            return mysql.getSession().getServerSession().getServerVersion().toString();
        }

        @Override
        public int statusFlags() {
            return mysql.getSession().getServerSession().getStatusFlags();
        }

        @Override
        public int warningCount() {
            return mysql.getSession() instanceof NativeSession s ? s.getProtocol().getWarningCount() : 0;
        }

        @Override
        public long threadId() {
            return mysql.getSession().getThreadId();
        }

        @Override
        public void onSessionChanges(Consumer<List<SessionChange>> sink) {
            ServerSessionStateController controller = mysql.getSession().getServerSession()
                    .getServerSessionStateController();
            if (controller != null) {
                SessionListener listener = new SessionListener(sink);
                sessionListener = listener; // Connector/J holds its listeners weakly
                controller.addSessionStateChangesListener(listener);
            }
        }

        @Override
        public boolean closedByPeer() {
            if (!(mysql.getSession() instanceof NativeSession session)) {
                return false;
            }
            SocketConnection socket = session.getProtocol().getSocketConnection();
            try {
                SocketChannel channel = socket.isSSLEstablished() ? null : socket.getMysqlSocket().getChannel();
                return channel != null && closedByPeer(channel);
            } catch (IOException closed) {
                return true;
            }
        }

        private static boolean closedByPeer(SocketChannel channel) {
            synchronized (channel.blockingLock()) {
                try {
                    channel.configureBlocking(false);
                    try {
                        return channel.read(ByteBuffer.allocate(1)) != 0;
                    } finally {
                        channel.configureBlocking(true);
                    }
                } catch (IOException resetOrClosed) {
                    return true;
                }
            }
        }
    }

    /** Passes the session state changes of each OK packet Connector/J reads on, as {@link SessionChange}s. */
    private record SessionListener(Consumer<List<SessionChange>> sink)
            implements ServerSessionStateController.SessionStateChangesListener {
        @Override
        public void handleSessionStateChanges(ServerSessionStateController.ServerSessionStateChanges changes) {
            if (changes == null || changes.getSessionStateChangesList().isEmpty()) {
                return;
            }
            List<SessionChange> reported = new ArrayList<>();
            for (ServerSessionStateController.SessionStateChange c : changes.getSessionStateChangesList()) {
                reported.add(new SessionChange(c.getType(), c.getValues()));
            }
            sink.accept(reported);
        }
    }

    /** @return the last insert id of the OK a physical statement's execution got */
    public static long lastInsertId(Statement physical) throws SQLException {
        return physical.unwrap(StatementImpl.class).getLastInsertID();
    }

    /**
     * @return the info string of the OK packet of a physical statement's current result ({@code
     * mysql_info()}: "Rows matched: 2  Changed: 2  Warnings: 0", "Records: 3  Duplicates: 0
     * Warnings: 0"), or null when it had none
     */
    public static String info(Statement physical) throws SQLException {
        com.mysql.cj.jdbc.result.ResultSetInternalMethods results = physical.unwrap(StatementImpl.class)
                .getResultSetInternal();
        if (results == null) {
            return null;
        }
        String info = results.getServerInfo();
        return info == null || info.isEmpty() ? null : info;
    }

    /**
     * An update count Connector/J read as a result of its own.
     *
     * @param info the OK packet's info string, or null
     */
    public record Count(long updateCount, long lastInsertId, String info) {
    }

    /**
     * @return the update counts Connector/J read after the rows of the streaming result {@code rs}
     * while looking for the next result set (it reads on until one has rows, or fails): they come
     * before a failure that ends the execution there; none when {@code rs} is not Connector/J's
     */
    public static List<Count> countsReadAhead(ResultSet rs) {
        List<Count> counts = new ArrayList<>(1);
        try {
            com.mysql.cj.protocol.Resultset next = rs.unwrap(ResultSetImpl.class).getNextResultset();
            while (next != null && !next.hasRows()) {
                String info = next.getServerInfo();
                counts.add(new Count(next.getUpdateCount(), next.getUpdateID(), info == null || info.isEmpty() ? null : info));
                next = next.getNextResultset();
            }
        } catch (SQLException notConnectorJs) {
            // rows the driver made itself: nothing was read ahead
        }
        return counts;
    }

    /** @return true when Connector/J made {@code e} (its report of a server's error, or of its own failure) */
    public static boolean madeByConnectorJ(Throwable e) {
        StackTraceElement[] at = e.getStackTrace();
        return e.getClass().getName().startsWith("com.mysql.cj.")
                || at.length > 0 && at[0].getClassName().startsWith("com.mysql.cj.");
    }

    /** @return true when {@code e} is Connector/J's refusal of a packet longer than max_allowed_packet */
    public static boolean isPacketTooBig(SQLException e) {
        return e instanceof com.mysql.cj.jdbc.exceptions.PacketTooBigException;
    }

    /** @return true when {@code e} is Connector/J's own report of a cancelled statement */
    public static boolean isCancellation(SQLException e) {
        return e instanceof MySQLStatementCancelledException;
    }

    /** @return Connector/J's report of a cancelled statement, with the server's SQLSTATE and code */
    public static SQLException cancellation(String sqlState, int vendorCode) {
        return new MySQLStatementCancelledException("Statement cancelled due to client request", sqlState, vendorCode);
    }

    // ------------------------------------------------------------------ KILL QUERY of a streaming statement

    /** A statement to another server session, which may fail. */
    @FunctionalInterface
    public interface ServerCall {
        void run() throws SQLException;
    }

    /**
     * @return {@code KILL QUERY <thread>} of the server session that produces {@code rs} (a wrapper
     * of a Connector/J result set), to run on a connection of its own to the same server with the
     * same settings and credentials, as Connector/J's {@code Statement.cancel()} does; that cancel
     * does nothing once the execution has returned a streaming result set. The connection carries
     * no connection attributes, so it is nobody's session in the processlist.
     * @throws SQLException when {@code rs} does not come from a server's connection
     */
    public static ServerCall queryKill(ResultSet rs) throws SQLException {
        return queryKill(rs.unwrap(ResultSetImpl.class).getConnection());
    }

    /**
     * @return {@code sql} prepared on the server of {@code physical}, also where Connector/J would
     * prepare it on the client (a CALL)
     */
    public static PreparedStatement serverPrepare(Connection physical, String sql) throws SQLException {
        return physical.unwrap(JdbcConnection.class).serverPrepareStatement(sql);
    }

    /** @return a KILL QUERY of what runs on {@code physical}, from a connection of its own (see {@link #queryKill(ResultSet)}) */
    static ServerCall queryKill(JdbcConnection physical) {
        HostInfo h = physical.getSession().getHostInfo();
        Map<String, String> properties = new HashMap<>(h.getHostProperties());
        properties.remove(PropertyKey.connectionAttributes.getKeyName());
        HostInfo server = new HostInfo(h, h.getHost(), h.getPort(), h.getUser(), h.getPassword(), properties);
        long thread = physical.getId();
        return () -> {
            try (Connection c = ConnectionImpl.getInstance(server); Statement st = c.createStatement()) {
                st.execute("KILL QUERY " + thread);
            }
        };
    }

    // ------------------------------------------------------------------ error packets as sent

    /** Records an error packet read beside Connector/J ({@link PacketRelay}) as {@link ServerErrors} records one. */
    static void recordErrorPacket(byte[] packet, int length, boolean afterEnd) {
        ErrorPacketReader.recordError(packet, length, afterEnd);
    }

    /**
     * Sees every packet a physical connection reads, below Connector/J's own readers (it stays the
     * base when Connector/J decorates its reader again), and records each error packet in
     * {@link ServerErrors}: code, SQLSTATE and message bytes as the server sent them. An error
     * packet is the one that starts with 0xFF (no row, column definition, OK or EOF does); the
     * continuation of a packet longer than 16 MB is not looked at.
     */
    private static final class ErrorPacketReader implements MessageReader<NativePacketHeader, NativePacketPayload> {
        private static final int MAX_PACKET = 0xFFFFFF;
        private static final int HEADER = 0xFF;
        private static final int END = 0xFE;
        private static final int LOCAL_INFILE = 0xFB;
        private static final int MORE_RESULTS = 0x0008;
        private final MessageReader<NativePacketHeader, NativePacketPayload> reader;
        private final NativeProtocol protocol;
        /**
         * The next packet heads a result: a command was sent, or a result ended announcing more (rows'
         * end, or an OK that heads a result or answers a file), or it answers a LOCAL INFILE file.
         */
        private boolean resultHeaderNext;
        /** The last packet read was cut at 16 MB: the next one continues it. */
        private boolean continues;
        /** The last message was probed: the next read returns it again. */
        private boolean probed;
        /** Column definitions are being read: a 0xFE packet ends them, not rows. */
        private boolean definitions;
        /** The last packet ended a result's rows (or was an update count after them) and announced more results. */
        private boolean endWithMore;

        /** Column definitions end with an EOF packet (the session did not deprecate it). */
        private final boolean definitionsEnd;

        private ErrorPacketReader(MessageReader<NativePacketHeader, NativePacketPayload> reader, NativeProtocol protocol,
                                  boolean definitionsEnd) {
            this.reader = reader;
            this.protocol = protocol;
            this.definitionsEnd = definitionsEnd;
        }

        /** Puts a reader under Connector/J's decorators of {@code protocol}, once. */
        static void install(NativeProtocol protocol) {
            MessageReader<NativePacketHeader, NativePacketPayload> base = protocol.getPacketReader().undecorateAll();
            if (!(base instanceof ErrorPacketReader)) {
                protocol.applyPacketDecorators(protocol.getPacketSender().undecorateAll(),
                        new ErrorPacketReader(base, protocol, !protocol.getServerSession().isEOFDeprecated()));
            }
        }

        @Override
        public NativePacketHeader readHeader() throws IOException {
            return reader.readHeader();
        }

        @Override
        public NativePacketHeader probeHeader() throws IOException {
            return reader.probeHeader();
        }

        @Override
        public NativePacketPayload readMessage(Optional<NativePacketPayload> reuse, NativePacketHeader header)
                throws IOException {
            NativePacketPayload message = reader.readMessage(reuse, header);
            if (probed) {
                probed = false; // seen when it was probed
            } else {
                seen(message, header);
            }
            return message;
        }

        @Override
        public NativePacketPayload probeMessage(Optional<NativePacketPayload> reuse, NativePacketHeader header)
                throws IOException {
            NativePacketPayload message = reader.probeMessage(reuse, header);
            seen(message, header);
            probed = true;
            return message;
        }

        private void seen(NativePacketPayload message, NativePacketHeader header) {
            boolean first = !continues;
            continues = header.getMessageSize() == MAX_PACKET;
            byte[] b = message.getByteBuffer();
            int length = message.getPayloadLength();
            boolean resultHeader = resultHeaderNext && first;
            resultHeaderNext = false;
            if (!first || length == 0) {
                return;
            }
            int kind = b[0] & 0xFF;
            boolean end = false;
            if (kind == LOCAL_INFILE && resultHeader) {
                if (protocol.getLocalInfileInputStream() instanceof RequestedFiles files) {
                    files.requested(new String(b, 1, length - 1, StandardCharsets.UTF_8)); // the connection is utf8mb4
                }
                endWithMore = false;
                resultHeaderNext = true; // the file's answer: an OK (maybe announcing more) or an error
                return;
            } else if (kind == HEADER && length >= 3) {
                recordError(b, length, endWithMore);
            } else if (kind == END && length < MAX_PACKET) {
                end = !definitions && (status(b, length) & MORE_RESULTS) != 0; // after definitions: their EOF
                definitions = false;
            } else if (kind == 0 && endWithMore && length >= 7) {
                end = (status(b, length) & MORE_RESULTS) != 0; // an update count between results (OK)
            } else if (definitionsEnd && length > 4 && b[0] == 3 && b[1] == 'd' && b[2] == 'e' && b[3] == 'f') {
                definitions = true; // a column definition (a row whose first value is "def" is taken for one)
            }
            endWithMore = end;
            resultHeaderNext = end || kind == 0 && resultHeader && length >= 7 && (status(b, length) & MORE_RESULTS) != 0;
        }

        /** @return the status flags of an EOF packet, or of an OK packet with the 0xFE header */
        private static int status(byte[] b, int length) {
            int at = 1;
            if (length >= 7) { // OK: affected rows and insert id (length-encoded) first
                for (int i = 0; i < 2 && at < length; i++) {
                    at += LengthEncoded.size(b[at]);
                }
            } else {
                at = 3; // EOF: warnings first
            }
            return at + 1 < length ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : 0;
        }

        /** Error packet: 0xFF, code (2 bytes), then '#' and the SQLSTATE (5 bytes), then the message. */
        static void recordError(byte[] b, int length, boolean afterEnd) {
            int code = (b[1] & 0xFF) | (b[2] & 0xFF) << 8;
            boolean hasState = length >= 9 && b[3] == '#';
            String state = hasState ? new String(b, 4, 5, StandardCharsets.US_ASCII) : "HY000";
            ServerErrors.record(code, state, Arrays.copyOfRange(b, hasState ? 9 : 3, length), afterEnd);
        }

        @Override
        public byte getMessageSequence() {
            return reader.getMessageSequence();
        }

        @Override
        public void resetMessageSequence() {
            reader.resetMessageSequence(); // a command is sent: its replies start
            definitions = false;
            endWithMore = false;
            resultHeaderNext = true;
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public void stopAfterNextMessage() {
            reader.stopAfterNextMessage();
        }
    }

    // ------------------------------------------------------------------ character sets

    /** @return how many collation ids there are (ids run from 1 to this, exclusive) */
    public static int collationIds() {
        return CharsetMapping.MAP_SIZE;
    }

    /** @return MySQL's name of a collation's character set, or null for an id MySQL does not have */
    public static String charsetOfCollation(int collationId) {
        return CharsetMapping.getStaticMysqlCharsetNameForCollationIndex(collationId);
    }

    /** @return the Java encoding of a collation's character set, or null */
    public static String javaEncodingOfCollation(int collationId) {
        return CharsetMapping.getStaticJavaEncodingForCollationIndex(collationId);
    }

    /**
     * @return a collation id of the character set MySQL names {@code mysqlName} (lower case; utf8mb3,
     * not utf8), or 0 when MySQL has no such character set
     */
    public static int collationOfCharset(String mysqlName) {
        for (int id = 1; id < collationIds(); id++) {
            if (mysqlName.equals(charsetOfCollation(id))) {
                return id;
            }
        }
        return 0;
    }

    /**
     * Makes Connector/J send text on {@code c} in the Java encoding of the MySQL character set
     * {@code mysqlName} ({@code utf8} and quotes accepted), which the server's character_set_client
     * now is: statements, and the SQL of statements prepared from now on. A character set without a
     * Java encoding leaves it as it was.
     */
    static void sendTextIn(Connection c, String mysqlName) throws SQLException {
        String name = mysqlName.replace("'", "").replace("\"", "").replace("`", "").trim().toLowerCase(Locale.ROOT);
        int collation = collationOfCharset(name.equals("utf8") ? "utf8mb3" : name);
        String java = collation == 0 ? null : javaEncodingOfCollation(collation);
        if (java != null && Charset.isSupported(java)) {
            c.unwrap(JdbcConnection.class).getPropertySet().getStringProperty(PropertyKey.characterEncoding).setValue(java);
        }
    }

    /** @return {@code sql} in the encoding Connector/J sends text in on the connection of {@code st} */
    public static byte[] encode(Statement st, String sql) throws SQLException {
        String java = st.getConnection().unwrap(JdbcConnection.class).getPropertySet()
                .getStringProperty(PropertyKey.characterEncoding).getValue();
        return sql.getBytes(java == null ? StandardCharsets.UTF_8 : Charset.forName(java));
    }

    // ------------------------------------------------------------------ column definitions

    /**
     * @return the column definitions of a result as a server sent them; for rows the driver made
     * itself (plain java.sql metadata of BIGINT and VARCHAR columns), those a server gives such
     * columns: BIGINT binary, VARCHAR utf8mb4
     */
    public static Column[] columns(ResultSetMetaData md) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            Field[] fields = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields();
            Column[] columns = new Column[fields.length];
            for (int i = 0; i < fields.length; i++) {
                columns[i] = column(fields[i]);
            }
            return columns;
        }
        Column[] columns = new Column[md.getColumnCount()];
        for (int c = 1; c <= columns.length; c++) {
            String label = md.getColumnLabel(c);
            columns[c - 1] = md.getColumnType(c) == Types.BIGINT
                    ? new Column("", "", "", label, label, BINARY_COLLATION, md.getPrecision(c),
                            MysqlType.FIELD_TYPE_LONGLONG, BINARY_FLAG, 0)
                    : new Column("", "", "", label, label, UTF8MB4_GENERAL_CI, md.getPrecision(c) * 4L,
                            MysqlType.FIELD_TYPE_VAR_STRING, 0, 0);
        }
        return columns;
    }

    private static Column column(Field f) {
        return new Column(text(f.getDatabaseName()), text(f.getTableName()), text(f.getOriginalTableName()),
                text(f.getColumnLabel()), text(f.getOriginalName()), f.getCollationIndex(),
                Math.min(wireLength(f), 0xFFFFFFFFL), f.getMysqlTypeId(), wireFlags(f), wireDecimals(f));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /**
     * @return the length the server sent, where Connector/J kept another number: an integer's
     * precision (the server sends the type's display width), a DECIMAL's precision (the server adds
     * a sign unless unsigned and a point when it has decimals)
     */
    static long wireLength(Field f) {
        boolean unsigned = (f.getFlags() & UNSIGNED_FLAG) != 0;
        switch (f.getMysqlTypeId()) {
            case MysqlType.FIELD_TYPE_TINY:
                // TINYINT(1) is the one integer whose width Connector/J reads (as a boolean or bit)
                return f.getMysqlType() == MysqlType.BOOLEAN || f.getMysqlType() == MysqlType.BIT ? 1 : unsigned ? 3 : 4;
            case MysqlType.FIELD_TYPE_SHORT:
                return unsigned ? 5 : 6;
            case MysqlType.FIELD_TYPE_INT24:
                return unsigned ? 8 : 9;
            case MysqlType.FIELD_TYPE_LONG:
                return unsigned ? 10 : 11;
            case MysqlType.FIELD_TYPE_LONGLONG:
                return 20;
            case MysqlType.FIELD_TYPE_DECIMAL:
            case MysqlType.FIELD_TYPE_NEWDECIMAL:
                return f.getLength() + (f.getDecimals() > 0 ? 1 : 0) + (unsigned ? 0 : 1);
            default:
                return f.getLength();
        }
    }

    /** @return the decimals the server sent: 31 (not fixed) for FLOAT and DOUBLE, which Connector/J reads as 0 */
    static int wireDecimals(Field f) {
        int type = f.getMysqlTypeId();
        return (type == MysqlType.FIELD_TYPE_FLOAT || type == MysqlType.FIELD_TYPE_DOUBLE) && f.getDecimals() == 0
                ? NOT_FIXED_DECIMALS : f.getDecimals();
    }

    /**
     * @return the flags the server sent: Connector/J adds BLOB to binary strings and BIT columns
     * (and BINARY to BIT), which servers never set on those types
     */
    static int wireFlags(Field f) {
        int type = f.getMysqlTypeId();
        if (type == MysqlType.FIELD_TYPE_BIT) {
            return f.getFlags() & ~(BLOB_FLAG | BINARY_FLAG);
        }
        if (type == MysqlType.FIELD_TYPE_VAR_STRING || type == MysqlType.FIELD_TYPE_STRING
                || type == MysqlType.FIELD_TYPE_VARCHAR) {
            return f.getFlags() & ~BLOB_FLAG;
        }
        return f.getFlags();
    }
}
