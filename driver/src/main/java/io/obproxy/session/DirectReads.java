package io.obproxy.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads from a socket channel in blocking mode through a direct buffer of its own, then copies what
 * came into an array: what a socket's or channel's stream does for an array, without looking up a
 * temporary direct buffer of the thread's at every read. That lookup (a thread-local, the JDK's buffer
 * cache, a check of the buffer's alignment on its way back) was about a tenth of the front end's
 * Java time on point selects (docs/benchmarks.md).
 *
 * <p>One thread reads through an instance at a time. The buffer is as long as the largest read it
 * serves; a caller asks a longer read of the channel's stream, whose temporary buffer then serves it.
 */
public final class DirectReads {
    private final ByteBuffer buffer;

    /** @param capacity the most one read takes */
    public DirectReads(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity);
    }

    /** @return the most one read takes */
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
}
