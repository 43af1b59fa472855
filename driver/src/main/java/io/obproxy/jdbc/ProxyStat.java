package io.obproxy.jdbc;

import io.obproxy.cluster.Deployment;
import io.obproxy.metrics.Metric;
import io.obproxy.metrics.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of {@code SHOW PROXYSTAT} (ODP's name for its statistics): one per series of the
 * connection's own clusters (its deployment: a cluster, or a primary and its standbys), so a
 * connection sees the numbers of the clusters it uses and no other's. Anyone on the connection may
 * ask: the rows hold counts, no data, no SQL, no credentials (docs/metrics.md). A timer gives two
 * rows, {@code <name>_count} and {@code <name>_sum_micros}.
 */
final class ProxyStat {
    static final List<String> COLUMNS = List.of("name", "cluster", "server", "labels", "value");
    static final Set<String> NUMERIC = Set.of("value");

    private ProxyStat() {
    }

    static List<List<String>> rows(Deployment deployment) {
        List<List<String>> rows = new ArrayList<>();
        for (Deployment.Member member : deployment.members()) {
            for (Series s : member.cluster().metrics().series()) {
                String name = s.metric().prometheusName();
                if (s.metric().type() == Metric.Type.TIMER) {
                    rows.add(row(name + "_count", s, s.value()));
                    rows.add(row(name + "_sum_micros", s, Math.round(s.totalSeconds() * 1e6)));
                } else {
                    rows.add(row(name, s, s.value()));
                }
            }
        }
        return rows;
    }

    private static List<String> row(String name, Series s, long value) {
        Map<String, String> labels = s.labels();
        String others = labels.entrySet().stream().filter(e -> !e.getKey().equals("cluster") && !e.getKey().equals("server"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return List.of(name, labels.getOrDefault("cluster", ""), labels.getOrDefault("server", ""), others,
                Long.toString(value));
    }
}
