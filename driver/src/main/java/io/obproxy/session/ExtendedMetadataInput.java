package io.obproxy.session;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The server's side of a physical connection that negotiated MariaDB's extended type information,
 * as Connector/J reads it: every column definition with that field removed ({@link ExtendedTypeInfo}),
 * since Connector/J reads definitions by position; all other bytes as they came. While
 * {@link #keepTypeInfo} is on (the front end's relay reads a reply to copy it), definitions pass
 * whole too.
 *
 * <p>Design notes.
 * <ul>
 *   <li>An explicit state machine over the reply to the last command the connection sent
 *   ({@link #commandSent}, told by {@link ExtendedMetadataOutput}): COM_QUERY and COM_STMT_EXECUTE
 *   replies are results (an OK, an error, a LOCAL INFILE request, or a result set: column count,
 *   definitions, an EOF unless deprecated, rows, an end that may announce more results);
 *   COM_STMT_PREPARE's is an OK with parameter and column definitions. Nothing else carries
 *   definitions, so other replies are not looked at.</li>
 *   <li>Only definitions are read whole (they are short). Of any other packet the header and its
 *   first {@value #PEEK} bytes are read (enough for a result's end, its status flags saying whether
 *   more results follow, and a column count), then the rest goes straight from the socket to the
 *   reader, as does every packet of a reply not looked at and a 16 MB packet's continuation.</li>
 *   <li>Until the connection's handshake decided, the first packet (the greeting) is read whole for
 *   the server's capabilities; a connection that did not negotiate the capability
 *   ({@link #stopWatching}) passes everything from then on.</li>
 *   <li>The socket is read {@value #READ_AHEAD} bytes at a time, as Connector/J reads it, and what
 *   is buffered whole and needs no change goes to the reader in one read ({@link #takeBuffered}), so
 *   a reply of many short rows costs as many system calls and reads as without this stream.</li>
 *   <li>A read interrupted by a timeout keeps what it buffered and resumes where it stopped.</li>
 * </ul>
 */
final class ExtendedMetadataInput extends InputStream {
    static final int MAX_CHUNK = 0xFFFFFF;
    private static final int PEEK = 32;
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int OK = 0x00;
    private static final int LOCAL_INFILE = 0xFB;
    private static final int END = 0xFE;
    private static final int ERROR = 0xFF;
    private static final int MORE_RESULTS = 0x0008;
    /** In the server's capabilities: a MySQL server (set) or a MariaDB one that has extended capabilities (clear). */
    private static final int CLIENT_MYSQL = 1;
    /** MARIADB_CLIENT_EXTENDED_METADATA in the extended capabilities (bit 35 of all). */
    static final int EXTENDED_METADATA = 1 << 3;

    /** Where the reply to the last command is. */
    enum State {
        /** The server's greeting is next. */
        GREETING,
        /** Nothing of this reply is looked at. */
        IDLE,
        /** A result's first packet is next. */
        RESULT_HEAD,
        /** A COM_STMT_PREPARE's OK is next. */
        PREPARED,
        /** {@link #definitionsLeft} definitions are next. */
        DEFINITIONS,
        /** The EOF packet after definitions is next. */
        DEFINITIONS_EOF,
        /** Rows or their end are next. */
        ROWS,
        /** A prepared statement's column definitions are next (after its parameters'). */
        PREPARED_COLUMNS
    }

    /** Bytes read from the socket at once, as many as Connector/J's own buffer takes (16 KB). */
    private static final int READ_AHEAD = 16 * 1024;

    /** Enough for a greeting, the one packet read before the handshake decides. */
    private static final int GREETING_BUFFER = 256;

    private final InputStream in;
    private byte[] buf = new byte[GREETING_BUFFER];
    /** Unread bytes are buf[start, end). */
    private int start;
    private int end;
    /** Bytes at buf[start] that may be handed out as they are. */
    private int ready;
    /** Bytes of the current packet after those buffered, to be handed out as they come. */
    private int passing;
    private boolean watching = true;
    private boolean keepTypeInfo;
    private boolean deprecateEof;
    private boolean serverOffers;
    /** The last packet was 16 MB long: the next one continues it. */
    private boolean continues;
    private State state = State.GREETING;
    private long definitionsLeft;
    private State afterDefinitions;
    /** A prepared statement's column definitions, which follow its parameters'. */
    private int preparedColumns;

    ExtendedMetadataInput(InputStream in) {
        this.in = in;
    }

    /** @return whether the server's greeting offered extended type information (false until it was read) */
    boolean serverOffers() {
        return serverOffers;
    }

    /** The handshake negotiated the capability; column definitions end with EOF unless {@code deprecateEof}. */
    void negotiated(boolean deprecateEof) {
        this.deprecateEof = deprecateEof;
        buf = Arrays.copyOf(buf, Math.max(buf.length, READ_AHEAD));
    }

    /**
     * The handshake did not negotiate the capability: every byte passes from now on, and the buffer
     * goes once it is empty (a connection to OceanBase or MySQL keeps none).
     */
    void stopWatching() {
        watching = false;
        state = State.IDLE;
        if (start == end) {
            buf = new byte[0];
            start = 0;
            end = 0;
        }
    }

    /** While on, column definitions pass whole, with their type information. */
    void keepTypeInfo(boolean keep) {
        keepTypeInfo = keep;
    }

    /** The connection sent {@code command} (a packet's first byte, sequence id 0): its reply is next. */
    void commandSent(int command) {
        continues = false;
        state = switch (command) {
            case COM_QUERY, COM_STMT_EXECUTE -> State.RESULT_HEAD;
            case COM_STMT_PREPARE -> State.PREPARED;
            default -> State.IDLE;
        };
    }

    State state() {
        return state;
    }

    /**
     * Hands the rest of the reply to the command just sent to a reader that takes it whole, packet
     * by packet, straight from the socket (the front end's relay, {@link ReplyInput}): nothing of it
     * is looked at here, definitions keep their type information, and the next command starts afresh.
     *
     * @return the socket's own stream, or null when bytes are buffered here (they go first, read
     * through this stream)
     */
    InputStream takeReply() {
        if (start != end || ready > 0 || passing > 0) {
            return null;
        }
        state = State.IDLE;
        continues = false;
        return in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (ready == 0 && passing == 0) {
            if (!watching && start == end) {
                return in.read(b, off, len);
            }
            if (!nextPacket()) {
                return -1;
            }
        }
        if (ready > 0) {
            int n = Math.min(len, ready);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            ready -= n;
            return n;
        }
        if (end > start) {
            int n = Math.min(len, Math.min(passing, end - start));
            System.arraycopy(buf, start, b, off, n);
            start += n;
            passing -= n;
            return n;
        }
        int n = in.read(b, off, Math.min(len, passing));
        if (n > 0) {
            passing -= n;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        if (ready > 0) {
            return ready;
        }
        if (passing > 0) {
            return end > start ? Math.min(passing, end - start) : Math.min(passing, in.available());
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Reads the next packet's header, and as much of it as must be looked at, and moves the state on.
     *
     * @return false at the end of the stream with nothing buffered
     */
    private boolean nextPacket() throws IOException {
        if (!watching) {
            ready = end - start; // what was buffered before watching stopped
            return true;
        }
        if (!fill(4)) {
            return tail();
        }
        int length = lengthAt(start);
        boolean continuation = continues;
        if (continuation || state == State.IDLE) {
            continues = length == MAX_CHUNK;
            ready = 4;
            passing = length;
        } else {
            boolean whole = changes();
            int look = whole ? length : Math.min(length, PEEK);
            if (!fill(4 + look)) {
                return tail();
            }
            continues = length == MAX_CHUNK;
            if (state == State.GREETING) {
                greeting(start + 4, length);
                state = State.IDLE;
                ready = 4 + length;
            } else if (whole) {
                ready = 4 + removeTypeInfo(length);
                definitionSeen();
            } else {
                seen(start + 4, look, length);
                ready = 4 + look;
                passing = length - look;
            }
        }
        takeBuffered();
        return true;
    }

    /** @return whether the next packet (not a continuation) is read whole: the greeting, or a definition to change */
    private boolean changes() {
        return state == State.GREETING || state == State.DEFINITIONS && !keepTypeInfo;
    }

    /**
     * Hands out at once, with what is ready, the rest of the current packet and the packets after it,
     * as far as they are buffered whole and none must change: a reply of many rows goes to the reader
     * in one read, as it would without this stream.
     */
    private void takeBuffered() {
        if (passing > 0 && end - start - ready >= passing) {
            ready += passing;
            passing = 0;
        }
        while (passing == 0) {
            int at = start + ready;
            if (end - at < 4) {
                return;
            }
            int length = lengthAt(at);
            boolean continuation = continues;
            if (end - at - 4 < length || !continuation && changes()) {
                return;
            }
            continues = length == MAX_CHUNK;
            if (!continuation && state != State.IDLE) {
                seen(at + 4, Math.min(length, PEEK), length);
            }
            ready += 4 + length;
        }
    }

    private int lengthAt(int at) {
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8 | (buf[at + 2] & 0xFF) << 16;
    }

    /** The stream ended inside a packet: what was buffered goes out, then the end. */
    private boolean tail() {
        ready = end - start;
        state = State.IDLE;
        return ready > 0;
    }

    /** Removes the type information of the definition buffered at buf[start]. @return its new length */
    private int removeTypeInfo(int length) throws IOException {
        int payload = start + 4;
        int at = ExtendedTypeInfo.offset(buf, payload, length);
        int field = ExtendedTypeInfo.size(buf, payload + at, length - at);
        System.arraycopy(buf, start, buf, start + field, 4 + at); // header and the six strings move up over it
        start += field;
        int shorter = length - field;
        buf[start] = (byte) shorter;
        buf[start + 1] = (byte) (shorter >>> 8);
        buf[start + 2] = (byte) (shorter >>> 16);
        return shorter;
    }

    /** The greeting: extended capabilities sit in its last 4 reserved bytes when CLIENT_MYSQL is clear. */
    private void greeting(int at, int length) {
        int limit = at + length;
        if (length < 1 || buf[at] == (byte) ERROR) {
            return;
        }
        int p = at + 1;
        while (p < limit && buf[p] != 0) {
            p++; // the server's version
        }
        p++;
        int capabilitiesLow = p + 13;
        int extended = p + 27;
        if (extended + 4 > limit) {
            return;
        }
        int low = (buf[capabilitiesLow] & 0xFF) | (buf[capabilitiesLow + 1] & 0xFF) << 8;
        serverOffers = (low & CLIENT_MYSQL) == 0 && (buf[extended] & EXTENDED_METADATA) != 0;
    }

    /** A packet looked at by its first {@code look} bytes at buf[at], of {@code length}. */
    private void seen(int at, int look, int length) {
        int first = look == 0 ? -1 : buf[at] & 0xFF;
        switch (state) {
            case RESULT_HEAD -> {
                if (first == OK) {
                    state = (okStatus(at, look) & MORE_RESULTS) != 0 ? State.RESULT_HEAD : State.IDLE;
                } else if (first == ERROR || first < 0) {
                    state = State.IDLE;
                } else if (first != LOCAL_INFILE) { // after the file the server answers with a result's head
                    definitions(LengthEncoded.value(buf, at), State.ROWS);
                }
            }
            case PREPARED -> {
                if (first == OK && look >= 9) {
                    preparedColumns = (buf[at + 5] & 0xFF) | (buf[at + 6] & 0xFF) << 8;
                    definitions((buf[at + 7] & 0xFF) | (buf[at + 8] & 0xFF) << 8, State.PREPARED_COLUMNS);
                } else {
                    state = State.IDLE;
                }
            }
            case DEFINITIONS -> definitionSeen();
            case DEFINITIONS_EOF -> enter(afterDefinitions);
            case ROWS -> {
                if (first == END && length < MAX_CHUNK) {
                    int status = deprecateEof ? okStatus(at, look) : eofStatus(at, look);
                    state = (status & MORE_RESULTS) != 0 ? State.RESULT_HEAD : State.IDLE;
                } else if (first == ERROR) {
                    state = State.IDLE;
                }
            }
            default -> state = State.IDLE;
        }
    }

    private void definitions(long count, State after) {
        if (count == 0) {
            enter(after);
            return;
        }
        definitionsLeft = count;
        afterDefinitions = after;
        state = State.DEFINITIONS;
    }

    private void definitionSeen() {
        if (--definitionsLeft > 0) {
            return;
        }
        if (deprecateEof) {
            enter(afterDefinitions);
        } else {
            state = State.DEFINITIONS_EOF;
        }
    }

    private void enter(State next) {
        if (next == State.PREPARED_COLUMNS) {
            int columns = preparedColumns;
            preparedColumns = 0;
            definitions(columns, State.IDLE);
        } else {
            state = next;
        }
    }

    /** @return the status flags of an OK packet at buf[at] (a header byte, two length-encoded integers, the flags) */
    private int okStatus(int at, int look) {
        int p = at + 1;
        for (int i = 0; i < 2 && p < at + look; i++) {
            p += LengthEncoded.size(buf[p]);
        }
        return int2(p, at + look);
    }

    /** @return the status flags of an EOF packet at buf[at] (0xFE, the warning count, the flags) */
    private int eofStatus(int at, int look) {
        return int2(at + 3, at + look);
    }

    private int int2(int p, int limit) {
        return p + 2 <= limit ? (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 : 0;
    }

    /** Buffers at least {@code n} bytes from buf[start]. @return false when the stream ended first */
    private boolean fill(int n) throws IOException {
        while (end - start < n) {
            if (start + n > buf.length) {
                byte[] into = n > buf.length ? new byte[Math.max(n, 2 * buf.length)] : buf;
                System.arraycopy(buf, start, into, 0, end - start);
                buf = into;
                end -= start;
                start = 0;
            }
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                return false;
            }
            end += r;
        }
        return true;
    }
}
