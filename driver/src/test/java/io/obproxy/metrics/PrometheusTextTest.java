package io.obproxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text exposition format, line by line, with values changed on purpose between two writes. */
class PrometheusTextTest {
    private final ClusterMetrics cluster = new ClusterMetrics("app@t1/10.0.0.1:2881", true, () -> 7, () -> 3);

    private enum Reason { PINNED, LEADER }

    @Test
    void countersCarryTheirLabelsAndChangeBetweenWrites() {
        ServerMetrics server = cluster.server("10.0.0.1:2881");
        server.routed(Reason.LEADER, false);
        String before = PrometheusText.format(cluster.series());
        assertTrue(before.contains("obproxy_routes_total{cluster=\"app@t1/10.0.0.1:2881\",reason=\"leader\"} 1\n"), before);
        assertTrue(before.contains("obproxy_routes_total{cluster=\"app@t1/10.0.0.1:2881\",reason=\"pinned\"} 0\n"), before);
        assertTrue(before.contains("obproxy_server_routes_total{cluster=\"app@t1/10.0.0.1:2881\",server=\"10.0.0.1:2881\"} 1\n"),
                before);
        server.routed(Reason.LEADER, false);
        server.routed(Reason.PINNED, false);
        server.routed(Reason.LEADER, true);
        String after = PrometheusText.format(cluster.series());
        assertTrue(after.contains("obproxy_routes_total{cluster=\"app@t1/10.0.0.1:2881\",reason=\"leader\"} 3\n"), after);
        assertTrue(after.contains("obproxy_idc_routes_total{cluster=\"app@t1/10.0.0.1:2881\"} 1\n"), after);
        assertTrue(after.contains("obproxy_routes_total{cluster=\"app@t1/10.0.0.1:2881\",reason=\"pinned\"} 1\n"), after);
        assertTrue(after.contains("obproxy_location_cache_entries{cluster=\"app@t1/10.0.0.1:2881\"} 7\n"), after);
    }

    @Test
    void eachMetricHasOneHelpAndOneTypeLineBeforeItsSamples() {
        cluster.server("10.0.0.1:2881");
        cluster.server("10.0.0.2:2881");
        String text = PrometheusText.format(cluster.series());
        String[] lines = text.split("\n");
        Map<String, Integer> types = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            if (line.startsWith("# HELP ")) {
                current = line.split(" ")[2];
            } else if (line.startsWith("# TYPE ")) {
                assertEquals(current, line.split(" ")[2], "TYPE after its HELP");
                types.merge(current, 1, Integer::sum);
            } else {
                assertTrue(line.startsWith(current), line + " under " + current);
            }
        }
        types.forEach((name, count) -> assertEquals(1, count, name));
        assertTrue(text.contains("# TYPE obproxy_physical_connections gauge\n"), text);
        assertTrue(text.contains("# TYPE obproxy_failovers_total counter\n"), text);
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void aTimerIsASummaryWithCountAndSumInSeconds() {
        cluster.locationLoaded(1_500_000_000L, true);
        cluster.locationLoaded(500_000_000L, false);
        String text = PrometheusText.format(cluster.series());
        assertTrue(text.contains("# TYPE obproxy_location_load_seconds summary\n"), text);
        assertTrue(text.contains("obproxy_location_load_seconds_count{cluster=\"app@t1/10.0.0.1:2881\"} 2\n"), text);
        assertTrue(text.contains("obproxy_location_load_seconds_sum{cluster=\"app@t1/10.0.0.1:2881\"} 2.0\n"), text);
        assertTrue(text.contains("obproxy_location_load_failures_total{cluster=\"app@t1/10.0.0.1:2881\"} 1\n"), text);
    }

    @Test
    void labelValuesAreEscaped() {
        Series odd = new Series(Metric.LOGICAL_CONNECTIONS, Map.of("cluster", "a\"b\\c\nd"), () -> 4, null);
        assertTrue(PrometheusText.format(List.of(odd)).contains("obproxy_logical_connections{cluster=\"a\\\"b\\\\c\\nd\"} 4\n"));
    }

    @Test
    void withMetricsOffNothingIsCounted() {
        ClusterMetrics off = new ClusterMetrics("off", false, () -> 0, () -> 0);
        off.server("10.0.0.1:2881").routed(Reason.LEADER, false);
        off.retried(true);
        off.transactionLost();
        assertEquals(0, off.total(Metric.SERVER_ROUTES) + off.total(Metric.ROUTES) + off.total(Metric.RETRIES)
                + off.total(Metric.TRANSACTIONS_LOST));
    }

    @Test
    void theFrontEndsSeriesHaveNoLabels() {
        FrontendMetrics frontend = new FrontendMetrics(() -> 2);
        frontend.received(100);
        frontend.sent(40);
        frontend.sent(2);
        String text = PrometheusText.format(frontend.series());
        assertTrue(text.contains("obproxy_frontend_clients 2\n"), text);
        assertTrue(text.contains("obproxy_frontend_received_bytes_total 100\n"), text);
        assertTrue(text.contains("obproxy_frontend_sent_bytes_total 42\n"), text);
    }
}
