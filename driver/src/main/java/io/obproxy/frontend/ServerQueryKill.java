package io.obproxy.frontend;

import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.ConnectionImpl;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Stops what one physical connection's server runs now: {@code KILL QUERY <thread>} sent on a
 * connection of its own to the same server, with the same settings and credentials, as
 * Connector/J's {@code Statement.cancel()} does; that cancel does nothing once the execution has
 * returned a streaming result set, which is when the front end needs it (rows still coming). The
 * connection carries no connection attributes, so it is nobody's session in the processlist.
 */
final class ServerQueryKill {
    private final HostInfo server;
    private final long threadId;

    private ServerQueryKill(HostInfo server, long threadId) {
        this.server = server;
        this.threadId = threadId;
    }

    /**
     * @return how to stop the statement that produces {@code rs} (a logical or a Connector/J result set)
     * @throws SQLException when {@code rs} does not come from a server's connection
     */
    static ServerQueryKill of(ResultSet rs) throws SQLException {
        JdbcConnection physical = rs.unwrap(ResultSetImpl.class).getConnection();
        HostInfo h = physical.getSession().getHostInfo();
        Map<String, String> properties = new HashMap<>(h.getHostProperties());
        properties.remove(PropertyKey.connectionAttributes.getKeyName());
        return new ServerQueryKill(new HostInfo(h, h.getHost(), h.getPort(), h.getUser(), h.getPassword(), properties),
                physical.getId());
    }

    /** Sends the KILL QUERY; a statement that ended meanwhile makes it a no-op on the server. */
    void run() throws SQLException {
        try (Connection c = ConnectionImpl.getInstance(server); Statement st = c.createStatement()) {
            st.execute("KILL QUERY " + threadId);
        }
    }

}
