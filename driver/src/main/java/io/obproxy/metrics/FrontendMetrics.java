package io.obproxy.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The front end's own numbers: clients, refused logins, bytes to and from clients. Lock-free adds;
 * the bytes are counted per socket read and write, not per byte.
 */
public final class FrontendMetrics {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder loginsRefused = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongSupplier clients;

    /** @param clients reads the number of clients connected now */
    public FrontendMetrics(LongSupplier clients) {
        this.clients = clients;
    }

    public void accepted() {
        accepted.increment();
    }

    public void loginRefused() {
        loginsRefused.increment();
    }

    public void received(long bytes) {
        received.add(bytes);
    }

    public void sent(long bytes) {
        sent.add(bytes);
    }

    /** @return the front end's series, live */
    public List<Series> series() {
        return List.of(new Series(Metric.FRONTEND_CLIENTS, Map.of(), clients, null),
                new Series(Metric.FRONTEND_CLIENTS_ACCEPTED, Map.of(), accepted::sum, null),
                new Series(Metric.FRONTEND_LOGINS_REFUSED, Map.of(), loginsRefused::sum, null),
                new Series(Metric.FRONTEND_BYTES_RECEIVED, Map.of(), received::sum, null),
                new Series(Metric.FRONTEND_BYTES_SENT, Map.of(), sent::sum, null));
    }
}
