package io.obproxy.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Classifies SQL texts with a bounded cache: a statement the application runs again costs a hash
 * lookup. A text is cached the second time it is seen (a small table of hashes remembers the
 * first): texts with literal values in them rarely come again, and caching each one would cost more
 * than parsing it. Thread-safe; one instance is shared by every connection of a driver instance
 * (races on the table of hashes only delay caching).
 */
public final class SqlClassifier {
    private static final int SEEN_SLOTS = 4096;

    private final Cache<String, SqlInfo> cache;
    private final int[] seen = new int[SEEN_SLOTS];

    /** @param maxEntries texts kept; 0 disables caching */
    public SqlClassifier(long maxEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    /** @return the classification of {@code sql}, from the cache when it was seen before */
    public SqlInfo classify(String sql) {
        SqlInfo info = cache.getIfPresent(sql);
        if (info != null) {
            return info;
        }
        info = StatementParser.parse(sql);
        int hash = sql.hashCode();
        int slot = (hash ^ hash >>> 16) & (SEEN_SLOTS - 1);
        if (seen[slot] == hash) {
            cache.put(sql, info);
        } else {
            seen[slot] = hash;
        }
        return info;
    }
}
