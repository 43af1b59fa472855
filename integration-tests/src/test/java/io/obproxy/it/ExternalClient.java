package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real clients the front end is tested with: mariadb, mariadb-dump, python3 (PyMySQL),
 * sysbench, haproxy, all Debian packages that .ci/run installs. A missing one fails the test with
 * the package to install; a client that does not finish in time is killed and fails it too.
 */
final class ExternalClient {
    /** What a finished client said. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private ExternalClient() {
    }

    /** @return the path of {@code binary} on the PATH; fails naming the Debian package when it is missing */
    static String require(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary).toString();
            }
        }
        throw new AssertionError(binary + " is not installed: apt-get install " + debianPackage + " (.ci/run does)");
    }

    /** Starts a client; its standard input is closed at once, its output read by {@link #finish}. */
    static Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        return p;
    }

    /** Runs a client to its end, feeding it {@code stdin} (may be null). */
    static Result run(Duration timeout, String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException exitedEarly) {
            // the client did not read all of it; its exit code and output say why
        }
        return finish(p, timeout, String.join(" ", Arrays.asList(command)));
    }

    /** Waits for a started client and collects what it wrote. */
    static Result finish(Process p, Duration timeout, String what) throws InterruptedException {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p, false));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, true));
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Result r = new Result(done ? p.exitValue() : -1, out.join(), err.join());
        assertTrue(done, what + " did not finish within " + timeout + ": " + r);
        return r;
    }

    private static String read(Process p, boolean err) {
        try {
            return new String((err ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
