package io.obproxy.session;

import io.obproxy.cluster.LocationCache;
import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.Replica;
import io.obproxy.cluster.TableLocation;
import io.obproxy.route.NotRoutableException;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.PartitionRouter;
import io.obproxy.route.RouteDecision;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.TableName;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ODP's routing diagnostics, as rows: {@code EXPLAIN ROUTE <statement>} (one row per table the
 * statement names, saying what the driver knows of it: partition, tablet, replicas with roles, and
 * where the statement would go, and why; nothing is executed) and {@code SHOW PROXYROUTE} (the
 * cached table locations).
 */
final class RouteDiagnostics {
    /** Column names of {@link #explain} rows. */
    static final List<String> EXPLAIN_COLUMNS = List.of("table_name", "partition_index", "tablet_id", "candidates",
            "chosen_server", "reason");
    /** Column names of {@link #proxyRoutes} rows. */
    static final List<String> PROXY_ROUTE_COLUMNS = List.of("database_name", "table_name", "table_id",
            "part_level", "tablets", "schema_version", "state");

    private RouteDiagnostics() {
    }

    /**
     * @param decision where the statement would go, or null when no server may run it
     * @param noRoute  why no server may run it, when {@code decision} is null
     */
    static List<List<String>> explain(LocationCache locations, SqlInfo info, String database, ZoneId zone,
                                      RouteDecision decision, String noRoute) {
        List<List<String>> rows = new ArrayList<>();
        String chosen = decision == null ? "" : decision.server().toString();
        String reason = decision == null ? "NOT_ROUTABLE: " + noRoute : decision.reason().name();
        if (info.tables().isEmpty()) {
            rows.add(List.of("", "", "", "", chosen, reason + ": the statement names no table"));
            return rows;
        }
        for (TableName table : info.tables()) {
            String db = table.database() != null ? table.database() : database;
            String name = db == null ? table.table() : db + "." + table.table();
            Optional<TableLocation> location = db == null ? Optional.empty() : locations.get(db, table.table());
            if (location.isEmpty()) {
                rows.add(List.of(name, "", "", "", chosen, reason + "; not routable: no location for this table"));
                continue;
            }
            TableLocation loc = location.get();
            try {
                long tablet = PartitionRouter.tablet(loc, info.keyValuesOf(table), ParameterValues.NONE, zone);
                rows.add(List.of(name, partitionIndex(loc, tablet), Long.toString(tablet), candidates(loc, tablet),
                        chosen, reason));
            } catch (NotRoutableException e) {
                rows.add(List.of(name, "", "", "", chosen, reason + "; not routable: " + e.getMessage()));
            }
        }
        return rows;
    }

    /** @return one row per table location the cluster has cached, by database and table */
    static List<List<String>> proxyRoutes(LocationCache locations) {
        List<List<String>> rows = new ArrayList<>();
        locations.entries().forEach((key, location) -> rows.add(location.map(l -> List.of(key.database(),
                key.table(), Long.toString(l.tableId()), Integer.toString(l.isPartitioned()
                        ? (l.subLevels().isEmpty() ? 1 : 2) : 0), Integer.toString(l.replicas().size()),
                Long.toString(l.schemaVersion()), "AVAILABLE"))
                .orElse(List.of(key.database(), key.table(), "", "", "", "", "NOT_FOUND"))));
        rows.sort(Comparator.comparing((List<String> r) -> r.get(0)).thenComparing(r -> r.get(1)));
        return rows;
    }

    private static String partitionIndex(TableLocation loc, long tablet) {
        if (!loc.isPartitioned()) {
            return "0";
        }
        List<Long> first = loc.first().tabletIds();
        for (int p = 0; p < first.size(); p++) {
            if (first.get(p) == tablet) {
                return Integer.toString(p);
            }
            if (!loc.subLevels().isEmpty()) {
                PartitionLevel sub = loc.subLevels().get(p);
                int s = sub.tabletIds().indexOf(tablet);
                if (s >= 0) {
                    return p + "." + s;
                }
            }
        }
        return "";
    }

    private static String candidates(TableLocation loc, long tablet) {
        StringBuilder sb = new StringBuilder();
        List<Replica> replicas = loc.replicasOf(tablet);
        for (Replica r : replicas == null ? List.<Replica>of() : replicas) {
            sb.append(sb.length() == 0 ? "" : ",").append(r.server()).append(r.leader() ? "(LEADER)" : "(FOLLOWER)");
        }
        return sb.toString();
    }
}
