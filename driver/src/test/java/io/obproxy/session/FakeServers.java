package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Servers a test controls, behind a {@link ServerConnector}: each physical connection is a
 * {@link Proxy} of {@link Connection} whose statements are logged (every text that reached a
 * server, in order), fail when the test said so, and move the connection's IN_TRANS status flag as
 * a MySQL server would (BEGIN, COMMIT, ROLLBACK, XA, autocommit off, implicit commits). The
 * connection answers {@link ConnectionFacts} itself, so a {@link PhysicalSession} runs over it
 * without Connector/J. Public for the tests of the jdbc package, which drive a logical connection
 * over it.
 */
public final class FakeServers implements ServerConnector {
    /** One text that reached a server: it was sent, whatever became of it. */
    record Sent(ServerAddress server, String sql) {
    }

    /** Something a test makes happen while a statement runs on a server (a KILL from another thread). */
    @FunctionalInterface
    public interface During {
        void run() throws SQLException;
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Map<ServerAddress, Integer> opened = new HashMap<>();
    private final Map<ServerAddress, SQLException> connectFailures = new HashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<FakeConnection> connections = new ArrayList<>();
    private long nextThreadId = 1;

    /** A failure the next matching statement meets. */
    private record Failure(ServerAddress server, String sql, SQLException error, During during) {
        boolean matches(ServerAddress at, String text) {
            return (server == null || server.equals(at)) && sql.equals(text);
        }
    }

    @Override
    public Connection connect(ServerAddress server) throws SQLException {
        opened.merge(server, 1, Integer::sum);
        SQLException refused = connectFailures.get(server);
        if (refused != null) {
            throw refused;
        }
        FakeConnection c = new FakeConnection(server, nextThreadId++);
        connections.add(c);
        return c.jdbc;
    }

    /** Every connect to {@code server} fails with {@code e} from now on. */
    void refuseConnections(ServerAddress server, SQLException e) {
        connectFailures.put(server, e);
    }

    /** The next time {@code sql} is sent to {@code server} (any server when null), it fails with {@code e}. */
    void failNext(ServerAddress server, String sql, SQLException e) {
        failures.add(new Failure(server, sql, e, null));
    }

    /**
     * The next time {@code sql} is sent to any server, {@code during} runs while it executes; the
     * statement then fails with {@code e}, or succeeds when {@code e} is null.
     */
    public void whileRunning(String sql, During during, SQLException e) {
        failures.add(new Failure(null, sql, e, during));
    }

    /** @return every text sent, in order */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return the texts sent to {@code server}, in order */
    List<String> sentTo(ServerAddress server) {
        return sent.stream().filter(s -> s.server().equals(server)).map(Sent::sql).toList();
    }

    /** @return how many times {@code sql} was sent, to any server */
    public long sends(String sql) {
        return sent.stream().filter(s -> s.sql().equals(sql)).count();
    }

    /** @return how many connections were opened (or tried) to {@code server} */
    int opened(ServerAddress server) {
        return opened.getOrDefault(server, 0);
    }

    /** @return how many connections were opened (or tried) in all */
    int opened() {
        return opened.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return how many physical statements were cancelled (KILL QUERY) */
    int cancels() {
        return connections.stream().mapToInt(c -> c.cancels).sum();
    }

    /** Sets the status flags of the newest open connection to {@code server}, as its last OK or EOF packet would. */
    public void statusFlags(ServerAddress server, int flags) {
        newest(server).flags = flags;
    }

    /** The server closes every connection to {@code server} (a restart, {@code wait_timeout}); the socket shows it. */
    void closeConnections(ServerAddress server) {
        connections.stream().filter(c -> c.server.equals(server)).forEach(c -> c.closedByPeer = true);
    }

    private FakeConnection newest(ServerAddress server) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (connections.get(i).server.equals(server) && !connections.get(i).closed) {
                return connections.get(i);
            }
        }
        throw new IllegalStateException("no open connection to " + server);
    }

    /** Runs one text on a connection: logged, failed as scripted, the IN_TRANS flag moved as MySQL moves it. */
    private void execute(FakeConnection c, String sql) throws SQLException {
        if (c.closed) {
            throw new SQLException("No operations allowed after connection closed.", "08003");
        }
        sent.add(new Sent(c.server, sql));
        if (c.closedByPeer) {
            c.closed = true; // what a connection the server closed does with the next statement
            throw new SQLException("Communications link failure", "08S01");
        }
        for (Failure f : failures) {
            if (f.matches(c.server, sql)) {
                failures.remove(f);
                if (f.during() != null) {
                    f.during().run();
                }
                if (f.error() == null) {
                    break;
                }
                if (f.error().getSQLState() != null && f.error().getSQLState().startsWith("08")) {
                    c.closed = true; // Connector/J closes a connection whose I/O failed
                }
                throw f.error();
            }
        }
        c.flags = flagsAfter(sql, c.flags, c.autoCommit);
    }

    /** @return the IN_TRANS flag after {@code sql}, as a MySQL server sets it */
    private static int flagsAfter(String sql, int flags, boolean autoCommit) {
        String s = sql.toUpperCase(Locale.ROOT);
        boolean open = (flags & ConnectionFacts.IN_TRANSACTION) != 0;
        if (s.startsWith("BEGIN") || s.startsWith("START TRANSACTION") || s.startsWith("XA START")) {
            open = true;
        } else if (s.equals("COMMIT") || s.equals("ROLLBACK") || s.startsWith("XA COMMIT") || s.startsWith("XA ROLLBACK")
                || s.startsWith("LOCK TABLES") || s.startsWith("CREATE TABLE") || s.startsWith("DROP TABLE")) {
            open = false; // an end, or an implicit commit
        } else if (!autoCommit) {
            open = true;
        }
        return open ? flags | ConnectionFacts.IN_TRANSACTION : flags & ~ConnectionFacts.IN_TRANSACTION;
    }

    /**
     * @return a proxy of {@code type} calling {@code handler}; equals,
     * hashCode and toString are the identity's
     */
    private static <T> T proxy(Class<T> type, Handler handler) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals": return proxy == args[0];
                    case "hashCode": return System.identityHashCode(proxy);
                    default: return "fake " + type.getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
                }
            }
            return handler.invoke(method, args == null ? new Object[0] : args);
        };
        return type.cast(Proxy.newProxyInstance(FakeServers.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    /** Answers one call on a proxy. */
    @FunctionalInterface
    private interface Handler {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    /** @return the default answer of a call nothing here cares about: false, 0 or null */
    private static Object nothing(Method method) {
        Class<?> r = method.getReturnType();
        if (r == boolean.class) {
            return Boolean.FALSE;
        }
        if (r == int.class) {
            return 0;
        }
        if (r == long.class) {
            return 0L;
        }
        return null;
    }

    /** One physical connection: its flags, autocommit, thread id, and whether the server closed it. */
    private final class FakeConnection implements ConnectionFacts {
        final ServerAddress server;
        final long threadId;
        final Connection jdbc;
        int flags;
        boolean autoCommit = true;
        boolean closed;
        boolean closedByPeer;
        int cancels;

        FakeConnection(ServerAddress server, long threadId) {
            this.server = server;
            this.threadId = threadId;
            this.jdbc = proxy(Connection.class, this::call);
        }

        private Object call(Method method, Object[] args) throws SQLException {
            switch (method.getName()) {
                case "createStatement":
                    if (closed) {
                        throw new SQLException("No operations allowed after connection closed.", "08003");
                    }
                    return new FakeStatement(this).jdbc;
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    if (autoCommit) {
                        flags &= ~IN_TRANSACTION; // switching autocommit on commits
                    }
                    return null;
                case "commit":
                case "rollback":
                case "setSavepoint":
                    if (closed) {
                        throw new SQLException("Communications link failure", "08S01");
                    }
                    execute(this, method.getName().equals("setSavepoint") ? "SAVEPOINT"
                            : method.getName().toUpperCase(Locale.ROOT)); // what Connector/J sends
                    return null;
                case "isValid":
                    return !closed && !closedByPeer;
                case "close":
                case "abort":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed;
                case "isWrapperFor":
                    return args[0] == ConnectionFacts.class;
                case "unwrap":
                    return args[0] == ConnectionFacts.class ? this : null;
                default:
                    return nothing(method);
            }
        }

        @Override
        public String serverVersion() {
            return "5.7.25-OceanBase-v4.2.1.0";
        }

        @Override
        public int statusFlags() {
            return flags;
        }

        @Override
        public int warningCount() {
            return 0;
        }

        @Override
        public long threadId() {
            return threadId;
        }

        @Override
        public boolean closedByPeer() {
            return closedByPeer;
        }
    }

    /** One physical statement: executes through the fake server; cancel() is counted. */
    private final class FakeStatement {
        final FakeConnection connection;
        final Statement jdbc;
        /** The result of the last executeQuery, until the next execution. */
        ResultSet result;

        FakeStatement(FakeConnection connection) {
            this.connection = connection;
            this.jdbc = proxy(Statement.class, this::call);
        }

        private Object call(Method method, Object[] args) throws SQLException {
            switch (method.getName()) {
                case "execute":
                case "executeUpdate":
                case "executeLargeUpdate":
                case "executeQuery":
                    result = null;
                    execute(connection, (String) args[0]);
                    if (method.getName().equals("executeQuery")) {
                        result = emptyResult();
                        return result;
                    }
                    return nothing(method);
                case "getResultSet":
                    return result;
                case "cancel":
                    connection.cancels++;
                    return null;
                default:
                    return nothing(method);
            }
        }
    }

    private static ResultSet emptyResult() {
        return proxy(ResultSet.class, (method, args) -> nothing(method));
    }
}
