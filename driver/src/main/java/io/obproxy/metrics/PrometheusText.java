package io.obproxy.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes series in Prometheus's text exposition format (version 0.0.4): per metric one
 * {@code # HELP} and one {@code # TYPE} line, then a sample line per series; a timer is a summary
 * with {@code _count} and {@code _sum} (seconds) samples. Label values and help texts are escaped
 * as the format requires (backslash, double quote in label values, line feed).
 */
public final class PrometheusText {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /** @return the exposition of {@code series}, grouped by metric in the order they first appear */
    public static String format(List<Series> series) {
        Map<Metric, StringBuilder> byMetric = new LinkedHashMap<>();
        for (Series s : series) {
            StringBuilder sb = byMetric.computeIfAbsent(s.metric(), PrometheusText::header);
            String name = s.metric().prometheusName();
            if (s.metric().type() == Metric.Type.TIMER) {
                sample(sb, name + "_count", s.labels(), Long.toString(s.value()));
                sample(sb, name + "_sum", s.labels(), Double.toString(s.totalSeconds()));
            } else {
                sample(sb, name, s.labels(), Long.toString(s.value()));
            }
        }
        StringBuilder out = new StringBuilder();
        byMetric.values().forEach(out::append);
        return out.toString();
    }

    private static StringBuilder header(Metric metric) {
        String type = switch (metric.type()) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case TIMER -> "summary";
        };
        return new StringBuilder().append("# HELP ").append(metric.prometheusName()).append(' ')
                .append(metric.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n')
                .append("# TYPE ").append(metric.prometheusName()).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, Map<String, String> labels, String value) {
        sb.append(name);
        if (!labels.isEmpty()) {
            sb.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                sb.append(separator).append(label.getKey()).append("=\"").append(label.getValue().replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
                separator = ",";
            }
            sb.append('}');
        }
        sb.append(' ').append(value).append('\n');
    }
}
