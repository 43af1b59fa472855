package io.obproxy.cluster;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What config servers said, per URL, for one driver instance: read again when older than the
 * caller's bound, the last answer kept (with a WARN) when the config server cannot be read, so
 * that an unreachable config server does not stop connections to clusters already known.
 */
public final class ConfigServerDirectory {
    private static final Logger log = LoggerFactory.getLogger(ConfigServerDirectory.class);

    private record Answer(List<ConfigServer.Entry> entries, long readAtNanos) {
    }

    private final Map<String, Answer> answers = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param maxAgeMillis how old a remembered answer may be before it is read again
     * @throws SQLException when the config server cannot be read and nothing is remembered
     */
    public List<ConfigServer.Entry> clusters(String url, long maxAgeMillis, int timeoutMillis) throws SQLException {
        lock.lock();
        try {
            Answer known = answers.get(url);
            if (known != null && System.nanoTime() - known.readAtNanos() <= maxAgeMillis * 1_000_000L) {
                return known.entries();
            }
            try {
                List<ConfigServer.Entry> entries = ConfigServer.read(url, timeoutMillis);
                answers.put(url, new Answer(entries, System.nanoTime()));
                return entries;
            } catch (SQLException e) {
                if (known == null) {
                    throw e;
                }
                log.warn("{}; using its previous answer", e.getMessage());
                log.debug("config server failure", e);
                return known.entries();
            }
        } finally {
            lock.unlock();
        }
    }
}
