package io.obproxy.bench;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The driver's cost as a difference: every {@code raw*} benchmark has a {@code wrapped*} twin doing
 * the same work on the same server, once through plain Connector/J and once through
 * {@code jdbc:obproxy}. A one-node sandbox, reached at the server's own port (no relay) by both.
 *
 * <p>{@link #metrics} runs the wrapped side with the driver's counting on and off (its
 * {@code metrics} property), each value in its own fork, so that one run reports both
 * ({@code bench/run.sh WrapperOverhead}); the raw side is measured again for each, as the reference
 * of its own fork. {@code -p metrics=true} runs one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class WrapperOverheadBenchmark {
    private static final int ROWS = 10_000;

    private SandboxCluster cluster;
    private Connection raw;
    private Connection wrapped;
    private PreparedStatement rawSelect;
    private PreparedStatement wrappedSelect;
    private Statement rawStatement;
    private Statement wrappedStatement;
    private final AtomicLong ids = new AtomicLong(1_000_000);

    /** The driver's {@code metrics} property: counting on (the default) or off. */
    @Param({"true", "false"})
    public String metrics;

    @Setup(Level.Trial)
    public void start() throws SQLException {
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "off");
        cluster = SandboxCluster.start(SandboxConfig.builder().nodes(1).clusterName("bench").build());
        int port = cluster.node(1).serverPort();
        String user = cluster.tenantUser();
        String password = cluster.password();
        raw = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/test?useSSL=false", user, password);
        wrapped = DriverManager.getConnection("jdbc:obproxy://127.0.0.1:" + port
                + "/test?useSSL=false&discoverServers=false&metrics=" + metrics, user, password);
        try (Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, k INT, c VARCHAR(120))");
            StringBuilder sql = new StringBuilder("INSERT INTO bench VALUES ");
            for (int i = 1; i <= ROWS; i++) {
                sql.append(i == 1 ? "" : ",").append('(').append(i).append(',').append(i % 100).append(",'row ")
                        .append(i).append("')");
            }
            st.execute(sql.toString());
        }
        rawSelect = raw.prepareStatement("SELECT c FROM bench WHERE id = ?");
        wrappedSelect = wrapped.prepareStatement("SELECT c FROM bench WHERE id = ?");
        rawStatement = raw.createStatement();
        wrappedStatement = wrapped.createStatement();
    }

    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        raw.close();
        wrapped.close();
        cluster.close();
    }

    private static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, ROWS + 1);
    }

    private static String selectOne(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String selectOne(PreparedStatement ps) throws SQLException {
        ps.setInt(1, randomId());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Benchmark
    public String rawPointSelectStatement() throws SQLException {
        return selectOne(rawStatement, "SELECT c FROM bench WHERE id = " + randomId());
    }

    @Benchmark
    public String wrappedPointSelectStatement() throws SQLException {
        return selectOne(wrappedStatement, "SELECT c FROM bench WHERE id = " + randomId());
    }

    @Benchmark
    public String rawPointSelectPrepared() throws SQLException {
        return selectOne(rawSelect);
    }

    @Benchmark
    public String wrappedPointSelectPrepared() throws SQLException {
        return selectOne(wrappedSelect);
    }

    @Benchmark
    public int rawInsert() throws SQLException {
        return rawStatement.executeUpdate("INSERT INTO bench VALUES (" + ids.incrementAndGet() + ", 1, 'x')");
    }

    @Benchmark
    public int wrappedInsert() throws SQLException {
        return wrappedStatement.executeUpdate("INSERT INTO bench VALUES (" + ids.incrementAndGet() + ", 1, 'x')");
    }

    @Benchmark
    public String rawTransaction() throws SQLException {
        return transaction(rawStatement);
    }

    @Benchmark
    public String wrappedTransaction() throws SQLException {
        return transaction(wrappedStatement);
    }

    /** BEGIN; SELECT; UPDATE; COMMIT: three statements and a commit. */
    private static String transaction(Statement st) throws SQLException {
        int id = randomId();
        st.execute("BEGIN");
        String value = selectOne(st, "SELECT c FROM bench WHERE id = " + id + " FOR UPDATE");
        st.executeUpdate("UPDATE bench SET k = k + 1 WHERE id = " + id);
        st.execute("COMMIT");
        return value;
    }
}
