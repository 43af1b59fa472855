package io.obproxy.session;

import com.mysql.cj.protocol.SocketConnection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The server's reply to the command {@link PacketRelay} just sent, read packet by packet: in reads as
 * large as the buffer it is given, straight from the socket's own stream when nothing of
 * the reply is buffered above it, so that a reply of many packets costs one read per buffer and a
 * copy per packet, not Connector/J's stream and the extended-type-information stream per packet.
 *
 * <p>Design notes.
 * <ul>
 *   <li>A server sends nothing after a reply's last packet until the next command, so reading ahead
 *   here never takes a byte that is not this reply's: Connector/J's streams are as empty after the
 *   relay as before it.</li>
 *   <li>The socket's own stream is used only when the connection's socket is an
 *   {@link ExtendedMetadataSocket} (the front end's connections; not TLS, whose bytes are
 *   encrypted below Connector/J) and neither Connector/J's buffer nor that socket's holds a byte of
 *   the reply; else the reply comes through Connector/J's stream, the same way.</li>
 *   <li>The buffer is a front-end thread's, kept between replies, or a small one for a reply of
 *   the driver's own ({@link RelayScratch}). A packet longer than what is buffered is read on into
 *   the packet's array.</li>
 *   <li>A front-end thread reads the socket's own stream through the channel below it and a direct
 *   buffer of the thread's ({@link DirectChannelBuffer}), unless the socket has a read timeout, which only
 *   its stream keeps.</li>
 * </ul>
 */
final class ReplyInput {
    private static final int MAX_CHUNK = 0xFFFFFF;

    private final InputStream source;
    /** The channel below {@link #source}, read through {@link #direct} (for reads it can hold); or null. */
    private final SocketChannel channel;
    private final DirectChannelBuffer direct;
    private final byte[] buf;
    /** Read and not yet taken: buf[pos, end). */
    private int pos;
    private int end;
    private int length;
    private int sequence;

    /** @param buffer where reads go; what it held before is not read */
    ReplyInput(InputStream source, byte[] buffer) {
        this(source, null, null, buffer);
    }

    private ReplyInput(InputStream source, SocketChannel channel, DirectChannelBuffer direct, byte[] buffer) {
        this.source = source;
        this.channel = channel;
        this.direct = direct;
        this.buf = buffer;
    }

    /**
     * The reply to the command just sent on {@code connection}, read into the scratch's buffers.
     *
     * @param channel the socket's channel when the scratch's direct buffer may read it (the relay
     *                found it so for the command), else null
     */
    static ReplyInput of(SocketConnection connection, RelayScratch scratch, SocketChannel channel)
            throws IOException {
        InputStream above = connection.getMysqlInput();
        if (connection.getMysqlSocket() instanceof ExtendedMetadataSocket socket && above.available() == 0) {
            InputStream own = socket.takeReply();
            if (own != null) {
                return new ReplyInput(own, channel, scratch.direct, scratch.read);
            }
        }
        return new ReplyInput(above, scratch.read);
    }

    /**
     * Reads the next packet's payload, whole (a payload of 16 MB or more comes in chunks), into
     * {@code packet} from its start.
     *
     * @return {@code packet}, or a longer copy when it was too short; its length is {@link #length}
     */
    byte[] read(byte[] packet) throws IOException {
        length = 0;
        int chunk;
        do {
            fill(4);
            chunk = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16;
            sequence = buf[pos + 3] & 0xFF;
            pos += 4;
            if (length + chunk > packet.length) {
                packet = Arrays.copyOf(packet, Math.max(length + chunk, 2 * packet.length));
            }
            take(packet, length, chunk);
            length += chunk;
        } while (chunk == MAX_CHUNK);
        if (length == 0) {
            throw new IOException("the server sent an empty packet");
        }
        return packet;
    }

    /** @return the payload length of the packet read last */
    int length() {
        return length;
    }

    /** @return the sequence id of the packet read last (of its last chunk) */
    int sequence() {
        return sequence;
    }

    /** Buffers at least {@code n} (at most the buffer's size) bytes from buf[pos]. */
    private void fill(int n) throws IOException {
        if (end - pos >= n) {
            return;
        }
        if (pos + n > buf.length) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        while (end - pos < n) {
            end += readSome(buf, end, buf.length - end);
        }
    }

    /** Copies the next {@code n} bytes to into[at..]: what is buffered, then the rest straight from the source. */
    private void take(byte[] into, int at, int n) throws IOException {
        int buffered = Math.min(n, end - pos);
        System.arraycopy(buf, pos, into, at, buffered);
        pos += buffered;
        if (pos == end) {
            pos = 0;
            end = 0;
        }
        for (int done = buffered; done < n; ) {
            if (n - done < buf.length / 2) { // a short rest: one read for it and what follows
                fill(n - done);
                System.arraycopy(buf, pos, into, at + done, n - done);
                pos += n - done;
                return;
            }
            done += readSome(into, at + done, n - done);
        }
    }

    private int readSome(byte[] into, int at, int max) throws IOException {
        int r = channel != null && max <= direct.capacity() ? direct.read(channel, into, at, max)
                : source.read(into, at, max);
        if (r < 0) {
            throw new EOFException("the server closed the connection");
        }
        return r;
    }
}
