package io.obproxy.frontend;

import io.obproxy.cluster.DaemonThreads;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.metrics.FrontendMetrics;
import io.obproxy.process.ProcessRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL-protocol front end: accepts clients and serves each on a thread of its own with
 * blocking sockets ({@link ClientConnection}), platform or virtual ({@link ClientThreads}). Every
 * client is one logical connection of the front end's own driver instance, so all clients share
 * cluster state, locations and health; the front end owns their processlist (its own instance id),
 * so another front end or driver instance in the same JVM sees them as it sees any other instance's.
 *
 * <p>Lifetime: {@link #start} binds and accepts; {@link #close} stops accepting, lets every client
 * finish its running command (a client waiting for its next command is closed at once), closes
 * whatever is left after the shutdown timeout, and closes every physical connection.
 */
public final class FrontendServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);

    private final FrontendSettings settings;
    /** The clients, as logical connections: the front end's own, handed to its driver instance. */
    private final ProcessRegistry processes = new ProcessRegistry();
    private final ObProxyDriver driver = new ObProxyDriver(processes);
    private final Authenticator authenticator;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final ClientThreads clients;
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong questions = new AtomicLong();
    private final long startedAtMillis = System.currentTimeMillis();
    private final Thread acceptor;
    /** Closes clients past their login or idle time, four times a second. */
    private final ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("obproxy-frontend-timeouts"));
    private volatile boolean stopping;
    private final BackendFacts backend;
    private final FrontendMetrics metrics = new FrontendMetrics(connected::get);
    /** {@code --metrics-listen}'s endpoint, or null. */
    private MetricsEndpoint metricsEndpoint;

    private FrontendServer(FrontendSettings settings) throws IOException {
        this.settings = settings;
        this.backend = new BackendFacts(settings.serverVersion());
        this.authenticator = new Authenticator(settings.users(), new RsaKeys());
        this.tls = Tls.context(settings);
        fixInstanceId(settings.url());
        this.clients = ClientThreads.of(settings.threads(), settings.platformThreads());
        this.listener = ServerSocketChannel.open().socket(); // clients' sockets have a channel (PacketIO reads and writes it)
        listener.bind(new InetSocketAddress(InetAddress.getByName(settings.listenHost()), settings.listenPort()), 1024);
        this.acceptor = new Thread(this::accept, "obproxy-frontend-accept");
        acceptor.setDaemon(true);
    }

    /** Binds the listening socket and starts accepting clients. */
    public static FrontendServer start(FrontendSettings settings) throws IOException {
        FrontendServer server = new FrontendServer(settings);
        if (settings.metricsListen() != null) {
            try {
                server.metricsEndpoint = MetricsEndpoint.start(settings.metricsListen(), server.driver.metrics(),
                        server.metrics);
            } catch (IOException | RuntimeException e) {
                closeQuietly(server.listener);
                throw new IOException("--metrics-listen " + settings.get(FrontendOption.METRICS_LISTEN) + ": " + e, e);
            }
            log.info("front end metrics on http://{}/metrics", server.metricsAddress());
        }
        server.acceptor.start();
        server.sweeper.scheduleWithFixedDelay(server::closeExpired, 250, 250, TimeUnit.MILLISECONDS);
        log.info("front end on {} for {} ({}{})", server.address(), settings.url().replaceAll("(?i)(password=)[^&]*", "$1***"),
                server.clients.describe(), server.tls != null ? ", TLS" : "");
        return server;
    }

    /** @return where clients connect */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** @return where {@code /metrics} and {@code /health} are served, or null without {@code --metrics-listen} */
    public InetSocketAddress metricsAddress() {
        return metricsEndpoint == null ? null : metricsEndpoint.address();
    }

    /**
     * The front end's instance id must be fixed before the first client's greeting carries a connection id:
     * the URL's {@code instanceId}, else a random one (the front end has no credentials of its own to
     * look at the cluster's sessions with).
     */
    private void fixInstanceId(String url) throws IOException {
        try {
            int configured = 0;
            for (DriverPropertyInfo p : driver.getPropertyInfo(url, new Properties())) {
                if (p.name.equals("instanceId") && p.value != null) {
                    configured = Integer.parseInt(p.value.trim());
                }
            }
            processes.instanceId(configured, Set::of);
        } catch (SQLException | NumberFormatException e) {
            throw new IllegalArgumentException("--url: " + e.getMessage(), e);
        }
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    log.warn("front end: accept failed: {}", e.toString());
                    log.debug("front end: accept failed", e);
                }
                continue;
            }
            metrics.accepted();
            if (connected.incrementAndGet() > settings.maxConnections()) {
                connected.decrementAndGet();
                tooMany(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                ClientConnection client = new ClientConnection(socket, this);
                open.add(client);
                clients.execute(client);
            } catch (IOException | RuntimeException e) {
                connected.decrementAndGet();
                log.warn("front end: cannot serve {}: {}", socket.getRemoteSocketAddress(), e.toString());
                log.debug("front end: cannot serve {}", socket.getRemoteSocketAddress(), e);
                closeQuietly(socket);
            }
        }
    }

    private void closeExpired() {
        long now = System.nanoTime();
        for (ClientConnection client : open) {
            client.closeIfExpired(now);
        }
    }

    /** Refuses a client over the limit with error 1040, in place of the greeting. */
    private void tooMany(Socket socket) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            PacketIO io = new PacketIO(socket.getInputStream(), out, 1024);
            new Replies(io, false).error(1040, "08004", "Too many connections");
            io.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    // ------------------------------------------------------------------ for clients

    FrontendSettings settings() {
        return settings;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    SSLContext tls() {
        return tls;
    }

    ObProxyDriver driver() {
        return driver;
    }

    /** @return the clients' processlist entries */
    ProcessRegistry processes() {
        return processes;
    }

    /** @return the instance id of this front end: the high bits of its clients' connection ids */
    public int instanceId() {
        return processes.fixedInstanceId();
    }

    /** @return what the front end knows of its cluster (version, variable names), learned through its clients */
    BackendFacts backend() {
        return backend;
    }

    /** @return the front end's own counters (clients, refused logins, bytes) */
    FrontendMetrics metrics() {
        return metrics;
    }

    void countQuestion() {
        questions.incrementAndGet();
    }

    void closed(ClientConnection client) {
        if (open.remove(client)) {
            connected.decrementAndGet();
        }
    }

    /** @return COM_STATISTICS' answer, in MySQL's format */
    String statistics() {
        long uptime = Math.max(1, (System.currentTimeMillis() - startedAtMillis) / 1000);
        return String.format("Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Flush tables: 0"
                + "  Open tables: 0  Queries per second avg: %.3f", uptime, connected.get(), questions.get(),
                (double) questions.get() / uptime);
    }

    /** @return clients served now */
    public int clients() {
        return connected.get();
    }

    // ------------------------------------------------------------------ stop

    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        sweeper.shutdownNow();
        closeQuietly(listener);
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        open.forEach(ClientConnection::closeSoon);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMillis());
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!open.isEmpty()) {
            log.warn("front end: {} clients still busy after {} ms; closing them", open.size(),
                    settings.shutdownTimeoutMillis());
        }
        clients.shutdownNow();
        try {
            clients.awaitTermination(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.close();
        log.info("front end on {} stopped", address());
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
