package io.obproxy.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One series of a {@link Metric}: its labels and a live reader of its value. Reading costs a sum of
 * striped counters at most; readers (JMX, Micrometer, Prometheus, {@code SHOW PROXYSTAT}) keep a
 * series and read it whenever they are asked.
 */
public final class Series {
    private final Metric metric;
    private final Map<String, String> labels;
    private final LongSupplier value;
    private final LongSupplier totalNanos;

    /**
     * @param labels     label name to value, in the order they are shown
     * @param value      the counter's or gauge's value; a timer's count
     * @param totalNanos a timer's total time in nanoseconds; null for other types
     */
    Series(Metric metric, Map<String, String> labels, LongSupplier value, LongSupplier totalNanos) {
        this.metric = metric;
        this.labels = labels;
        this.value = value;
        this.totalNanos = totalNanos;
    }

    public Metric metric() {
        return metric;
    }

    /** @return label name to value: {@code cluster}, {@code server}, then the metric's own label, as present */
    public Map<String, String> labels() {
        return labels;
    }

    /** @return the value now: a counter's count, a gauge's level, a timer's number of events */
    public long value() {
        return value.getAsLong();
    }

    /** @return a timer's total time in seconds; 0 for other types */
    public double totalSeconds() {
        return totalNanos == null ? 0 : totalNanos.getAsLong() / 1e9;
    }

    /** @return {@code labels} and one more */
    static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(name, value);
        return Collections.unmodifiableMap(more);
    }

    @Override
    public String toString() {
        return metric.prometheusName() + labels + " " + value();
    }
}
