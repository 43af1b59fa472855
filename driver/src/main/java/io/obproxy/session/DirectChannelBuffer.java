package io.obproxy.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A direct buffer that a thread reads a socket channel (in blocking mode) through into an array, and
 * writes an array to it through: what a socket's or channel's stream does for an array, without
 * looking up a temporary direct buffer of the thread's at every call. That lookup (a thread-local,
 * the JDK's buffer cache, a check of the buffer's alignment on its way back) was about a tenth of the
 * front end's Java time on point selects (docs/benchmarks.md).
 *
 * <p>One thread uses an instance at a time, and it holds nothing between calls: what a read brought
 * is in the caller's array when it returns. A read takes at most {@link #capacity} bytes, and a
 * write must fit in it; a caller sends larger ones through the channel's stream, whose temporary
 * buffer then serves them.
 */
public final class DirectChannelBuffer {
    private final ByteBuffer buffer;

    /** @param capacity the most one read takes and one write sends */
    public DirectChannelBuffer(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity);
    }

    /** @return the most one read takes and one write sends */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * Reads at least one byte (blocking until one comes) and at most {@code len} and {@link #capacity}
     * into {@code into[at..]}.
     *
     * @param channel a connected channel in blocking mode
     * @return the bytes read, or -1 at the end of the stream
     */
    public int read(SocketChannel channel, byte[] into, int at, int len) throws IOException {
        buffer.clear().limit(Math.min(len, buffer.capacity()));
        int n = channel.read(buffer);
        if (n > 0) {
            buffer.get(0, into, at, n);
        }
        return n;
    }

    /**
     * Writes the first {@code headLength} bytes of {@code head}, then {@code from[at..at + len)}, whole.
     *
     * @param channel a connected channel in blocking mode
     * @throws IllegalArgumentException the bytes do not fit in the buffer
     */
    public void write(SocketChannel channel, byte[] head, int headLength, byte[] from, int at, int len)
            throws IOException {
        if (headLength + len > buffer.capacity()) {
            throw new IllegalArgumentException((headLength + len) + " bytes to write, the buffer holds "
                    + buffer.capacity());
        }
        buffer.clear();
        buffer.put(head, 0, headLength).put(from, at, len).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
