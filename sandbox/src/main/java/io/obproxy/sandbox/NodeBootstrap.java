package io.obproxy.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What a new cluster's nodes are given before anyone uses them, outside their binlogs (each node
 * gets its own, with {@code sql_log_bin = 0}): the tenant user and the metadata user, the
 * application database, OceanBase's {@code oceanbase} schema ({@link MetadataSchema}) with the
 * rows of the {@link MetadataModel}, and {@code read_only} by the tenant's role.
 *
 * <p>Design note: a one-time step of a cluster's start; what changes later (layouts, leaders,
 * server rows, role) and what a restarted node must be given again is {@link Placement}'s.
 */
final class NodeBootstrap {
    /** The sys-tenant user ODP reads metadata as; here with SELECT on {@code oceanbase.*} and the tenant user's password. */
    static final String METADATA_USER = "proxyro@sys";

    private NodeBootstrap() {
    }

    /** Enters the started {@code nodes} into the model as ACTIVE servers at their relays, then sets up each. */
    static void bootstrap(List<SandboxNode> nodes, SandboxConfig config, MetadataModel model) throws SQLException {
        for (SandboxNode node : nodes) {
            model.addServer(new MetadataModel.Server(node.id(), "127.0.0.1", node.port(), node.serverPort(),
                    node.zone(), node.idc(), node.region(), "ACTIVE", false));
        }
        for (SandboxNode node : nodes) {
            bootstrap(node, config, model);
        }
    }

    private static void bootstrap(SandboxNode node, SandboxConfig config, MetadataModel model) throws SQLException {
        try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            String user = "'" + config.tenantUser() + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY '" + config.password() + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO " + user + " WITH GRANT OPTION");
            st.execute("REVOKE READ_ONLY ADMIN ON *.* FROM " + user); // so that a standby's read_only binds it
            String database = MetadataModel.quote(config.database());
            st.execute("CREATE DATABASE IF NOT EXISTS " + database);
            st.execute("ALTER DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE DATABASE IF NOT EXISTS oceanbase");
            for (String ddl : MetadataSchema.TABLES) {
                st.execute(ddl);
            }
            st.execute(String.format(MetadataSchema.SYS_ONLY_FUNCTION, NodeProcesses.ADMIN_USER));
            for (String view : MetadataSchema.SERVER_VIEWS) {
                st.execute(view);
            }
            String metadata = "'" + METADATA_USER + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + metadata + " IDENTIFIED BY '" + config.password() + "'");
            st.execute("GRANT SELECT ON oceanbase.* TO " + metadata);
            st.execute(String.format(MetadataSchema.PROXY_SCHEMA_VIEW, config.tenant(), MetadataSchema.SYSTEM_DATABASES));
            st.execute(String.format(MetadataSchema.TABLE_LOCATIONS_VIEW, MetadataSchema.SYSTEM_DATABASES));
            st.execute(MetadataSchema.LS_LOCATIONS_VIEW);
            st.execute(MetadataSchema.PART_INDEX_FUNCTION);
            st.execute(MetadataSchema.CHECK_LEADER_PROCEDURE);
            model.writeTo(c);
            Placement.applyRole(st, model);
        }
    }
}
