package io.obproxy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay in front of one node, the address the cluster metadata advertises, with faults a
 * test can switch on and off.
 *
 * <p>Design: one acceptor thread, two pump threads per relayed connection (blocking sockets;
 * tests open tens of connections, not thousands). Faults:
 * <ul>
 *   <li>{@link #refuse()}: the listening socket is closed, so connects fail with "connection
 *   refused"; open connections carry on.</li>
 *   <li>{@link #blackHole()}: new connections are accepted and never answered; open ones stop
 *   delivering bytes in both directions (held, as TCP would retransmit them, and delivered
 *   after {@link #pass()}).</li>
 *   <li>{@link #resetConnections()}: every open connection is closed with an RST on both sides.</li>
 *   <li>{@link #latency(int)}: each chunk is delayed by that many milliseconds in each direction.</li>
 * </ul>
 * {@link #pass()} lifts every fault.
 *
 * <p>DDL barrier ({@link #holdDdlReplies}): the client-to-server pump of each connection watches
 * for DDL statements ({@link DdlSniffer}); the server's reply to one is held, before its first
 * byte is delivered, until the barrier returns (the other nodes have applied it), so that a DDL is
 * visible on every node once it returns, as on OceanBase.
 */
public final class FaultRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultRelay.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final String name;
    private final InetAddress bindAddress;
    private final int port;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger linkSeq = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flowing = lock.newCondition();

    private volatile boolean refusing;
    private volatile boolean blackHoled;
    private volatile int latencyMillis;
    private volatile boolean closed;
    private volatile Runnable ddlBarrier;
    private ServerSocket listener;

    private FaultRelay(String name, InetAddress bindAddress, int port, InetSocketAddress target) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.port = port;
        this.target = target;
    }

    /**
     * Starts a relay.
     *
     * @param name   used in thread names and logs
     * @param port   port to listen on at 127.0.0.1; 0 picks a free one
     * @param target where relayed connections go
     */
    public static FaultRelay start(String name, int port, InetSocketAddress target) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket socket = bind(loopback, port);
        FaultRelay relay = new FaultRelay(name, loopback, socket.getLocalPort(), target);
        relay.listen(socket);
        return relay;
    }

    /** @return the advertised address clients connect to */
    public InetSocketAddress address() {
        return new InetSocketAddress(bindAddress, port);
    }

    public int port() {
        return port;
    }

    /** @return relayed connections open right now (black-holed ones included) */
    public int openConnections() {
        return links.size();
    }

    /**
     * Holds the reply to every DDL statement relayed from now on until {@code barrier} returns.
     * The barrier runs on the connection's server-to-client pump; it must not fail, and should be
     * bounded in time.
     */
    public void holdDdlReplies(Runnable barrier) {
        this.ddlBarrier = barrier;
    }

    /** Lifts every fault: accepts again, delivers held bytes, no added latency. */
    public void pass() throws IOException {
        lock.lock();
        try {
            latencyMillis = 0;
            blackHoled = false;
            refusing = false;
            flowing.signalAll();
            if (listener == null && !closed) {
                listen(bind(bindAddress, port));
            }
        } finally {
            lock.unlock();
        }
        log.info("{}: pass", name);
    }

    /** Refuses new connections (the port is closed); open connections carry on. */
    public void refuse() throws IOException {
        lock.lock();
        try {
            refusing = true;
            if (listener != null) {
                listener.close();
                listener = null;
            }
        } finally {
            lock.unlock();
        }
        log.info("{}: refusing connections", name);
    }

    /** Accepts connections but never answers; stops delivering bytes on open connections. */
    public void blackHole() {
        blackHoled = true;
        log.info("{}: black hole", name);
    }

    /** Closes every open relayed connection with a TCP reset on both sides. */
    public void resetConnections() {
        int n = 0;
        for (Link link : links) {
            link.reset();
            n++;
        }
        log.info("{}: reset {} connections", name, n);
    }

    /** @param millis delay added to every chunk in each direction; 0 removes it */
    public void latency(int millis) {
        if (millis < 0 || millis > 60_000) {
            throw new IllegalArgumentException("latency: " + millis + " ms (expected: 0..60000)");
        }
        latencyMillis = millis;
        log.info("{}: latency {} ms", name, millis);
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
            }
            blackHoled = false;
            flowing.signalAll();
        } finally {
            lock.unlock();
        }
        links.forEach(Link::reset);
    }

    @Override
    public String toString() {
        return name + "[" + port + " -> " + target.getPort() + "]";
    }

    private static ServerSocket bind(InetAddress address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(address, port), 512);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IOException("relay cannot listen on " + address.getHostAddress() + ":" + port, e);
        }
        return socket;
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> acceptLoop(socket), "relay-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (refusing) {
                    // accepted in the moment between refuse() and the socket really closing
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                Link link = new Link(client, linkSeq.incrementAndGet());
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.warn("{}: accept failed: {}", name, e.toString());
                }
            }
        }
    }

    /** Blocks while the relay is black-holed; then applies the configured latency. */
    private void awaitFlow() throws InterruptedException {
        if (blackHoled) {
            lock.lock();
            try {
                while (blackHoled && !closed) {
                    flowing.await();
                }
            } finally {
                lock.unlock();
            }
        }
        int delay = latencyMillis;
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing on a failure path; the first error is what matters
        }
    }

    /** One relayed connection: client socket, upstream socket and the two pumps between them. */
    private final class Link {
        private final Socket client;
        private final int id;
        private final AtomicInteger finishedPumps = new AtomicInteger();
        private volatile Socket upstream;
        /** A DDL statement went to the server; its reply is held until the barrier returns. */
        private volatile boolean ddlPending;

        Link(Socket client, int id) {
            this.client = client;
            this.id = id;
        }

        void start() {
            Thread connector = new Thread(this::run, "relay-" + name + "-c" + id);
            connector.setDaemon(true);
            connector.start();
        }

        private void run() {
            try {
                awaitFlow(); // a black-holed relay accepts, then never connects nor answers
                Socket up = new Socket();
                up.setTcpNoDelay(true);
                up.connect(target, CONNECT_TIMEOUT_MS);
                upstream = up;
                Thread back = new Thread(() -> pump(up, client, false), "relay-" + name + "-c" + id + "-down");
                back.setDaemon(true);
                back.start();
                pump(client, up, true);
            } catch (IOException e) {
                log.debug("{}: connection {} ended: {}", name, id, e.toString());
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        /** @param request true for the client-to-server direction, which is watched for DDL */
        private void pump(Socket from, Socket to, boolean request) {
            byte[] buffer = new byte[BUFFER_SIZE];
            DdlSniffer sniffer = request ? new DdlSniffer() : null;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlow();
                    if (request && ddlBarrier != null && sniffer.feed(buffer, 0, n)) {
                        ddlPending = true; // before the statement reaches the server, so before its reply
                    } else if (!request && ddlPending) {
                        ddlPending = false;
                        ddlBarrier.run();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
                if (finishedPumps.incrementAndGet() == 2) {
                    close();
                }
            } catch (IOException e) {
                log.debug("{}: connection {} ended: {}", name, id, e.toString());
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void close() {
            links.remove(this);
            closeQuietly(client);
            Socket up = upstream;
            if (up != null) {
                closeQuietly(up);
            }
        }

        void reset() {
            links.remove(this);
            abort(client);
            Socket up = upstream;
            if (up != null) {
                abort(up);
            }
        }

        private void abort(Socket socket) {
            try {
                socket.setSoLinger(true, 0); // close() now sends RST
            } catch (SocketException alreadyClosed) {
                // nothing left to reset
            }
            closeQuietly(socket);
        }
    }
}
