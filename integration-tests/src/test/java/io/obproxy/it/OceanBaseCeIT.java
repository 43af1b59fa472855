package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.oceanbase.OceanBaseCEContainer;

/**
 * What the sandbox emulates and the driver computes, checked against a real single-node OceanBase
 * CE: ODP's metadata queries, and the partition the driver computes for key values of every type
 * it routes (the facts docs/routing.md calls unverified). Runs where Docker exists; skipped (with
 * the reason "Docker is not available") where not.
 */
@Testcontainers(disabledWithoutDocker = true)
class OceanBaseCeIT {
    @Container
    static final OceanBaseCEContainer OCEANBASE = new OceanBaseCEContainer("oceanbase/oceanbase-ce:4.2.1-lts");

    /** Key column type, then SQL literals of values of it. */
    private static final Map<String, List<String>> KEY_VALUES = new LinkedHashMap<>();

    static {
        KEY_VALUES.put("BIGINT", List.of("-5", "0", "7", "9223372036854775807", "-9223372036854775808"));
        KEY_VALUES.put("BIGINT UNSIGNED", List.of("0", "18446744073709551615", "9223372036854775808"));
        KEY_VALUES.put("DOUBLE", List.of("1.5", "-0.0", "0", "1e300", "-2.25"));
        KEY_VALUES.put("DECIMAL(12,2)", List.of("0", "1.5", "-1.5", "123456789.01", "-0.01", "1000000000", "0.5"));
        KEY_VALUES.put("DATE", List.of("DATE '2024-01-15'", "'1970-01-01'", "'1969-12-31'", "'2999-12-31'"));
        KEY_VALUES.put("DATETIME(6)", List.of("'2024-01-15 10:20:30.123456'", "'1970-01-01 00:00:00'",
                "'1900-02-28 23:59:59'"));
        KEY_VALUES.put("TIME", List.of("'-12:00:00'", "'838:59:59'", "'00:00:01'"));
        KEY_VALUES.put("YEAR", List.of("2024", "1901", "2155"));
        KEY_VALUES.put("VARCHAR(32) COLLATE utf8mb4_general_ci", List.of("'abc'", "'xyz '", "'Stra\u00dfe'",
                "'\u00e9t\u00e9'", "'\u4e2d\u6587'", "''"));
        KEY_VALUES.put("VARCHAR(32) COLLATE utf8mb4_bin", List.of("'abc'", "'xyz '", "'\u00e9t\u00e9'", "''"));
        KEY_VALUES.put("VARBINARY(16)", List.of("X'00ff10'", "'abc  '"));
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(OCEANBASE.getJdbcUrl(), OCEANBASE.getUsername(), OCEANBASE.getPassword());
    }

    /** The driver, reading locations through the tenant user; the seed is the only server (mapped port). */
    private static Connection driver() throws SQLException {
        return DriverManager.getConnection("jdbc:obproxy://" + OCEANBASE.getHost() + ":" + OCEANBASE.getMappedPort(2881)
                + "/test?discoverServers=false&clusterWideProcesslist=false", OCEANBASE.getUsername(),
                OCEANBASE.getPassword());
    }

    /**
     * For KEY over every type the driver routes, and HASH, RANGE COLUMNS and LIST COLUMNS: each value
     * is inserted, then the partition the driver computes for it (EXPLAIN ROUTE) must be the one
     * OceanBase put it in ({@code SELECT ... PARTITION (p<n>)}). Every mismatch is reported at once.
     */
    @Test
    void theDriversPartitionsAreOceanBases() throws SQLException {
        List<String> mismatches = new ArrayList<>();
        int table = 0;
        try (Connection c = direct(); Connection d = driver()) {
            for (Map.Entry<String, List<String>> type : KEY_VALUES.entrySet()) {
                String name = "tc_key_" + table++;
                Sql.exec(c, "CREATE TABLE " + name + " (k " + type.getKey() + ") PARTITION BY KEY(k) PARTITIONS 7");
                check(c, d, name, type.getValue(), mismatches);
            }
            Sql.exec(c, "CREATE TABLE tc_hash_id (k BIGINT) PARTITION BY HASH(k) PARTITIONS 5");
            check(c, d, "tc_hash_id", KEY_VALUES.get("BIGINT"), mismatches);
            Sql.exec(c, "CREATE TABLE tc_range_s (k VARCHAR(16) COLLATE utf8mb4_general_ci) PARTITION BY RANGE COLUMNS(k)"
                    + " (PARTITION p0 VALUES LESS THAN ('b'), PARTITION p1 VALUES LESS THAN ('m'),"
                    + " PARTITION p2 VALUES LESS THAN (MAXVALUE))");
            check(c, d, "tc_range_s", List.of("'a'", "'B'", "'lzz'", "'M'", "'zz'"), mismatches);
            Sql.exec(c, "CREATE TABLE tc_list_d (k DATE) PARTITION BY LIST COLUMNS(k)"
                    + " (PARTITION p0 VALUES IN ('2024-01-01', '2024-01-02'), PARTITION p1 VALUES IN ('2024-02-01'),"
                    + " PARTITION p2 VALUES IN (DEFAULT))");
            check(c, d, "tc_list_d", List.of("'2024-01-02'", "'2024-02-01'", "'2025-01-01'"), mismatches);
        }
        assertEquals(List.of(), mismatches);
    }

    private static void check(Connection direct, Connection driver, String table, List<String> literals,
                              List<String> mismatches) throws SQLException {
        for (String literal : literals) {
            Sql.exec(direct, "INSERT INTO " + table + " (k) VALUES (" + literal + ")");
        }
        for (String literal : literals) {
            List<String> route = Sql.rows(driver, "EXPLAIN ROUTE SELECT * FROM " + table + " WHERE k = " + literal).get(0);
            String partition = route.get(1);
            if (partition.isEmpty()) {
                mismatches.add(table + " " + literal + ": " + route.get(5));
            } else if (!"1".equals(Sql.scalar(direct, "SELECT COUNT(*) FROM " + table + " PARTITION (p" + partition
                    + ") WHERE k = " + literal))) {
                mismatches.add(table + " " + literal + ": the driver says partition " + partition + ", OceanBase does not");
            }
        }
    }

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
