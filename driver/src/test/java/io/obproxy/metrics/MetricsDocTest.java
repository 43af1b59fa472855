package io.obproxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/metrics.md's table of metrics is generated from {@link Metric}; -Dobproxy.updateDocs=true rewrites it. */
class MetricsDocTest {
    @Test
    void theMetricTableInTheDocsIsCurrent() throws IOException {
        Path doc = Path.of("..", "docs", "metrics.md");
        String text = Files.readString(doc);
        String begin = "<!-- metrics: generated from Metric by MetricsDocTest -->\n";
        String end = "<!-- end of metrics -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "docs/metrics.md lacks the markers of its generated table");
        String current = text.substring(0, from + begin.length()) + Metric.markdownTable() + text.substring(to);
        if (Boolean.getBoolean("obproxy.updateDocs")) {
            Files.writeString(doc, current);
        }
        assertEquals(current, Files.readString(doc), "docs/metrics.md is stale: run mvn -pl driver test"
                + " -Dtest=MetricsDocTest -Dobproxy.updateDocs=true");
    }
}
