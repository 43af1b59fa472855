package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.session.SessionChange;
import io.obproxy.jdbc.ObProxyStatement;
import io.obproxy.sql.SqlClassifier;
import io.obproxy.sql.SqlInfo;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A logical connection as the front end sees it, without a cluster: the java.sql calls the command
 * handling makes (and {@link ObProxyConnection}'s), answered from fields a test sets and recorded
 * for it to check. Anything else fails the test ({@link UnsupportedOperationException}), so a
 * command that starts calling something new is noticed. {@link #TEXTS} runs texts through it with
 * the driver's real classifier.
 */
final class FakeConnection implements InvocationHandler {
    /** The driver's classifier, and texts run and prepared through the plain java.sql calls of the fakes. */
    static final TextPath TEXTS = new TextPath() {
        private final SqlClassifier classifier = new SqlClassifier(64);

        @Override
        public SqlInfo classify(Connection connection, String sql) {
            return classifier.classify(sql);
        }

        @Override
        public boolean execute(Statement statement, String sql, SqlInfo info) throws SQLException {
            return statement.execute(sql);
        }

        @Override
        public PreparedStatement prepare(Connection connection, String sql, SqlInfo info) throws SQLException {
            return connection.prepareStatement(sql);
        }
    };

    final Connection proxy = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class, ObProxyConnection.class}, this);
    boolean autoCommit = true;
    boolean inTransaction;
    /** What the server of the last statement said in its last OK or EOF. */
    int serverStatusFlags;
    boolean closed;
    /** What {@code close()} throws (then the connection stays open), or null. */
    SQLException closeFailure;
    boolean aborted;
    String catalog = "test";
    int rollbacks;
    int sessionResets;
    Map<?, ?> sessionVariables = Map.of();
    /** What {@code sessionVariable} answers: literals of session variables the client set. */
    final Map<String, String> recordedVariables = new HashMap<>();
    /** What the server reported of the session's state while the next statement ran (taken by the front end). */
    final List<SessionChange> serverSessionChanges = new ArrayList<>();
    /** Every text executed on any statement of this connection, in order. */
    final List<String> executed = new ArrayList<>();
    /** What executing a text throws. */
    final Map<String, SQLException> failures = new HashMap<>();
    /** Whether such a failure also closes the connection (as a lost or killed one is). */
    boolean failureCloses;
    /** The update counts a text's results have, one per result (default: one result of 0 rows). */
    final Map<String, List<Long>> updateCounts = new HashMap<>();
    /** Parameters each prepared statement has. */
    int parameters;
    final List<FakeStatement> statements = new ArrayList<>();

    @Override
    public Object invoke(Object self, Method m, Object[] args) throws SQLException {
        switch (m.getName()) {
            case "isClosed":
                return closed;
            case "close":
                if (closeFailure != null) {
                    throw closeFailure;
                }
                closed = true;
                return null;
            case "abort":
                aborted = true;
                closed = true;
                return null;
            default:
                break;
        }
        if (closed) {
            throw new SQLException("No operations allowed after connection closed.", "08003");
        }
        return switch (m.getName()) {
            case "unwrap" -> unwrap((Class<?>) args[0], proxy);
            case "getAutoCommit" -> autoCommit;
            case "inTransaction" -> inTransaction;
            case "serverStatusFlags" -> serverStatusFlags;
            case "serverWarningCount" -> 0;
            case "getCatalog" -> catalog;
            case "setAutoCommit" -> done(() -> autoCommit = (Boolean) args[0]);
            case "setCatalog" -> done(() -> catalog = (String) args[0]);
            case "resetSessionState" -> done(() -> sessionResets++);
            case "setSessionVariables" -> done(() -> sessionVariables = Map.copyOf((Map<?, ?>) args[0]));
            case "sessionVariable" -> recordedVariables.get((String) args[0]);
            case "takeServerSessionChanges" -> {
                List<SessionChange> taken = List.copyOf(serverSessionChanges);
                serverSessionChanges.clear();
                yield taken;
            }
            case "rollback" -> done(() -> {
                rollbacks++;
                inTransaction = false;
            });
            case "createStatement" -> statement(Statement.class, null).proxy;
            case "prepareStatement" -> statement(PreparedStatement.class, (String) args[0]).proxy;
            default -> throw new UnsupportedOperationException("Connection." + m.getName());
        };
    }

    /** Runs a setter's effect. @return null, a void method's result */
    private static Object done(Runnable effect) {
        effect.run();
        return null;
    }

    private FakeStatement statement(Class<? extends Statement> type, String sql) {
        FakeStatement st = new FakeStatement(type, sql);
        statements.add(st);
        return st;
    }

    private static Object unwrap(Class<?> type, Object proxy) throws SQLException {
        if (type.isInstance(proxy)) {
            return proxy;
        }
        throw new SQLException("not a " + type.getName());
    }

    /** A statement or prepared statement of the fake connection. */
    final class FakeStatement implements InvocationHandler {
        final Statement proxy;
        /** The text it was prepared with, or null for a plain statement. */
        final String prepared;
        boolean closed;
        /** What {@code close()} throws (after which it counts as closed), or null. */
        SQLException closeFailure;
        int clearedParameters;
        private final Deque<Long> counts = new ArrayDeque<>();

        FakeStatement(Class<? extends Statement> type, String prepared) {
            this.prepared = prepared;
            this.proxy = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {type, ObProxyStatement.class}, this);
        }

        @Override
        public Object invoke(Object self, Method m, Object[] args) throws SQLException {
            switch (m.getName()) {
                case "close":
                    closed = true;
                    if (closeFailure != null) {
                        throw closeFailure;
                    }
                    return null;
                case "isClosed":
                    return closed;
                case "unwrap":
                    return unwrap((Class<?>) args[0], proxy);
                case "setFetchSize":
                    return null;
                case "execute":
                    return execute(args == null ? prepared : (String) args[0]);
                case "getLargeUpdateCount":
                    return counts.isEmpty() ? -1L : counts.peek();
                case "getUpdateCount":
                    return counts.isEmpty() ? -1 : counts.peek().intValue();
                case "getMoreResults":
                    counts.poll();
                    return false;
                case "lastInsertId":
                    return 0L;
                case "getConnection":
                    return FakeConnection.this.proxy;
                case "info":
                    return null;
                case "getParameterMetaData":
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ParameterMetaData.class},
                            (p, pm, pargs) -> switch (pm.getName()) {
                                case "getParameterCount" -> parameters;
                                default -> throw new UnsupportedOperationException("ParameterMetaData." + pm.getName());
                            });
                case "getMetaData":
                    return null; // no result columns
                case "clearParameters":
                    clearedParameters++;
                    return null;
                default:
                    throw new UnsupportedOperationException("Statement." + m.getName());
            }
        }

        private boolean execute(String sql) throws SQLException {
            executed.add(sql);
            SQLException failure = failures.get(sql);
            if (failure != null) {
                FakeConnection.this.closed |= failureCloses;
                throw failure;
            }
            counts.clear();
            counts.addAll(updateCounts.getOrDefault(sql, List.of(0L)));
            return false;
        }
    }
}
