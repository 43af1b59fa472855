package io.obproxy.frontend;

import io.obproxy.metrics.FrontendMetrics;
import io.obproxy.session.DirectChannelBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * MySQL packet framing on a client's streams: 3-byte little-endian length, 1-byte sequence id,
 * payload. A payload of 0xFFFFFF bytes or more travels in 0xFFFFFF-byte chunks, with an empty
 * packet after an exact multiple. Reads are bounded by the packet limit (larger ones are a
 * {@link PacketTooLargeException}, refused on their header); writes are buffered until {@link #flush}.
 *
 * <p>Memory follows what arrived, not what a header announced: a payload's buffer starts at most
 * {@link #FIRST_READ} bytes long and doubles as its bytes come in, so a client announcing 16 MB
 * and sending ten bytes holds 16 KB.
 *
 * <p>The sequence id restarts at 0 with each command the client sends; replies continue it.
 */
final class PacketIO {
    static final int MAX_CHUNK = 0xFFFFFF;
    private static final int INITIAL_BUFFER = 1024;
    private static final int MAX_BUFFER = 16 * 1024;
    /** The most a payload's buffer holds before its bytes arrived; it doubles as they do. */
    static final int FIRST_READ = 16 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** What {@link #streamsSettled} reads ahead at most: a typical command whole, little per idle client. */
    private static final int READ_BUFFER = 512;

    private InputStream in;
    private OutputStream out;
    private int maxPacket;
    private Runnable packetStarted = () -> { };
    private final byte[] header = new byte[4];
    /**
     * Replies wait here until {@link #flush} (no lock, unlike a BufferedOutputStream: one thread
     * writes). Small while replies are (an idle client costs little), grown for larger ones.
     */
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int buffered;
    private int sequence;
    /**
     * Bytes read ahead of what a read asked for, once {@link #streamsSettled} was called; null before.
     * Kept here rather than in a BufferedInputStream, which takes a lock on every read.
     */
    private byte[] readAhead;
    private int readAt;
    private int readEnd;
    /**
     * The channel below the client's socket streams, which fills {@link #readAhead} and takes replies
     * that fit through a direct buffer of this client's once {@link #streamsSettled} chose it; null
     * before, without a channel, and after TLS replaced the streams.
     */
    private SocketChannel channel;
    private DirectChannelBuffer direct;
    /** Whether {@link #use} replaced the streams this was made with (TLS started). */
    private boolean streamsReplaced;
    /** Counts the bytes of every stream used, or null. */
    private FrontendMetrics bytes;

    /** Thrown for a packet over the maximum size; the connection must be closed after the error reply. */
    static final class PacketTooLargeException extends IOException {
        PacketTooLargeException(long length, int max) {
            super("packet length: " + length + " (expected: <= " + max + ")");
        }
    }

    /** @param maxPacket the largest payload {@link #read} accepts, until {@link #limit} changes it */
    PacketIO(InputStream in, OutputStream out, int maxPacket) {
        this.maxPacket = maxPacket;
        wrap(in, out);
    }

    /** Sets the largest payload {@link #read} accepts from now on (a client that logged in may send more). */
    void limit(int maxPacket) {
        this.maxPacket = maxPacket;
    }

    /** Runs {@code listener} when the first byte of a packet arrived (the rest must follow in time). */
    void onPacketStart(Runnable listener) {
        this.packetStarted = listener;
    }

    /**
     * The streams no longer change (the login is over, TLS started if it did): reads go through a
     * small buffer from now on, so that a command's header and payload come in one system call. Not
     * before: bytes read ahead of a switch to TLS would be lost to it.
     *
     * @param channel the channel below the streams this was made with, or null: while they are still
     *                the ones used (no TLS) and the channel blocks, the buffer is filled from the
     *                channel, and replies that fit go to it, through a direct buffer
     *                ({@link DirectChannelBuffer}), not through the streams
     */
    void streamsSettled(SocketChannel channel) {
        if (readAhead == null) { // once: a new buffer would lose what the old one read ahead
            readAhead = new byte[READ_BUFFER];
            if (channel != null && !streamsReplaced && channel.isBlocking()) {
                this.channel = channel;
                this.direct = new DirectChannelBuffer(READ_BUFFER);
            }
        }
    }

    /** Counts the bytes read and written from now on, on these streams and any used later (TLS); once. */
    void countBytes(FrontendMetrics metrics) {
        this.bytes = metrics;
        wrap(in, out);
    }

    /** Switches to other streams (after TLS starts), keeping the sequence. */
    void use(InputStream in, OutputStream out) {
        streamsReplaced = true;
        wrap(in, out);
    }

    private void wrap(InputStream in, OutputStream out) {
        this.in = bytes == null ? in : CountingStreams.in(in, bytes);
        this.out = bytes == null ? out : CountingStreams.out(out, bytes);
    }

    /** @return the next payload, whole; the sequence continues from its last chunk */
    byte[] read() throws IOException {
        byte[] payload = EMPTY;
        int size = 0;
        int length;
        boolean first = true;
        do {
            readHeader(first);
            first = false;
            length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            sequence = (header[3] & 0xFF) + 1;
            long total = (long) size + length;
            if (total > maxPacket) {
                throw new PacketTooLargeException(total, maxPacket);
            }
            payload = append(payload, size, length);
            size += length;
        } while (length == MAX_CHUNK);
        return size == payload.length ? payload : Arrays.copyOf(payload, size);
    }

    /** Reads a 4-byte header; the first one of a packet tells {@link #onPacketStart} when its first byte came. */
    private void readHeader(boolean packetStart) throws IOException {
        int done = 0;
        while (done < 4) {
            int r = readSome(header, done, 4 - done);
            if (r < 0) {
                throw new EOFException("client closed the connection");
            }
            if (done == 0 && packetStart) {
                packetStarted.run();
            }
            done += r;
        }
    }

    /**
     * @return {@code buffer} (or a larger copy) with {@code length} more bytes read after its first
     * {@code size}; grown only as bytes arrive
     */
    private byte[] append(byte[] buffer, int size, int length) throws IOException {
        int end = size + length;
        int at = size;
        byte[] b = buffer;
        while (at < end) {
            if (at == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(end, Math.max(FIRST_READ, 2L * b.length)));
            }
            int r = readSome(b, at, Math.min(b.length, end) - at);
            if (r < 0) {
                throw new EOFException("client closed the connection inside a packet");
            }
            at += r;
        }
        return b;
    }

    /**
     * @return up to {@code len} bytes (at least one, or -1 at the end of the stream): from what was
     * read ahead, else from one read of the stream, through the read-ahead buffer when less than it
     * was asked for
     */
    private int readSome(byte[] b, int off, int len) throws IOException {
        if (readAt == readEnd) {
            if (readAhead == null || len >= readAhead.length) {
                return in.read(b, off, len);
            }
            int r = channel == null ? in.read(readAhead, 0, readAhead.length) : readChannel();
            if (r <= 0) {
                return r;
            }
            readAt = 0;
            readEnd = r;
        }
        int n = Math.min(len, readEnd - readAt);
        System.arraycopy(readAhead, readAt, b, off, n);
        readAt += n;
        return n;
    }

    /** Fills the read-ahead buffer from the channel, counting the bytes as the stream would. */
    private int readChannel() throws IOException {
        int r = direct.read(channel, readAhead, 0, readAhead.length);
        if (r > 0 && bytes != null) {
            bytes.received(r);
        }
        return r;
    }

    /** Starts a new exchange: the client's next command has sequence 0, the reply continues from 1. */
    void resetSequence() {
        sequence = 0;
    }

    /** Writes one payload (split in chunks when it must be), not flushed. */
    void write(byte[] payload, int length) throws IOException {
        int offset = 0;
        while (true) {
            int chunk = Math.min(MAX_CHUNK, length - offset);
            ensureRoom(4);
            buffer[buffered++] = (byte) chunk;
            buffer[buffered++] = (byte) (chunk >>> 8);
            buffer[buffered++] = (byte) (chunk >>> 16);
            buffer[buffered++] = (byte) sequence++;
            put(payload, offset, chunk);
            offset += chunk;
            if (chunk < MAX_CHUNK) {
                return;
            }
        }
    }

    void write(PayloadWriter payload) throws IOException {
        write(payload.array(), payload.length());
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void put(byte[] b, int off, int n) throws IOException {
        ensureRoom(n);
        if (n > buffer.length) {
            out.write(b, off, n); // a large value goes as it is
            return;
        }
        System.arraycopy(b, off, buffer, buffered, n);
        buffered += n;
    }

    /** Grows the buffer (up to its maximum) or drains it, so that {@code n} bytes fit if they can. */
    private void ensureRoom(int n) throws IOException {
        if (buffered + n <= buffer.length) {
            return;
        }
        if (buffer.length < MAX_BUFFER) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_BUFFER, Math.max(buffer.length * 2, buffered + n)));
            if (buffered + n <= buffer.length) {
                return;
            }
        }
        drain();
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            if (channel != null && buffered <= direct.capacity()) {
                direct.write(channel, EMPTY, 0, buffer, 0, buffered);
                if (bytes != null) {
                    bytes.sent(buffered);
                }
            } else {
                out.write(buffer, 0, buffered);
            }
            buffered = 0;
        }
    }
}
