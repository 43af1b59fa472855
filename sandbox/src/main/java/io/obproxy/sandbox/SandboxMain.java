package io.obproxy.sandbox;

import io.obproxy.frontend.FrontendServer;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox command line: starts a cluster, prints where it is, and runs until Ctrl-C, SIGTERM or
 * the end of standard input.
 *
 * <pre>
 * java -jar sandbox/target/obproxy-sandbox.jar [--nodes N] [--base-port P] [--password PW] [--tls] [--demo]
 * </pre>
 * Output, one item per line: {@code node <n> <host>:<port> <zone>} for each node, then
 * {@code user <user@tenant> <password>}, {@code jdbc <url>}, {@code frontend <host>:<port>} (the
 * MySQL-protocol front end over the cluster), with {@code --tls} {@code tls <certificate.pem>},
 * and {@code ready}. With {@code --demo}, lines starting {@code demo:} show the driver and the front
 * end at work before {@code ready}; the sandbox then runs on as without it.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        boolean demo = List.of(args).contains("--demo");
        boolean tls = List.of(args).contains("--tls");
        SandboxConfig config;
        try {
            config = parse(List.of(args).stream().filter(a -> !a.equals("--demo") && !a.equals("--tls"))
                    .toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("obproxy-sandbox: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (config == null) {
            usage(System.out);
            return;
        }
        SandboxCluster cluster = SandboxCluster.start(config);
        PrintStream out = System.out;
        for (SandboxNode node : cluster.nodes()) {
            out.println("node " + node.id() + " " + node.address() + " " + node.zone());
        }
        out.println("user " + cluster.tenantUser() + " " + cluster.password());
        out.println("jdbc " + cluster.jdbcUrl());
        FrontendServer frontend;
        try {
            SelfSignedCertificate certificate = tls ? SelfSignedCertificate.create(cluster.workDir().resolve("tls")) : null;
            int port = config.basePort() == 0 ? 0 : config.basePort() + 2 * config.nodes();
            frontend = SandboxFrontend.start(cluster, port, certificate, Map.of());
            out.println("frontend " + frontend.address().getHostString() + ":" + frontend.address().getPort());
            if (certificate != null) {
                out.println("tls " + certificate.certificatePem());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("obproxy-sandbox: the front end did not start: " + e.getMessage());
            cluster.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            frontend.close(); // before the nodes go: clients get their running commands' results
            cluster.close();
        }, "sandbox-frontend-shutdown"));
        if (demo) {
            try {
                new Demo(cluster, frontend.address(), out).run();
            } catch (SQLException e) {
                System.err.println("obproxy-sandbox: demo failed: " + e);
                System.exit(1);
            }
        }
        out.println("ready");
        out.flush();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // input is ignored; only its end matters
                }
            } catch (IOException ignored) {
                // a broken stdin ends the sandbox like a closed one
            }
            stdinClosed.countDown();
        }, "sandbox-stdin");
        reader.setDaemon(true);
        reader.start();
        stdinClosed.await();
        // One way out for every ending (end of input, SIGTERM, Ctrl-C): the shutdown hooks.
        System.exit(0);
    }

    /** @return the configuration, or null when help was asked for */
    static SandboxConfig parse(String[] args) {
        SandboxConfig.Builder b = SandboxConfig.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help":
                case "-h":
                    return null;
                case "--nodes":
                    b.nodes(intValue(arg, value(args, ++i, arg)));
                    break;
                case "--base-port":
                    b.basePort(intValue(arg, value(args, ++i, arg)));
                    break;
                case "--password":
                    b.password(value(args, ++i, arg));
                    break;
                case "--tenant":
                    b.tenant(value(args, ++i, arg));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return b.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a number");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar obproxy-sandbox.jar [--nodes N] [--base-port P] [--password PW] [--tenant T] [--tls]"
                + " [--demo]");
        out.println("  --nodes N       MariaDB nodes, one per zone (default " + SandboxConfig.DEFAULT_NODES
                + ", at most " + SandboxConfig.MAX_NODES + ")");
        out.println("  --base-port P   relays on P.., servers on P+N.., the front end on P+2N (default: free ports)");
        out.println("  --password PW   the tenant user's password (default: random, printed)");
        out.println("  --tenant T      tenant name (default test); the user is root@T");
        out.println("  --tls           the front end also speaks TLS, with a self-signed certificate (path printed)");
        out.println("  --demo          first show where statements run, through jdbc:obproxy and the front end");
        out.println("Runs until Ctrl-C, SIGTERM or end of standard input, then stops every node.");
    }
}
