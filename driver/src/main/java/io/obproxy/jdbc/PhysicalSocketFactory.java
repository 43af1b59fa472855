package io.obproxy.jdbc;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;
import java.io.IOException;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * Connector/J's socket factory with ODP's TCP keepalive: a connection idle for
 * {@value #IDLE_SECONDS} s is probed every {@value #INTERVAL_SECONDS} s and declared dead after
 * {@value #PROBES} unanswered probes, so a server that vanished (power loss, network partition)
 * fails its connections within about 30 s instead of the operating system's 2 hours. The driver
 * uses it for every physical connection unless the application names its own {@code socketFactory};
 * Connector/J's {@code tcpKeepAlive=false} turns keepalive off. Where the platform cannot set the
 * timings (not Linux or macOS), plain keepalive stays on with the system's timings.
 */
public final class KeepAliveSocketFactory extends StandardSocketFactory {
    static final int IDLE_SECONDS = 5;
    static final int INTERVAL_SECONDS = 5;
    static final int PROBES = 5;

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
