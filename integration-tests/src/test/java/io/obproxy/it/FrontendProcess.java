package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The front end as users run it: {@code java -jar obproxy-jdbc-<version>-all.jar} in a JVM of its
 * own (any JDK), over a sandbox cluster, with the tenant user in a users file. Started until it
 * prints {@code ready}; its log (standard error) is kept for assertions.
 */
final class FrontendProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer log = new StringBuffer();

    private FrontendProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return the runnable jar the build made */
    static Path jar() {
        Path jar = Path.of(System.getProperty("obproxy.frontend.jar", "../driver/target/obproxy-jdbc-0.1.0-SNAPSHOT-all.jar"));
        assertTrue(Files.exists(jar), jar + " is missing: run `mvn -B verify` (it packages the driver first)");
        return jar;
    }

    /**
     * @param java     the java binary to run it with
     * @param jvmArgs  options for that JVM ({@code -Xmx256m})
     * @param dir      where to write the users file
     * @param options  front-end options beyond --listen, --url and --users
     */
    static FrontendProcess start(String java, List<String> jvmArgs, SandboxCluster cluster, Path dir, String... options)
            throws IOException {
        Path users = dir.resolve("users");
        Files.writeString(users, cluster.tenantUser() + " " + cluster.password() + "\n");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar().toString(), "--listen", "127.0.0.1:0", "--url",
                "jdbc:obproxy://" + cluster.seeds() + "/test", "--users", users.toString()));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).start();
        FrontendProcess fp = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            String second = out.readLine();
            assertTrue(first != null && first.matches("frontend 127\\.0\\.0\\.1:\\d+"), "first line: " + first);
            assertEquals("ready", second);
            fp = new FrontendProcess(p, Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
            fp.keepLog();
            return fp;
        } finally {
            if (fp == null) {
                p.destroyForcibly();
            }
        }
    }

    private void keepLog() {
        Thread t = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    log.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "frontend-log");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String log() {
        return log.toString();
    }

    /** Sends SIGTERM and waits for the exit. @return the exit code */
    int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "no exit " + timeoutSeconds + " s after SIGTERM");
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
