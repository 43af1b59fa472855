package io.obproxy.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Two connected socket channels on the loopback interface, in blocking mode: a test's client, and the side it reached. */
public final class LoopbackChannels implements AutoCloseable {
    private final SocketChannel client;
    private final SocketChannel accepted;

    private LoopbackChannels(SocketChannel client, SocketChannel accepted) {
        this.client = client;
        this.accepted = accepted;
    }

    /** @return channels whose client sent {@code sent} and then ended its output */
    public static LoopbackChannels afterClientSent(byte[] sent) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            LoopbackChannels pair = new LoopbackChannels(client, listener.accept());
            client.write(ByteBuffer.wrap(sent));
            client.shutdownOutput();
            return pair;
        }
    }

    /** @return the next {@code n} bytes the client received, waiting for them */
    public byte[] clientReceives(int n) throws IOException {
        ByteBuffer got = ByteBuffer.allocate(n);
        while (got.hasRemaining()) {
            if (client.read(got) < 0) {
                throw new IOException("the connection ended after " + got.position() + " of " + n + " bytes");
            }
        }
        return got.array();
    }

    public SocketChannel accepted() {
        return accepted;
    }

    @Override
    public void close() throws IOException {
        try (client; accepted) {
            // both closed, whatever either does
        }
    }
}
