package io.obproxy.jdbc;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;
import io.obproxy.session.ExtendedMetadataSocket;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;

/**
 * Connector/J's socket factory for the driver's physical connections: ODP's TCP keepalive, and a
 * deadline for opening that needs no socket timeout. The driver uses it unless the application
 * names its own {@code socketFactory}.
 *
 * <p>Keepalive: a connection idle for {@value #IDLE_SECONDS} s is probed every
 * {@value #INTERVAL_SECONDS} s and declared dead after {@value #PROBES} unanswered probes, so a
 * server that vanished (power loss, network partition) fails its connections within about 30 s
 * instead of the operating system's 2 hours. Connector/J's {@code tcpKeepAlive=false} turns it off;
 * where the platform cannot set the timings (not Linux or macOS), plain keepalive stays on.
 *
 * <p>Open deadline: a server that accepts and never greets must not hold the caller, so the whole
 * open (connect, greeting, login, Connector/J's first queries) has
 * {@code physicalConnectTimeoutMillis} ({@link #openWithin}); the driver instance's
 * {@link OpenWatchdog} closes the socket when the time is up, and the end of the open calls it off.
 * Connector/J makes this factory by class name, so the open reaches it through a thread-local set
 * around the connect on the opening thread (it holds nothing between opens). Not a
 * socket timeout: the JDK keeps a socket that ever had one in non-blocking mode, which costs every
 * later read of the connection two more system calls (a failed read and a poll).
 *
 * <p>Sockets are those of {@link SocketChannel}s in blocking mode, so that the driver can ask an
 * idle connection, without sending anything or waiting, whether the server closed it
 * (io.obproxy.session.PhysicalSession#closedWhileIdle). Reads cost the same as a plain socket's;
 * while a read timeout is set ({@code socketTimeout}, {@code setNetworkTimeout}) each read switches
 * the socket to non-blocking and back (four more system calls), where a plain socket stays
 * non-blocking from its first timed read on.
 *
 * <p>For the bundled front end ({@code extendedTypeInfo}) the socket is an
 * {@link ExtendedMetadataSocket}, which asks a MariaDB server for extended type information below
 * Connector/J.
 */
public final class PhysicalSocketFactory extends StandardSocketFactory {
    static final int IDLE_SECONDS = 5;
    static final int INTERVAL_SECONDS = 5;
    static final int PROBES = 5;

    /** The open running on this thread, set around Connector/J's connect. */
    private static final ThreadLocal<Open> OPEN = new ThreadLocal<>();

    /**
     * An open in progress: its time, its instance's watchdog, whether to ask for MariaDB's extended
     * type information, and the deadline once the socket exists.
     */
    private static final class Open {
        final OpenWatchdog watchdog;
        final int timeoutMillis;
        final boolean extendedTypeInfo;
        Future<?> deadline;

        Open(OpenWatchdog watchdog, int timeoutMillis, boolean extendedTypeInfo) {
            this.watchdog = watchdog;
            this.timeoutMillis = timeoutMillis;
            this.extendedTypeInfo = extendedTypeInfo;
        }
    }

    /**
     * Runs {@code open} (a Connector/J connect on this thread) with a deadline for all of it:
     * connect, greeting, login and Connector/J's first queries, kept by {@code watchdog}. Whether it
     * succeeds or fails, the deadline is called off when it returns. With {@code extendedTypeInfo} the
     * socket asks a MariaDB server for its extended type information ({@link ExtendedMetadataSocket}).
     */
    static <T, E extends Exception> T openWithin(OpenWatchdog watchdog, int timeoutMillis, boolean extendedTypeInfo,
                                                 ThrowingSupplier<T, E> open) throws E {
        Open current = new Open(watchdog, timeoutMillis, extendedTypeInfo);
        OPEN.set(current);
        try {
            return open.get();
        } finally {
            OPEN.remove();
            if (current.deadline != null) {
                current.deadline.cancel(false);
            }
        }
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    @Override
    public <T extends Closeable> T connect(String host, int port, PropertySet props, int loginTimeout) throws IOException {
        Open open = OPEN.get();
        long start = System.nanoTime();
        T socket = super.connect(host, port, props, loginTimeout);
        if (open != null && open.timeoutMillis > 0) {
            long left = TimeUnit.MILLISECONDS.toNanos(open.timeoutMillis) - (System.nanoTime() - start);
            open.deadline = open.watchdog.closeLater(this.rawSocket, left);
        }
        if (open != null && open.extendedTypeInfo) {
            @SuppressWarnings("unchecked")
            T asking = (T) new ExtendedMetadataSocket(this.rawSocket);
            return asking;
        }
        return socket;
    }

    @Override
    protected Socket createSocket(PropertySet props) {
        try {
            return SocketChannel.open().socket();
        } catch (IOException noDescriptor) {
            return super.createSocket(props); // its connect fails the same way, with an IOException Connector/J reports
        }
    }

    @Override
    protected void configureSocket(Socket socket, PropertySet properties) throws IOException {
        super.configureSocket(socket, properties);
        if (!properties.getBooleanProperty(PropertyKey.tcpKeepAlive).getValue()) {
            return;
        }
        try {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        } catch (UnsupportedOperationException notHere) {
            // keepalive stays on with the system's timings
        }
    }
}
