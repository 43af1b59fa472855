package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.it.SandboxExtension;
import io.obproxy.sandbox.SandboxCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The driver's utf8mb4_general_ci weight table against the server's own: every code point of the
 * Basic Multilingual Plane (surrogates excluded), weighed by MariaDB's {@code WEIGHT_STRING}, must
 * weigh the same in {@link Collations}. (The same check regenerates the resource if MariaDB ever
 * changes: the mismatches it prints are the runs to fix.)
 */
@ExtendWith(SandboxExtension.class)
class GeneralCiWeightsIT {
    private final SandboxCluster cluster;

    GeneralCiWeightsIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void everyBmpCodePointWeighsAsTheServerSays() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement()) {
            st.execute("SET SESSION max_recursive_iterations = 70000");
            try (ResultSet rs = st.executeQuery("WITH RECURSIVE cp(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM cp"
                    + " WHERE n < 65535) SELECT n, CONV(HEX(WEIGHT_STRING(CONVERT(CHAR(n USING ucs2) USING utf8mb4)"
                    + " COLLATE utf8mb4_general_ci)), 16, 10) FROM cp WHERE n < 55296 OR n > 57343")) {
                while (rs.next()) {
                    int cp = rs.getInt(1);
                    int server = rs.getInt(2);
                    if (Collations.generalCiWeight(cp) != server && mismatches.size() < 20) {
                        mismatches.add(String.format("U+%04X: driver %04X, server %04X", cp,
                                Collations.generalCiWeight(cp), server));
                    }
                    checked++;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT HEX(WEIGHT_STRING(_utf8mb4 X'F09F9880' COLLATE utf8mb4_general_ci))")) {
                rs.next();
                assertEquals("FFFD", rs.getString(1), "a character above the BMP weighs U+FFFD");
            }
        }
        assertEquals(65536 - 2048, checked);
        assertTrue(mismatches.isEmpty(), "weights differ: " + mismatches);
    }
}
