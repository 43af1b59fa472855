package io.obproxy.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Classifies SQL texts with a bounded cache: a statement the application runs again costs a hash
 * lookup. Thread-safe; one instance is shared by every connection of a driver instance.
 */
public final class SqlClassifier {
    private final Cache<String, SqlInfo> cache;

    /** @param maxEntries texts kept; 0 disables caching */
    public SqlClassifier(long maxEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    /** @return the classification of {@code sql}, from the cache when it was seen before */
    public SqlInfo classify(String sql) {
        SqlInfo info = cache.getIfPresent(sql);
        if (info == null) {
            info = StatementParser.parse(sql);
            cache.put(sql, info);
        }
        return info;
    }
}
