package io.obproxy.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after sandboxes whose JVM died hard (SIGKILL, a crashed test fork): their
 * {@code mariadbd} processes outlive them and keep ports and memory. Each work directory records
 * its owner's pid; a later start kills the servers of directories whose owner is gone (only
 * processes whose command line names that directory) and deletes the directory. The owner is
 * recorded as pid and start time, so that a recycled pid does not keep a dead sandbox alive.
 */
final class StaleSandboxReaper {
    private static final Logger log = LoggerFactory.getLogger(StaleSandboxReaper.class);
    private static final String OWNER_FILE = "owner.pid";

    private StaleSandboxReaper() {
    }

    /** Records the current JVM as the owner of a work directory. */
    static void claim(Path workDir) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(workDir.resolve(OWNER_FILE), self.pid() + " " + startMillis(self));
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** @return true when the process that wrote {@code owner} ("pid startMillis") still runs */
    private static boolean alive(String owner) {
        String[] parts = owner.trim().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive);
        return process.isPresent() && (parts.length < 2 || startMillis(process.get()) == Long.parseLong(parts[1]));
    }

    /** Reaps every directory under {@code root} whose owner process no longer exists. */
    static void reap(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).collect(Collectors.toList());
        }
        for (Path dir : dirs) {
            Optional<String> owner = owner(dir);
            if (owner.isPresent() && !alive(owner.get())) {
                killServersOf(dir);
                delete(dir);
                log.warn("reaped sandbox {} left by dead process {}", dir, owner.get().split(" ")[0]);
            }
        }
    }

    private static Optional<String> owner(Path dir) {
        try {
            String owner = Files.readString(dir.resolve(OWNER_FILE));
            Long.parseLong(owner.trim().split(" ")[0]);
            return Optional.of(owner);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not a sandbox dir, or one still being created
        }
    }

    private static void killServersOf(Path dir) {
        String marker = dir.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains("mariadbd") && cmd.contains(marker))
                        .orElse(false))
                .forEach(p -> {
                    log.warn("killing orphaned mariadbd pid {} of {}", p.pid(), dir);
                    p.destroyForcibly();
                });
    }

    /**
     * Deletes a directory tree, best effort: failures are retried once and logged, and the owner
     * file goes last, so that a directory left half-deleted is still reaped by a later start.
     */
    private static final int DELETE_ATTEMPTS = 5;

    static void delete(Path dir) {
        for (int attempt = 0; attempt < DELETE_ATTEMPTS && Files.exists(dir); attempt++) {
            if (attempt > 0) {
                SandboxCluster.sleep(100); // a file written after the walk (a server's last flush)
            }
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            } catch (IOException | UncheckedIOException e) {
                continue; // files vanished under the walk; look again
            }
            Path owner = dir.resolve(OWNER_FILE);
            paths.remove(owner);
            paths.add(paths.size() - 1, owner);
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    if (attempt == DELETE_ATTEMPTS - 1) {
                        log.warn("could not delete {}: {}", p, e.toString());
                    }
                }
            }
        }
    }
}
