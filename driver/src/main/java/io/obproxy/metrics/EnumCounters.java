package io.obproxy.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters split by the constants of one enum (route reasons, pin reasons), indexed by ordinal: an
 * increment is one striped add, no lookup, no allocation. The enum is learned from the first constant
 * counted, so that this package needs to know none of the enums it counts; until then there are no
 * series. Label values are the constants' names in lower case.
 */
final class EnumCounters {
    private record Counts(Enum<?>[] constants, LongAdder[] adders) {
    }

    private final AtomicReference<Counts> counts = new AtomicReference<>();
    private final Runnable onFirst;

    /** @param onFirst told once, when the first constant is counted (new series exist) */
    EnumCounters(Runnable onFirst) {
        this.onFirst = onFirst;
    }

    void increment(Enum<?> constant) {
        Counts c = counts.get();
        if (c == null) {
            c = start(constant);
        }
        c.adders[constant.ordinal()].increment();
    }

    private Counts start(Enum<?> constant) {
        Enum<?>[] constants = constant.getDeclaringClass().getEnumConstants();
        LongAdder[] adders = new LongAdder[constants.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        if (counts.compareAndSet(null, new Counts(constants, adders))) {
            onFirst.run();
        }
        return counts.get();
    }

    /** Adds a series per constant to {@code out}: {@code labels} and the metric's own label. */
    void series(Metric metric, Map<String, String> labels, List<Series> out) {
        Counts c = counts.get();
        if (c == null) {
            return;
        }
        for (int i = 0; i < c.constants.length; i++) {
            LongAdder adder = c.adders[i];
            out.add(new Series(metric, Series.with(labels, metric.label(), c.constants[i].name().toLowerCase(Locale.ROOT)),
                    adder::sum, null));
        }
    }
}
