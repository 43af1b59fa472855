package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: the sandbox jar starts 3 nodes, prints them, a URL, the front end
 * and {@code ready} within 60 s; a plain MySQL client sees 3 ACTIVE servers, the mariadb client
 * logs in through the front end; SIGTERM leaves no mariadbd behind.
 */
class SandboxCliIT {
    private static Process start(String... options) throws Exception {
        Path jar = Path.of(System.getProperty("obproxy.sandbox.jar", "../sandbox/target/obproxy-sandbox.jar"));
        assertTrue(Files.exists(jar), jar + " is missing: run `mvn -B verify` (it packages the sandbox first)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * The README's first command: the demo goes through jdbc:obproxy and the front end, then the
     * sandbox runs on until its input ends.
     */
    @Test
    void demoShowsStatementsSpreadSteeredAndATransactionPinned() throws Exception {
        Process process = start("--demo");
        List<String> demo = new ArrayList<>();
        boolean frontendLine = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                frontendLine |= line.startsWith("frontend 127.0.0.1:");
                if (line.startsWith("demo:")) {
                    demo.add(line);
                }
            }
            assertEquals("ready", line, "the demo ends with ready: " + demo);
            assertTrue(process.isAlive(), "and the sandbox runs on");
            process.getOutputStream().close(); // the end of input stops it
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), demo.toString());
        assertTrue(frontendLine, "a frontend line before the demo");
        assertEquals(11, demo.size(), demo.toString());
        assertTrue(demo.get(7).endsWith("reason LEADER"), demo.get(7));
        assertTrue(demo.get(2).endsWith("ran on node [1, 2, 3]"), demo.get(2));
        assertTrue(demo.get(3).contains("node 3: hello +08:00"), demo.get(3));
        String pinned = demo.get(4);
        String node = pinned.substring(pinned.indexOf("ran on node ") + 12, pinned.indexOf("ran on node ") + 13);
        assertEquals(3, pinned.split("ran on node " + node, -1).length - 1, "all three inserts on one node: " + pinned);
        for (String placed : demo.get(6).substring(demo.get(6).indexOf('[') + 1, demo.get(6).length() - 1).split(", ")) {
            String ran = placed.substring(placed.indexOf("-> node ") + 8, placed.indexOf("-> node ") + 9);
            String leader = placed.substring(placed.lastIndexOf("node ") + 5, placed.lastIndexOf("node ") + 6);
            assertEquals(leader, ran, placed);
        }
        String weak = demo.get(8);
        String weakLeader = weak.substring(weak.lastIndexOf("the leader is node ") + 19, weak.lastIndexOf(')'));
        String weakNodes = weak.substring(weak.indexOf("ran on node [") + 13, weak.indexOf(']'));
        assertTrue(!weakNodes.contains(weakLeader), "weak reads never on the leader: " + weak);
        assertTrue(demo.get(9).matches("demo: the same with proxyIdcName=idc(\\d) ran on node \\1 .*"), demo.get(9));
        assertTrue(demo.get(10).matches("demo: through the front end .* ran on node (\\d) \\(leader of partition 1: node \\1\\)"),
                demo.get(10));
    }

    @Test
    void startsPrintsReadyAndStopsEveryServerOnSigterm() throws Exception {
        Process process = start("--nodes", "3");
        List<String> pids = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            long start = System.nanoTime();
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals("ready", line, "output so far: " + lines);
            assertTrue(seconds < 60, "ready after " + seconds + " s");
            assertEquals(6, lines.size(), lines.toString());
            for (int i = 0; i < 3; i++) {
                assertTrue(lines.get(i).matches("node " + (i + 1) + " 127\\.0\\.0\\.1:\\d+ zone" + (i + 1)), lines.get(i));
            }
            String[] user = lines.get(3).split(" ");
            assertEquals("root@test", user[1]);
            assertTrue(lines.get(4).startsWith("jdbc jdbc:obproxy://127.0.0.1:"), lines.get(4));
            assertTrue(lines.get(5).matches("frontend 127\\.0\\.0\\.1:\\d+"), lines.get(5));
            String frontendPort = lines.get(5).substring(lines.get(5).lastIndexOf(':') + 1);
            ExternalClient.Result viaFrontend = ExternalClient.run(Duration.ofSeconds(30), null,
                    ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1", "-P" + frontendPort, "-u" + user[1],
                    "-p" + user[2], "-N", "test", "-e", Sql.TENANT_SERVER_COUNT);
            assertEquals("3\n", viaFrontend.out(), "the README's mariadb command: " + viaFrontend);
            for (int i = 0; i < 3; i++) {
                String address = lines.get(i).split(" ")[2];
                try (Connection c = DriverManager.getConnection("jdbc:mysql://" + address + "/test", user[1], user[2])) {
                    assertEquals(List.of(List.of("3")),
                            Sql.rows(c, Sql.TENANT_SERVER_COUNT));
                    String pidFile = Sql.scalar(c, "SELECT @@pid_file");
                    pids.add(Files.readString(Path.of(pidFile)).trim());
                }
            }
        } finally {
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sandbox did not exit after SIGTERM");
        }
        for (String pid : pids) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "mariadbd " + pid + " still running after SIGTERM");
        }
        assertFalse(workDirOf(process.pid()), "the sandbox's files are left behind");
    }

    /** @return true when a sandbox work directory owned by that process still exists */
    private static boolean workDirOf(long pid) throws java.io.IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "obproxy-sandbox");
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.resolve("owner.pid")).filter(Files::exists).anyMatch(owner -> {
                try {
                    return Files.readString(owner).startsWith(pid + " ");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }
}
