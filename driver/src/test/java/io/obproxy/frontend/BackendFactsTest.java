package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What the front end answers as its cluster's servers would, by the version it announces. */
class BackendFactsTest {
    private static String refusal(String version) {
        SQLException e = new BackendFacts(version).localInfileRefused();
        return e.getErrorCode() + " " + e.getSQLState();
    }

    @Test
    void aLoadDataLocalOfAClientWithoutLocalFilesIsRefusedAsTheServersRefuseIt() {
        assertEquals("4166 HY000", refusal("10.11.6-MariaDB"), "MariaDB 10.5+");
        assertEquals("1148 42000", refusal("5.7.25-OceanBase-v4.2.1.0"), "OceanBase, MySQL 5.7");
        assertEquals("1148 42000", refusal(null), "the provisional MySQL 8.0 before the cluster's version is known");
    }
}
