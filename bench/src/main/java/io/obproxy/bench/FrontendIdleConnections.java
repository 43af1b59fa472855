package io.obproxy.bench;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.WireClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many idle clients the front end holds, and what each costs: a front end in a JVM of its own
 * (the JDK and heap given), over a one-node sandbox; N clients log in (users-file logins, which
 * open no server connection) and stay idle; heap after a full GC, resident memory and threads are
 * read before and after, and one more client must still get an answer.
 *
 * <pre>
 * bench/frontend.sh idle [clients] [java] [heap]     # defaults: 10000, java on the PATH, 512m
 * </pre>
 */
public final class FrontendIdleConnections {
    private FrontendIdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String java = args.length > 1 ? args[1] : "java";
        String heap = args.length > 2 ? args[2] : "512m";
        Path jar = Path.of(args.length > 3 ? args[3] : "driver/target/obproxy-jdbc-0.1.0-SNAPSHOT-all.jar");
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "off");
        try (SandboxCluster cluster = SandboxCluster.start(SandboxConfig.builder().nodes(1).clusterName("benchidle").build())) {
            Path users = Files.createTempFile("frontend-users", "");
            Files.writeString(users, cluster.tenantUser() + " " + cluster.password() + "\n");
            Process fe = new ProcessBuilder(java, "-Xmx" + heap, "-jar", jar.toString(), "--listen", "127.0.0.1:0",
                    "--url", "jdbc:obproxy://" + cluster.seeds() + "/test", "--users", users.toString(),
                    "--max-connections", Integer.toString(clients + 100))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<WireClient> idle = new ArrayList<>(clients);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(fe.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                out.readLine(); // ready
                InetSocketAddress at = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
                List<WireClient> warmUp = new ArrayList<>();
                login(at, cluster, 200, warmUp); // classes loaded, code compiled
                for (WireClient c : warmUp) {
                    c.close();
                }
                Thread.sleep(1000);
                Memory before = Memory.of(fe.pid());
                long t0 = System.nanoTime();
                login(at, cluster, clients, idle);
                long loginMillis = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(2000);
                Memory after = Memory.of(fe.pid());
                boolean answers;
                try (WireClient probe = WireClient.login(at, cluster.tenantUser(), cluster.password(), 30_000)) {
                    byte[] reply = probe.command(new byte[] {0x03, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'});
                    answers = reply.length == 1 && reply[0] == 1; // a result with one column
                }
                System.out.printf("front end: %s -Xmx%s, %d idle clients logged in in %d ms (%d/s)%n", java, heap, clients,
                        loginMillis, clients * 1000L / Math.max(1, loginMillis));
                System.out.printf("heap after full GC: %,d KB before, %,d KB after: %.2f KB per idle client%n",
                        before.heapKb, after.heapKb, (after.heapKb - before.heapKb) / (double) clients);
                System.out.printf("resident: %,d KB before, %,d KB after: %.2f KB per idle client%n",
                        before.rssKb, after.rssKb, (after.rssKb - before.rssKb) / (double) clients);
                System.out.printf("threads: %d before, %d after; still answering: %s; alive: %s%n", before.threads,
                        after.threads, answers, fe.isAlive());
                System.out.println("largest classes on the heap (jcmd GC.class_histogram):");
                Memory.jcmd(fe.pid(), "GC.class_histogram").lines().skip(1).limit(17).forEach(System.out::println);
            } finally {
                for (WireClient c : idle) {
                    c.close();
                }
                fe.destroy();
                fe.waitFor(30, TimeUnit.SECONDS);
                Files.deleteIfExists(users);
            }
        }
    }

    private static void login(InetSocketAddress at, SandboxCluster cluster, int n, List<WireClient> into) throws IOException {
        for (int i = 0; i < n; i++) {
            into.add(WireClient.login(at, cluster.tenantUser(), cluster.password(), 30_000));
        }
    }

    /** Heap after a full GC (jcmd), resident set and threads (/proc) of a process. */
    private record Memory(long heapKb, long rssKb, long threads) {
        private static final Pattern USED = Pattern.compile("used (\\d+)K");

        static Memory of(long pid) throws IOException, InterruptedException {
            jcmd(pid, "GC.run");
            Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
            long heap = m.find() ? Long.parseLong(m.group(1)) : -1;
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Memory(heap, rss, threads);
        }

        private static String jcmd(long pid, String command) throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
    }
}
