package io.obproxy.sandbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * What the sandbox says about its cluster: servers and zones, tenants, and the declared tables with
 * their partitions, tablets and leaders. The single source of truth; {@link #writeTo} copies it
 * into one node's {@code oceanbase} tables in one transaction, outside the binlog.
 *
 * <p>Numbering, stable across runs: a table's id is {@code 500000 + CRC32("db.table")} (the same
 * formula the location view uses for tables nobody declared); declared tablets get ids from
 * 200001 up; partition {@code i} has {@code part_id = i}, sub-partition {@code j} of it
 * {@code sub_part_id = j}. Not thread-safe: {@link SandboxCluster} serialises changes.
 */
final class MetadataModel {
    static final String BUILD_VERSION = "4.3.5.0_sandbox(MariaDB 10.11)";
    private static final int USER_TENANT_ID = 1002;
    private static final long FIRST_TABLET_ID = 200001;

    /** One OBServer as DBA_OB_SERVERS shows it, with its zone's compaction state. */
    record Server(int id, String ip, int sqlPort, int svrPort, String zone, String idc, String region,
                  String status, boolean compacting) {
        Server withStatus(String newStatus) {
            return new Server(id, ip, sqlPort, svrPort, zone, idc, region, newStatus, compacting);
        }

        Server withCompacting(boolean on) {
            return new Server(id, ip, sqlPort, svrPort, zone, idc, region, status, on);
        }
    }

    /** One tablet of a declared table; the leader moves. */
    static final class Tablet {
        final int ordinal;
        final int part;
        final int sub;
        final long tabletId;
        int leader;

        Tablet(int ordinal, int part, int sub, long tabletId, int leader) {
            this.ordinal = ordinal;
            this.part = part;
            this.sub = sub;
            this.tabletId = tabletId;
            this.leader = leader;
        }
    }

    /** A declared table with everything resolved: key column types, tablets, version. */
    record DeclaredTable(TableLayout layout, long tableId, long schemaVersion, List<KeyColumn> keys,
                         List<List<KeyColumn>> subKeys, List<Tablet> tablets) {
        int partLevel() {
            if (layout.partitioning() == null) {
                return 0;
            }
            return subKeys.isEmpty() ? 1 : 2;
        }
    }

    private final String tenant;
    private String tenantRole;
    private final List<Server> servers = new ArrayList<>();
    private final Map<String, DeclaredTable> tables = new LinkedHashMap<>();
    private final Timestamp createdAt = new Timestamp(System.currentTimeMillis());
    private long nextTabletId = FIRST_TABLET_ID;
    private long lastSchemaVersion;

    MetadataModel(String tenant, String tenantRole) {
        this.tenant = tenant;
        this.tenantRole = tenantRole;
    }

    /** @param role PRIMARY or STANDBY, as DBA_OB_TENANTS.TENANT_ROLE shows the user tenant */
    void setTenantRole(String role) {
        this.tenantRole = role;
    }

    String tenantRole() {
        return tenantRole;
    }

    void addServer(Server server) {
        servers.add(server);
    }

    List<Server> servers() {
        return List.copyOf(servers);
    }

    void setStatus(int serverId, String status) {
        servers.replaceAll(s -> s.id() == serverId ? s.withStatus(status) : s);
    }

    void setCompacting(int serverId, boolean on) {
        servers.replaceAll(s -> s.id() == serverId ? s.withCompacting(on) : s);
    }

    static long tableId(String database, String table) {
        CRC32 crc = new CRC32();
        crc.update((database + "." + table).getBytes(StandardCharsets.UTF_8));
        return 500000 + crc.getValue();
    }

    /** @return the node that leads a table nobody declared, as the location view computes it */
    int autoLeader(String database, String table) {
        return (int) (1 + (tableId(database, table) - 500000) % servers.size());
    }

    /**
     * Declares (or re-declares) a table.
     *
     * @param keys    first-level key columns, resolved
     * @param subKeys per partition, its sub-partition key columns; empty when one level
     */
    DeclaredTable declare(TableLayout layout, List<KeyColumn> keys, List<List<KeyColumn>> subKeys) {
        List<Tablet> tablets = new ArrayList<>();
        int[] leaders = layout.explicitLeaders();
        Partitioning first = layout.partitioning();
        int parts = first == null ? 1 : first.count();
        for (int p = 0; p < parts; p++) {
            Partitioning sub = layout.subpartitioning(p);
            int subs = sub == null ? 1 : sub.count();
            for (int s = 0; s < subs; s++) {
                int ordinal = tablets.size();
                int leader = leaders == null ? ordinal % servers.size() + 1 : leaderAt(leaders, ordinal, layout);
                tablets.add(new Tablet(ordinal, p, sub == null ? -1 : s, nextTabletId++, leader));
            }
        }
        if (leaders != null && leaders.length != tablets.size()) {
            throw new IllegalArgumentException(layout + ": " + leaders.length + " leaders given for "
                    + tablets.size() + " tablets");
        }
        long version = Math.max(System.currentTimeMillis() * 1000, lastSchemaVersion + 1);
        lastSchemaVersion = version;
        DeclaredTable declared = new DeclaredTable(layout, tableId(layout.database(), layout.table()), version,
                keys, subKeys, List.copyOf(tablets));
        tables.put(key(layout.database(), layout.table()), declared);
        return declared;
    }

    private int leaderAt(int[] leaders, int ordinal, TableLayout layout) {
        if (ordinal >= leaders.length) {
            return 0; // reported once all tablets are counted
        }
        checkNode(leaders[ordinal], layout.toString());
        return leaders[ordinal];
    }

    List<DeclaredTable> declaredTables() {
        return List.copyOf(tables.values());
    }

    DeclaredTable table(String database, String table) {
        return tables.get(key(database, table));
    }

    /**
     * Moves the leader of one tablet. {@code sub} is -1 for a table without sub-partitions.
     *
     * @return the tablet's id
     */
    long moveLeader(String database, String table, int part, int sub, int node) {
        DeclaredTable declared = tables.get(key(database, table));
        if (declared == null) {
            throw new IllegalArgumentException(database + "." + table + " is not declared");
        }
        checkNode(node, "moveLeader");
        for (Tablet t : declared.tablets()) {
            if (t.part == part && t.sub == sub) {
                t.leader = node;
                return t.tabletId;
            }
        }
        throw new IllegalArgumentException(database + "." + table + " has no tablet at partition " + part
                + (sub < 0 ? "" : ", sub-partition " + sub));
    }

    private void checkNode(int node, String what) {
        if (node < 1 || node > servers.size()) {
            throw new IllegalArgumentException(what + ": node " + node + " (expected: 1.." + servers.size() + ")");
        }
    }

    /**
     * Writes one tablet's leader on one node, outside the binlog: a one-row update, so that a leader
     * move under load waits for (never deadlocks with) the 4038 triggers reading the same table.
     */
    static void writeLeader(Connection admin, long tabletId, int leader) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.executeUpdate("UPDATE oceanbase.__sandbox_tablet SET leader_id = " + leader + " WHERE tablet_id = "
                    + tabletId);
        }
    }

    /** Rewrites every model table on one node, atomically, without writing to its binlog. */
    void writeTo(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            admin.setAutoCommit(false);
            try {
                for (String table : MetadataSchema.MODEL_TABLES) {
                    st.executeUpdate("DELETE FROM oceanbase." + table);
                }
                writeServers(admin);
                writeTenants(admin);
                for (DeclaredTable t : tables.values()) {
                    writeTable(admin, t);
                }
                admin.commit();
            } catch (SQLException | RuntimeException e) {
                admin.rollback();
                throw e;
            } finally {
                admin.setAutoCommit(true);
            }
        }
    }

    private void writeServers(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO oceanbase.__sandbox_server VALUES"
                + " (?,?,?,?,?,?,?,?,NULL,NULL,?,?,?,NULL)");
             PreparedStatement z = c.prepareStatement("INSERT INTO oceanbase.DBA_OB_ZONES VALUES (?,?,?,?,?,?,?)");
             PreparedStatement m = c.prepareStatement("INSERT INTO oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION"
                     + " VALUES (?,1,1,?,?,?)")) {
            for (Server server : servers) {
                int i = 1;
                s.setString(i++, server.ip());
                s.setInt(i++, server.svrPort());
                s.setInt(i++, server.id());
                s.setString(i++, server.zone());
                s.setInt(i++, server.sqlPort());
                s.setString(i++, server.id() == 1 ? "YES" : "NO");
                s.setString(i++, server.status());
                s.setTimestamp(i++, "ACTIVE".equals(server.status()) ? createdAt : null);
                s.setTimestamp(i++, createdAt);
                s.setTimestamp(i++, createdAt);
                s.setString(i, BUILD_VERSION);
                s.addBatch();
                z.setString(1, server.zone());
                z.setTimestamp(2, createdAt);
                z.setTimestamp(3, createdAt);
                z.setString(4, "ACTIVE");
                z.setString(5, server.idc());
                z.setString(6, server.region());
                z.setString(7, "ReadWrite");
                z.addBatch();
                m.setString(1, server.zone());
                m.setTimestamp(2, createdAt);
                m.setTimestamp(3, createdAt);
                m.setString(4, server.compacting() ? "COMPACTING" : "IDLE");
                m.addBatch();
            }
            s.executeBatch();
            z.executeBatch();
            m.executeBatch();
        }
    }

    private void writeTenants(Connection c) throws SQLException {
        StringBuilder locality = new StringBuilder();
        for (Server server : servers) {
            locality.append(locality.length() == 0 ? "" : ", ").append("FULL{1}@").append(server.zone());
        }
        try (PreparedStatement t = c.prepareStatement("INSERT INTO oceanbase.DBA_OB_TENANTS VALUES"
                + " (?,?,?,?,?,'RANDOM',?,NULL,'MYSQL','NORMAL','NO','NO',?,'NORMAL',0,"
                + " NULL,NULL,NULL,NULL,'NOARCHIVELOG','DISABLED',1,'4.3.5.0',1001)")) {
            addTenant(t, 1, "sys", "SYS", locality.toString(), "PRIMARY");
            addTenant(t, USER_TENANT_ID, tenant, "USER", locality.toString(), tenantRole);
            t.executeBatch();
        }
    }

    private void addTenant(PreparedStatement t, int id, String name, String type, String locality, String role)
            throws SQLException {
        t.setInt(1, id);
        t.setString(2, name);
        t.setString(3, type);
        t.setTimestamp(4, createdAt);
        t.setTimestamp(5, createdAt);
        t.setString(6, locality);
        t.setString(7, role);
        t.addBatch();
    }

    private void writeTable(Connection c, DeclaredTable t) throws SQLException {
        TableLayout layout = t.layout();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO oceanbase.__sandbox_table VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, t.tableId());
            ps.setString(2, layout.database());
            ps.setString(3, layout.table());
            ps.setInt(4, t.partLevel());
            ps.setInt(5, t.tablets().size());
            ps.setLong(6, t.schemaVersion());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO oceanbase.__sandbox_tablet VALUES (?,?,?,?,?,?)")) {
            for (Tablet tablet : t.tablets()) {
                ps.setLong(1, tablet.tabletId);
                ps.setLong(2, t.tableId());
                ps.setInt(3, tablet.ordinal);
                ps.setInt(4, tablet.part);
                ps.setInt(5, tablet.sub);
                ps.setInt(6, tablet.leader);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (layout.partitioning() != null) {
            PartitionRows rows = new PartitionRows(tenant, t);
            rows.write(c);
        }
    }

    /** @return the statements that (re)install the 4038 triggers of a table, empty when its keys are not computable */
    static List<String> triggerStatements(DeclaredTable t) {
        List<String> sql = new ArrayList<>();
        if (!PartitionRows.checkable(t)) {
            return sql;
        }
        String db = quote(t.layout().database());
        String table = quote(t.layout().table());
        String key1 = quote(t.keys().get(0).name());
        String key2 = t.subKeys().isEmpty() ? null : quote(t.subKeys().get(0).get(0).name());
        String[][] events = {{"bi", "BEFORE INSERT", "NEW"}, {"bu", "BEFORE UPDATE", "OLD"}, {"bd", "BEFORE DELETE", "OLD"}};
        for (String[] e : events) {
            String name = db + "." + quote("obsb_" + t.tableId() + "_" + e[0]);
            sql.add("DROP TRIGGER IF EXISTS " + name);
            sql.add("CREATE TRIGGER " + name + " " + e[1] + " ON " + db + "." + table + " FOR EACH ROW CALL"
                    + " oceanbase.__sandbox_check_leader(" + t.tableId() + ", " + e[2] + "." + key1 + ", "
                    + (key2 == null ? "NULL" : e[2] + "." + key2) + ")");
        }
        return sql;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String key(String database, String table) {
        return database.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
    }
}
