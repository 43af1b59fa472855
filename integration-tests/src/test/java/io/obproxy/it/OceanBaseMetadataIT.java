package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.oceanbase.OceanBaseCEContainer;

/**
 * The metadata queries the sandbox emulates, run against a real single-node OceanBase CE, to pin
 * the facts the emulation copies. Runs where Docker exists; skipped (with the reason
 * "Docker is not available") where not.
 */
@Testcontainers(disabledWithoutDocker = true)
class OceanBaseMetadataIT {
    @Container
    static final OceanBaseCEContainer OCEANBASE = new OceanBaseCEContainer("oceanbase/oceanbase-ce:4.2.1-lts");

    @Test
    void odpQueriesAnswerOnRealOceanBase() throws SQLException {
        try (Connection sys = DriverManager.getConnection(OCEANBASE.getJdbcUrl(), "root@sys", "")) {
            List<List<String>> servers = Sql.rows(sys, SandboxMetadataIT.SERVERS_SQL);
            assertEquals(1, servers.size());
            assertEquals("ACTIVE", servers.get(0).get(4));
        }
        try (Connection c = DriverManager.getConnection(OCEANBASE.getJdbcUrl(), OCEANBASE.getUsername(),
                OCEANBASE.getPassword())) {
            Sql.exec(c, "CREATE TABLE tc_hash (id BIGINT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 4");
            assertEquals("PRIMARY", Sql.scalar(c, "SELECT tenant_role FROM oceanbase.DBA_OB_TENANTS"
                    + " WHERE tenant_name = 'test'"));
            List<Long> tablets = SandboxMetadataIT.tablets(c, "tc_hash");
            assertEquals(4, tablets.size());
            assertFalse(SandboxMetadataIT.location(c, "tc_hash", tablets.get(2)).isEmpty());
            assertEquals(List.of(List.of("1", "0", "4", "id")),
                    Sql.rows(c, "SELECT part_level, part_type, part_num, part_key_name"
                            + " FROM oceanbase.__all_virtual_proxy_partition_info WHERE tenant_name = 'test'"
                            + " AND table_id = " + SandboxMetadataIT.tableId(c, "tc_hash")));
        }
    }
}
