package io.obproxy.session;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.NativeSession;
import com.mysql.cj.protocol.SocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@link ConnectionFacts} of a Connector/J connection, read from its session: the server session's
 * version and status flags, the thread id, and the socket channel (asked only where it is a plain
 * socket: reading a byte of a TLS stream would break its record layer, and a socket the
 * application's own {@code socketFactory} made may have no channel).
 */
final class ConnectorJFacts implements ConnectionFacts {
    private final MysqlConnection mysql;

    ConnectorJFacts(Connection connection) throws SQLException {
        this.mysql = connection.unwrap(MysqlConnection.class);
    }

    @Override
    public String serverVersion() {
        return mysql.getSession().getServerSession().getServerVersion().toString();
    }

    @Override
    public int statusFlags() {
        return mysql.getSession().getServerSession().getStatusFlags();
    }

    @Override
    public long threadId() {
        return mysql.getSession().getThreadId();
    }

    @Override
    public boolean closedByPeer() {
        if (!(mysql.getSession() instanceof NativeSession)) {
            return false;
        }
        SocketConnection socket = ((NativeSession) mysql.getSession()).getProtocol().getSocketConnection();
        try {
            SocketChannel channel = socket.isSSLEstablished() ? null : socket.getMysqlSocket().getChannel();
            return channel != null && closedByPeer(channel);
        } catch (IOException closed) {
            return true;
        }
    }

    private static boolean closedByPeer(SocketChannel channel) {
        synchronized (channel.blockingLock()) {
            try {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) != 0;
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException resetOrClosed) {
                return true;
            }
        }
    }
}
