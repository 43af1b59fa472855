package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.TestClusters;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.RoutePolicy;
import io.obproxy.route.Router;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A {@link LogicalSession} over {@link FakeServers}, in a cluster of the given servers, and the
 * statement cycle as the jdbc package drives it: intercepted, or an {@link Execution} whose
 * attempts create a physical statement and execute the text on it.
 */
final class FakeSession {
    static final ServerAddress A = new ServerAddress("10.0.0.1", 2881);
    static final ServerAddress B = new ServerAddress("10.0.0.2", 2881);
    static final ServerAddress C = new ServerAddress("10.0.0.3", 2881);

    final FakeServers servers = new FakeServers();
    final Cluster cluster;
    final LogicalSession session;

    FakeSession(ServerAddress... addresses) {
        cluster = TestClusters.of(List.of(addresses));
        session = new LogicalSession(Deployment.of(cluster), servers, new Router(), null,
                new RoutingSettings(RoutePolicy.FOLLOWER_FIRST, "", false, false, 2_000, false));
    }

    /**
     * Runs one statement to its end.
     *
     * @return the server it ran on, or null when the session answered it without one
     */
    ServerAddress run(String sql) throws SQLException {
        return run(sql, true, true);
    }

    /**
     * Runs one statement whose reply, were it to fail, had already been handed on in part (a relayed
     * reply with a result delivered, {@link Attempt#resendable}).
     */
    ServerAddress runPartlyDelivered(String sql) throws SQLException {
        return run(sql, true, false);
    }

    /**
     * Runs a read whose reply streams (a fetch size of Integer.MIN_VALUE): the execution leaves its
     * reply incomplete and the result set opens a cursor on its server, as LogicalStatement does.
     *
     * @return the server it runs on
     */
    ServerAddress stream(String sql) throws SQLException {
        ServerAddress server = run(sql, false, true);
        session.openCursor(session.last());
        return server;
    }

    private ServerAddress run(String sql, boolean replyComplete, boolean resendable) throws SQLException {
        SqlInfo info = StatementParser.parse(sql);
        if (session.intercept(info, sql)) {
            return null;
        }
        return session.execution(info).run(ParameterValues.NONE, new Attempt<ServerAddress>() {
            private PhysicalSession ps;
            private Statement st;

            @Override
            public Statement setUp(PhysicalSession on) throws SQLException {
                ps = on;
                st = on.connection().createStatement();
                return st;
            }

            @Override
            public ServerAddress send() throws SQLException {
                st.execute(sql);
                return ps.server();
            }

            @Override
            public boolean replyComplete() {
                return replyComplete;
            }

            @Override
            public boolean resendable() {
                return resendable;
            }
        });
    }

    /**
     * Runs {@code SELECT 1} forced to {@code server}, then lets routes free again: statements routed
     * by default stay on it (affinity) while it is usable with no recent failure.
     */
    void startOn(ServerAddress server) throws SQLException {
        run("SET @obproxy_route_addr = '" + server + "'");
        run("SELECT 1");
        run("SET @obproxy_route_addr = ''");
    }

    /** @return the server the session is pinned to, or null */
    ServerAddress pinnedTo() {
        PhysicalSession ps = session.parts().pins().server();
        return ps == null ? null : ps.server();
    }

    /** @return the other server of a cluster of A and B */
    static ServerAddress other(ServerAddress server) {
        return server.equals(A) ? B : A;
    }
}
