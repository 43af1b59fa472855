package io.obproxy.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The numbers of one cluster as one driver instance sees it: created with the cluster, exported
 * (JMX, Micrometer) while the cluster exists, read by {@code SHOW PROXYSTAT} and the front end's
 * {@code /metrics}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Hot path: the methods that count (routes, retries, pins, cache lookups ...) do one striped
 *   add ({@link LongAdder}) or one atomic add, take no lock and allocate nothing. Route reasons and
 *   pin kinds are counted by enum ordinal ({@link EnumCounters}).</li>
 *   <li>Off ({@code metrics=false}): the counting methods return at once; gauges that read the
 *   cluster's own state (physical and logical connections, health) still answer.</li>
 *   <li>Readers ask {@link #series()}: live {@link Series}, made on each call; a reader that keeps
 *   series (Micrometer) is told through {@link #onNewSeries} when more exist (a server seen for the
 *   first time, the first route of a kind).</li>
 * </ul>
 */
public final class ClusterMetrics {
    private final String name;
    private final boolean on;
    private final Map<String, String> labels;
    private final List<Runnable> newSeriesListeners = new CopyOnWriteArrayList<>();
    private final Map<String, ServerMetrics> servers = new ConcurrentHashMap<>();
    private final EnumCounters routes = new EnumCounters(this::seriesAdded);
    private final EnumCounters pins = new EnumCounters(this::seriesAdded);
    private final LongAdder idcRoutes = new LongAdder();
    private final LongAdder locationHits = new LongAdder();
    private final LongAdder locationMisses = new LongAdder();
    private final LongAdder locationLoads = new LongAdder();
    private final LongAdder locationLoadNanos = new LongAdder();
    private final LongAdder locationLoadFailures = new LongAdder();
    private final LongAdder staleRouteRefusals = new LongAdder();
    private final LongAdder reroutes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder retriedSucceeded = new LongAdder();
    private final LongAdder retriedFailed = new LongAdder();
    private final LongAdder transactionsLost = new LongAdder();
    private final LongAdder outcomesUnknown = new LongAdder();
    private final LongAdder switchovers = new LongAdder();
    private final AtomicLong logicalConnections = new AtomicLong();
    private final LongSupplier locationEntries;
    private final LongSupplier serverListAgeSeconds;

    /**
     * @param name                 the cluster as labels show it
     * @param on                   false: nothing is counted (gauges still read)
     * @param locationEntries      reads the number of entries of the cluster's location cache
     * @param serverListAgeSeconds reads the seconds since the server list was read (-1: never)
     */
    public ClusterMetrics(String name, boolean on, LongSupplier locationEntries, LongSupplier serverListAgeSeconds) {
        this.name = name;
        this.on = on;
        this.labels = Map.of("cluster", name);
        this.locationEntries = locationEntries;
        this.serverListAgeSeconds = serverListAgeSeconds;
    }

    /** @return the cluster as the {@code cluster} label shows it */
    public String name() {
        return name;
    }

    /** @return false when counting is off ({@code metrics=false}) */
    public boolean on() {
        return on;
    }

    /** @return the metrics of {@code address} ({@code host:port}), made when first asked for */
    public ServerMetrics server(String address) {
        ServerMetrics known = servers.get(address);
        if (known != null) {
            return known;
        }
        ServerMetrics made = new ServerMetrics(this, address);
        known = servers.putIfAbsent(address, made);
        if (known != null) {
            return known;
        }
        seriesAdded();
        return made;
    }

    /** @return the servers listed or used so far, with their health and connections */
    public List<ServerMetrics> servers() {
        return List.copyOf(servers.values());
    }

    void routed(Enum<?> reason, boolean inClientIdc) {
        routes.increment(reason);
        if (inClientIdc) {
            idcRoutes.increment();
        }
    }

    /** A session became pinned to a server for {@code kind} (a pin reason). */
    public void pinned(Enum<?> kind) {
        if (on) {
            pins.increment(kind);
        }
    }

    /** The location cache answered {@code count} lookups. */
    public void locationHits(int count) {
        if (on) {
            locationHits.add(count);
        }
    }

    /** {@code count} lookups waited for a load. */
    public void locationMisses(int count) {
        if (on) {
            locationMisses.add(count);
        }
    }

    /** A location load ended after {@code nanos}; {@code ok} false when it failed. */
    public void locationLoaded(long nanos, boolean ok) {
        if (on) {
            locationLoads.increment();
            locationLoadNanos.add(nanos);
            if (!ok) {
                locationLoadFailures.increment();
            }
        }
    }

    /** A server refused a statement for a stale location or schema. */
    public void staleRouteRefused() {
        if (on) {
            staleRouteRefusals.increment();
        }
    }

    /** An attempt is sent again; {@code afterRefusal} when a server refused it before executing it. */
    public void retried(boolean afterRefusal) {
        if (on) {
            retries.increment();
            if (afterRefusal) {
                reroutes.increment();
            }
        }
    }

    /** A statement that needed more than one attempt ended. */
    public void retriedStatementEnded(boolean succeeded) {
        if (on) {
            (succeeded ? retriedSucceeded : retriedFailed).increment();
        }
    }

    /** The application got 40001: the transaction (or pinned state) was lost with its connection. */
    public void transactionLost() {
        if (on) {
            transactionsLost.increment();
        }
    }

    /** The application got 08007: a write or COMMIT was sent and its answer lost. */
    public void outcomeUnknown() {
        if (on) {
            outcomesUnknown.increment();
        }
    }

    /** The tenant's role changed (a switchover). */
    public void switchedOver() {
        if (on) {
            switchovers.increment();
        }
    }

    /** A logical connection took the cluster up. */
    public void logicalOpened() {
        logicalConnections.incrementAndGet();
    }

    /** A logical connection let go of the cluster. */
    public void logicalClosed() {
        logicalConnections.decrementAndGet();
    }

    /** Tells {@code listener} whenever more series exist than before (it then reads {@link #series()} again). */
    public void onNewSeries(Runnable listener) {
        newSeriesListeners.add(listener);
    }

    private void seriesAdded() {
        newSeriesListeners.forEach(Runnable::run);
    }

    /** @return every series of the cluster and its servers, live */
    public List<Series> series() {
        List<Series> out = new ArrayList<>();
        routes.series(Metric.ROUTES, labels, out);
        add(out, Metric.IDC_ROUTES, idcRoutes::sum);
        add(out, Metric.LOCATION_CACHE_HITS, locationHits::sum);
        add(out, Metric.LOCATION_CACHE_MISSES, locationMisses::sum);
        out.add(new Series(Metric.LOCATION_LOADS, labels, locationLoads::sum, locationLoadNanos::sum));
        add(out, Metric.LOCATION_LOAD_FAILURES, locationLoadFailures::sum);
        add(out, Metric.LOCATION_CACHE_ENTRIES, locationEntries);
        add(out, Metric.STALE_ROUTE_REFUSALS, staleRouteRefusals::sum);
        add(out, Metric.REROUTES, reroutes::sum);
        add(out, Metric.RETRIES, retries::sum);
        out.add(new Series(Metric.RETRIED_STATEMENTS, Series.with(labels, "outcome", "succeeded"),
                retriedSucceeded::sum, null));
        out.add(new Series(Metric.RETRIED_STATEMENTS, Series.with(labels, "outcome", "failed"), retriedFailed::sum,
                null));
        out.add(new Series(Metric.TRANSACTIONS_LOST, Series.with(labels, "sqlstate", "40001"), transactionsLost::sum,
                null));
        out.add(new Series(Metric.TRANSACTIONS_LOST, Series.with(labels, "sqlstate", "08007"), outcomesUnknown::sum,
                null));
        add(out, Metric.SWITCHOVERS, switchovers::sum);
        pins.series(Metric.PINS, labels, out);
        add(out, Metric.LOGICAL_CONNECTIONS, logicalConnections::get);
        add(out, Metric.SERVER_LIST_AGE, serverListAgeSeconds);
        servers.values().forEach(s -> s.series(labels, out));
        return out;
    }

    private void add(List<Series> out, Metric metric, LongSupplier value) {
        out.add(new Series(metric, labels, value, null));
    }

    /** @return the sum of every series of {@code metric} in this cluster (all labels, all servers) */
    public long total(Metric metric) {
        long sum = 0;
        for (Series s : series()) {
            if (s.metric() == metric) {
                sum += s.value();
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return "ClusterMetrics[" + name + "]";
    }
}
