package io.obproxy.frontend;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * MySQL packet framing on a client's streams: 3-byte little-endian length, 1-byte sequence id,
 * payload. A payload of 0xFFFFFF bytes or more travels in 0xFFFFFF-byte chunks, with an empty
 * packet after an exact multiple. Reads are bounded by the maximum packet size (larger ones are a
 * {@link PacketTooLargeException}); writes are buffered until {@link #flush}.
 *
 * <p>The sequence id restarts at 0 with each command the client sends; replies continue it.
 */
final class PacketIO {
    static final int MAX_CHUNK = 0xFFFFFF;
    private static final int INITIAL_BUFFER = 1024;
    private static final int MAX_BUFFER = 16 * 1024;

    private InputStream in;
    private OutputStream out;
    private final int maxPacket;
    private final byte[] header = new byte[4];
    /**
     * Replies wait here until {@link #flush} (no lock, unlike a BufferedOutputStream: one thread
     * writes). Small while replies are (an idle client costs little), grown for larger ones.
     */
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int buffered;
    private int sequence;

    /** Thrown for a packet over the maximum size; the connection must be closed after the error reply. */
    static final class PacketTooLargeException extends IOException {
        PacketTooLargeException(long length, int max) {
            super("packet length: " + length + " (expected: <= " + max + ")");
        }
    }

    PacketIO(InputStream in, OutputStream out, int maxPacket) {
        this.maxPacket = maxPacket;
        use(in, out);
    }

    /** Switches to other streams (after TLS starts), keeping the sequence. */
    void use(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** @return the next payload, whole; the sequence continues from its last chunk */
    byte[] read() throws IOException {
        byte[] payload = new byte[0];
        int length;
        do {
            readFully(header, 4);
            length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            sequence = (header[3] & 0xFF) + 1;
            long total = (long) payload.length + length;
            if (total > maxPacket) {
                throw new PacketTooLargeException(total, maxPacket);
            }
            byte[] grown = Arrays.copyOf(payload, (int) total);
            readFully(grown, payload.length, length);
            payload = grown;
        } while (length == MAX_CHUNK);
        return payload;
    }

    /** @return the next {@code n} raw bytes without framing (the 32-byte SSL request is read as a packet) */
    private void readFully(byte[] b, int n) throws IOException {
        readFully(b, 0, n);
    }

    private void readFully(byte[] b, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(b, off + done, n - done);
            if (r < 0) {
                throw new EOFException("client closed the connection");
            }
            done += r;
        }
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
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
