package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.SandboxFrontend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sysbench oltp_read_write (Debian's sysbench, libmariadb) through the front end: prepare, run
 * with server-side prepared statements and with {@code --db-ps-mode=disable}, cleanup, with no
 * error at all. On a one-node sandbox: sysbench's transactions write rows that others delete and
 * insert again, which the sandbox's replication between nodes cannot serialise (OceanBase does).
 */
class FrontendSysbenchIT {
    private static SandboxCluster cluster;
    private static FrontendServer frontend;

    @BeforeAll
    static void start() throws Exception {
        cluster = SandboxCluster.start(SandboxConfig.builder().nodes(1).clusterName("sysbench").build());
        frontend = SandboxFrontend.start(cluster, 0, null, Map.of());
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            frontend.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ExternalClient.Result sysbench(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalClient.require("sysbench", "sysbench"), "oltp_read_write",
                "--mysql-host=127.0.0.1", "--mysql-port=" + frontend.address().getPort(),
                "--mysql-user=" + cluster.tenantUser(), "--mysql-password=" + cluster.password(), "--mysql-db=test",
                "--tables=2", "--table-size=5000"));
        command.addAll(List.of(args));
        ExternalClient.Result r = ExternalClient.run(Duration.ofMinutes(3), null, command.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(!r.out().contains("FATAL") && !r.err().contains("FATAL"), r.toString());
        return r;
    }

    private static long figure(String output, String name) {
        Matcher m = Pattern.compile(name + ":\\s+(\\d+)").matcher(output);
        assertTrue(m.find(), name + " missing in:\n" + output);
        return Long.parseLong(m.group(1));
    }

    /**
     * One thread with every error fatal ({@code --mysql-ignore-errors=none}): not one error. Four
     * threads: the only error allowed is InnoDB's deadlock (1213), which concurrent transactions
     * on the same rows get from the server itself, directly as well, and which sysbench retries.
     */
    @Test
    void prepareRunBothWaysAndCleanupWithoutAnError() throws Exception {
        sysbench("prepare");
        for (String mode : List.of("--db-ps-mode=auto", "--db-ps-mode=disable")) {
            ExternalClient.Result strict = sysbench("--threads=1", "--time=4", "--mysql-ignore-errors=none", mode, "run");
            assertTrue(figure(strict.out(), "transactions") > 50, strict.out());
            assertEquals(0, figure(strict.out(), "ignored errors"), mode + ":\n" + strict.out());
            ExternalClient.Result concurrent = sysbench("--threads=4", "--time=4", "--mysql-ignore-errors=1213", mode, "run");
            assertTrue(figure(concurrent.out(), "transactions") > 100, concurrent.out());
            assertEquals(0, figure(concurrent.out(), "reconnects"), mode + ":\n" + concurrent.out());
        }
        sysbench("cleanup");
    }
}
