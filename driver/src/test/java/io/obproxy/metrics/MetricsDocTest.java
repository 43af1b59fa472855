package io.obproxy.metrics;

import io.obproxy.GeneratedDocTable;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** docs/metrics.md's table of metrics is generated from {@link Metric}; -Dobproxy.updateDocs=true rewrites it. */
class MetricsDocTest {
    @Test
    void theMetricTableInTheDocsIsCurrent() throws IOException {
        GeneratedDocTable.check("metrics.md", "<!-- metrics: generated from Metric by MetricsDocTest -->\n",
                "<!-- end of metrics -->", Metric.markdownTable());
    }
}
