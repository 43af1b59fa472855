package io.obproxy.metrics;

import java.util.Locale;

/**
 * Every metric the driver and the front end keep: its name in Prometheus form, its type, what it is
 * counted per (a cluster, one of its servers, the front end), the label that splits it further, if
 * any, and what it means. JMX attribute names, Micrometer meter names, {@code SHOW PROXYSTAT} rows and
 * docs/metrics.md all derive from this one list.
 */
public enum Metric {
    ROUTES("obproxy_routes_total", Type.COUNTER, Scope.CLUSTER, "reason",
            "Statement attempts routed, by why they went where they went: pinned, sticky, forced, leader,"
                    + " follower, default (a route reason as EXPLAIN ROUTE shows it)"),
    IDC_ROUTES("obproxy_idc_routes_total", Type.COUNTER, Scope.CLUSTER, null,
            "Weak reads routed to a replica in the client's IDC (proxyIdcName or @proxy_idc_name), ODP's LDC"
                    + " routing; each is also counted under its reason (follower or leader)"),
    LOCATION_CACHE_HITS("obproxy_location_cache_hits_total", Type.COUNTER, Scope.CLUSTER, null,
            "Table location lookups answered by the location cache"),
    LOCATION_CACHE_MISSES("obproxy_location_cache_misses_total", Type.COUNTER, Scope.CLUSTER, null,
            "Table location lookups that had to wait for a load"),
    LOCATION_LOADS("obproxy_location_load_seconds", Type.TIMER, Scope.CLUSTER, null,
            "Table location loads from the metadata (first loads and background refreshes) and the time they took"),
    LOCATION_LOAD_FAILURES("obproxy_location_load_failures_total", Type.COUNTER, Scope.CLUSTER, null,
            "Table location loads that failed (the metadata could not be read)"),
    LOCATION_CACHE_ENTRIES("obproxy_location_cache_entries", Type.GAUGE, Scope.CLUSTER, null,
            "Tables in the location cache, known or known not to exist"),
    STALE_ROUTE_REFUSALS("obproxy_stale_route_refusals_total", Type.COUNTER, Scope.CLUSTER, null,
            "Statements a server refused before executing them because the route was stale (not the leader,"
                    + " partition moved, schema changed): the table's location is read again"),
    REROUTES("obproxy_reroutes_total", Type.COUNTER, Scope.CLUSTER, null,
            "Statements a server refused before executing them, sent again on a fresh route"),
    RETRIES("obproxy_retries_total", Type.COUNTER, Scope.CLUSTER, null,
            "Attempts sent again after a failure judged safe to retry (refusals, connects, broken reads"
                    + " outside a transaction)"),
    RETRIED_STATEMENTS("obproxy_retried_statements_total", Type.COUNTER, Scope.CLUSTER, "outcome",
            "Statements that needed more than one attempt, by how they ended: succeeded or failed"),
    TRANSACTIONS_LOST("obproxy_transactions_lost_total", Type.COUNTER, Scope.CLUSTER, "sqlstate",
            "Failures the application got as lost work: 40001 (the connection holding the transaction or pinned"
                    + " state failed) or 08007 (a write or COMMIT was sent and its answer lost)"),
    SWITCHOVERS("obproxy_switchovers_total", Type.COUNTER, Scope.CLUSTER, null,
            "Changes of the tenant's role (primary, standby) seen in the metadata"),
    PINS("obproxy_pins_total", Type.COUNTER, Scope.CLUSTER, "kind",
            "Sessions that became pinned to a server, by what pinned them: transaction, temporary_table,"
                    + " user_lock, lock_tables, prepared_sql, xa, cursor, callable"),
    LOGICAL_CONNECTIONS("obproxy_logical_connections", Type.GAUGE, Scope.CLUSTER, null,
            "Logical connections open on the cluster"),
    SERVER_LIST_AGE("obproxy_server_list_age_seconds", Type.GAUGE, Scope.CLUSTER, null,
            "Seconds since the server list was last read from the metadata (-1: never)"),
    SERVER_ROUTES("obproxy_server_routes_total", Type.COUNTER, Scope.SERVER, null,
            "Statement attempts routed to the server"),
    PHYSICAL_CONNECTIONS("obproxy_physical_connections", Type.GAUGE, Scope.SERVER, null,
            "Physical connections open to the server"),
    FAILOVERS("obproxy_failovers_total", Type.COUNTER, Scope.SERVER, null,
            "Times the server left ACTIVE (SUSPECT or DEAD): statements then go to other servers first"),
    SERVER_HEALTH("obproxy_server_health", Type.GAUGE, Scope.SERVER, null,
            "The server's health: 0 ACTIVE, 1 SUSPECT, 2 DEAD"),
    FRONTEND_CLIENTS("obproxy_frontend_clients", Type.GAUGE, Scope.FRONTEND, null,
            "Clients connected to the front end now"),
    FRONTEND_CLIENTS_ACCEPTED("obproxy_frontend_clients_accepted_total", Type.COUNTER, Scope.FRONTEND, null,
            "Client connections the front end accepted (refused ones over max-connections included)"),
    FRONTEND_LOGINS_REFUSED("obproxy_frontend_logins_refused_total", Type.COUNTER, Scope.FRONTEND, null,
            "Client logins refused with 1045 Access denied (by the users file or by the cluster)"),
    FRONTEND_BYTES_RECEIVED("obproxy_frontend_received_bytes_total", Type.COUNTER, Scope.FRONTEND, null,
            "Bytes read from clients"),
    FRONTEND_BYTES_SENT("obproxy_frontend_sent_bytes_total", Type.COUNTER, Scope.FRONTEND, null,
            "Bytes written to clients");

    /** How a metric's value behaves. */
    public enum Type {
        /** Only grows (until the process restarts). */
        COUNTER,
        /** A level that goes up and down. */
        GAUGE,
        /** A count of events and their total time. */
        TIMER
    }

    /** What one series of the metric is counted for, and so which labels it carries. */
    public enum Scope {
        /** One cluster: label {@code cluster}. */
        CLUSTER,
        /** One server of a cluster: labels {@code cluster} and {@code server} (host:port). */
        SERVER,
        /** The front end as a whole: no label. */
        FRONTEND
    }

    private final String prometheusName;
    private final Type type;
    private final Scope scope;
    private final String label;
    private final String help;

    Metric(String prometheusName, Type type, Scope scope, String label, String help) {
        this.prometheusName = prometheusName;
        this.type = type;
        this.scope = scope;
        this.label = label;
        this.help = help;
    }

    /** @return the name in Prometheus's form (also {@code SHOW PROXYSTAT}'s) */
    public String prometheusName() {
        return prometheusName;
    }

    /** @return the name in Micrometer's form: dotted, without Prometheus's unit and {@code _total} suffixes */
    public String meterName() {
        String name = prometheusName;
        for (String suffix : new String[] {"_total", "_seconds", "_bytes"}) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return name.replace('_', '.');
    }

    public Type type() {
        return type;
    }

    public Scope scope() {
        return scope;
    }

    /** @return the label that splits the metric beyond its scope's, or null */
    public String label() {
        return label;
    }

    /** @return what the metric means */
    public String help() {
        return help;
    }

    /** @return the table of every metric, as docs/metrics.md shows it */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| metric (Prometheus, SHOW PROXYSTAT) | Micrometer | type | labels | JMX"
                + " attribute | meaning |\n|---|---|---|---|---|---|\n");
        for (Metric m : values()) {
            String labels = switch (m.scope) {
                case CLUSTER -> "cluster";
                case SERVER -> "cluster, server";
                case FRONTEND -> "";
            };
            if (m.label != null) {
                labels = labels + ", " + m.label;
            }
            String jmx = m.scope == Scope.FRONTEND ? "-" : "`" + SeriesMBean.attributeBase(m)
                    + (m.type == Type.TIMER ? "Count`, `" + SeriesMBean.attributeBase(m) + "Sum" : "")
                    + (m.label == null ? "" : "_<" + m.label + ">") + "` on `type=" + (m.scope == Scope.SERVER ? "Server"
                    : "Cluster") + "`";
            sb.append("| `").append(m.prometheusName).append("` | `").append(m.meterName()).append("` | ")
                    .append(m.type.name().toLowerCase(Locale.ROOT)).append(" | ").append(labels)
                    .append(" | ").append(jmx).append(" | ").append(m.help.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
