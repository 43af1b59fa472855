package io.obproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay that knows nothing of MySQL: each client gets a connection of its own to the target,
 * and bytes are copied both ways as they come. It is the floor of a proxy written in Java on this
 * machine, with the front end's model or with an event loop, for {@code bench/frontend.sh} (the
 * {@code relay} and {@code loop} paths): what the front end costs beyond it is its own work per
 * statement, not the JVM's or the threading model's.
 *
 * <ul>
 *   <li>{@code threads}: blocking sockets, one pooled platform thread per direction of each
 *   connection, so each statement wakes two threads, as in the front end (one thread per client,
 *   which sleeps once for the command and once for the reply).</li>
 *   <li>{@code loop}: non-blocking sockets on N event loops (one selector thread each), as HAProxy.</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/classes io.obproxy.bench.ByteRelay threads|loop[:N] LISTEN_PORT TARGET_HOST:PORT
 * </pre>
 * Prints {@code ready} once it listens (port 0: {@code listening PORT} first). Runs until killed.
 */
public final class ByteRelay {
    private static final int BUFFER = 64 * 1024;

    private ByteRelay() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ByteRelay threads|loop[:N] LISTEN_PORT TARGET_HOST:PORT");
        }
        String[] mode = args[0].split(":");
        int colon = args[2].lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(args[2].substring(0, colon),
                Integer.parseInt(args[2].substring(colon + 1)));
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])));
        System.out.println("listening " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        System.out.println("ready");
        switch (mode[0]) {
            case "threads" -> threads(listener, target);
            case "loop" -> loops(listener, target, mode.length > 1 ? Integer.parseInt(mode[1]) : 1);
            default -> throw new IllegalArgumentException("mode " + mode[0] + ": threads or loop[:N]");
        }
    }

    private static void threads(ServerSocketChannel listener, InetSocketAddress target) throws IOException {
        ExecutorService pumps = Executors.newCachedThreadPool();
        while (true) {
            Socket client = listener.accept().socket();
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pumps.execute(() -> copy(client, server));
                pumps.execute(() -> copy(server, client));
            } catch (IOException unreachable) {
                client.close(); // this client only: the relay goes on
            }
        }
    }

    /** Copies {@code from} to {@code to} until either ends, then closes both. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException closed) {
            // either side went away: both are closed
        }
    }

    private static void loops(ServerSocketChannel listener, InetSocketAddress target, int count) throws IOException {
        Loop[] loops = new Loop[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new Loop();
            new Thread(loops[i], "loop-" + i).start();
        }
        for (int next = 0; ; next = (next + 1) % count) {
            SocketChannel client = listener.accept();
            try {
                SocketChannel server = SocketChannel.open(target);
                client.socket().setTcpNoDelay(true);
                server.socket().setTcpNoDelay(true);
                loops[next].add(client, server);
            } catch (IOException unreachable) {
                client.close();
            }
        }
    }

    /** One selector thread: a readable socket's bytes are written to its peer at once. */
    private static final class Loop implements Runnable {
        private final Selector selector = Selector.open();
        private final Queue<SocketChannel[]> added = new ArrayDeque<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

        Loop() throws IOException {
        }

        synchronized void add(SocketChannel client, SocketChannel server) {
            added.add(new SocketChannel[] {client, server});
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select();
                    register();
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        relay((SocketChannel) key.channel(), (SocketChannel) key.attachment());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the loop failed", e);
            }
        }

        private synchronized void register() throws IOException {
            for (SocketChannel[] pair; (pair = added.poll()) != null; ) {
                pair[0].configureBlocking(false);
                pair[1].configureBlocking(false);
                pair[0].register(selector, SelectionKey.OP_READ, pair[1]);
                pair[1].register(selector, SelectionKey.OP_READ, pair[0]);
            }
        }

        /**
         * Replies here are small: a peer whose buffer is full is waited for by spinning (never seen in
         * these runs). Either side gone closes both.
         */
        private void relay(SocketChannel from, SocketChannel to) throws IOException {
            buffer.clear();
            try {
                if (from.read(buffer) < 0) {
                    throw new IOException("closed");
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
            } catch (IOException gone) {
                from.close();
                to.close();
            }
        }
    }
}
