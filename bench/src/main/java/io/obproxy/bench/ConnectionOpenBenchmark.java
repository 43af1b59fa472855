package io.obproxy.bench;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
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
 * What opening costs: a logical connection, its first statement (which opens a physical
 * connection) and close, with and without the cluster-wide processlist (connection attributes and
 * the check for a remote KILL on every physical open), against raw Connector/J doing the same. A
 * one-node sandbox at the server's own port.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ConnectionOpenBenchmark {
    @Param({"raw", "clusterWide", "local"})
    public String mode;

    private SandboxCluster cluster;
    private String url;
    private String user;
    private String password;

    @Setup(Level.Trial)
    public void start() {
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "off");
        cluster = SandboxCluster.start(SandboxConfig.builder().nodes(1).clusterName("benchopen").build());
        int port = cluster.node(1).serverPort();
        user = cluster.tenantUser();
        password = cluster.password();
        url = mode.equals("raw") ? "jdbc:mysql://127.0.0.1:" + port + "/test?useSSL=false"
                : "jdbc:obproxy://127.0.0.1:" + port + "/test?useSSL=false&discoverServers=false&clusterWideProcesslist="
                + mode.equals("clusterWide");
    }

    @TearDown(Level.Trial)
    public void stop() {
        cluster.close();
    }

    @Benchmark
    public int openRunClose() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
