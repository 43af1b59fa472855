package io.obproxy.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every property of the driver itself, with its type, default, bounds and description: the one
 * registry from which URL and {@link java.util.Properties} parsing, {@link ObProxyDataSource}'s
 * setters, {@link ObProxyDriver#getPropertyInfo} and docs/configuration.md are derived.
 * Properties not listed here pass through unchanged to Connector/J's physical connections.
 */
public enum ObProxyProperty {
    USER("user", Type.STRING, null, "Login name in ODP's forms: user, user@tenant, user@tenant#cluster,"
            + " user@tenant#cluster:clusterId or cluster:tenant:user. Servers are logged in to as user@tenant."),
    PASSWORD("password", Type.STRING, null, "Password of the user. Never logged, printed or put in exceptions."),
    METADATA_USER("metadataUser", Type.STRING, null, "A user that reads the cluster's metadata (server list,"
            + " table locations, tenant role) instead of the application's user, as ODP reads it as proxyro@sys:"
            + " user@tenant, normally a sys-tenant user with SELECT on the oceanbase database. Without it the"
            + " application's user reads what its tenant may (docs/routing.md lists the grants)."),
    METADATA_PASSWORD("metadataPassword", Type.STRING, null, "Password of metadataUser. Never logged, printed or put"
            + " in exceptions."),
    SQL_CACHE_SIZE("sqlCacheSize", Type.INT, "10000", 0, 10_000_000,
            "SQL texts whose classification is cached per driver instance (statement kind, tables, session"
                    + " effects); 0 classifies every execution anew."),
    SERVER_LIST_REFRESH_SECONDS("serverListRefreshSeconds", Type.INT, "20", 1, 86_400,
            "How often the cluster's server list is read again from DBA_OB_SERVERS (or GV$OB_SERVERS), in the"
                    + " background; ODP uses 20 s."),
    PHYSICAL_CONNECT_TIMEOUT("physicalConnectTimeoutMillis", Type.INT, "5000", 100, 600_000,
            "Upper bound, in milliseconds, on opening one physical connection: waiting for a login turn"
                    + " (maxLoginsPerServer), TCP connect, server greeting and login. A server that accepts connections but never answers (black-holed) costs at most this."
                    + " Connector/J's own connectTimeout, if given, still bounds the TCP connect alone."),
    MAX_LOGINS_PER_SERVER("maxLoginsPerServer", Type.INT, "32", 0, 10_000, "Physical logins (TCP connect, greeting,"
            + " authentication, Connector/J's first queries) one driver instance runs at once to one server; more wait"
            + " their turn, in order, within physicalConnectTimeoutMillis (waiting included), so that a burst of"
            + " connections queues in the driver instead of swamping the server's listen queue and login threads."
            + " A login that finds no turn in time fails (SQLSTATE 08001) without counting against the server's"
            + " health. 0: no bound."),
    METADATA_TIMEOUT("metadataTimeoutMillis", Type.INT, "10000", 100, 600_000, "Upper bound, in milliseconds, on"
            + " one query of the cluster's metadata (server list, table locations); a metadata query that takes"
            + " longer fails and is tried on another server."),
    FAILOVER_TIMEOUT("failoverTimeoutMillis", Type.INT, "10000", 0, 600_000, "How long, in milliseconds, one"
            + " statement may be sent again after failures that allow it (a server that cannot be reached, a"
            + " statement refused before it ran, a read outside a transaction on a broken connection); at least 3"
            + " attempts in all. 0 sends nothing again."),
    CLUSTERS("clusters", Type.STRING, null, "Named clusters besides (or instead of) the URL's hosts, for"
            + " primary/standby deployments: name=host:port,host:port;name2=host:port. The user name's #cluster"
            + " picks one; without it the driver uses the cluster where the tenant is PRIMARY."),
    CONFIG_URL("configUrl", Type.STRING, null, "An OceanBase config server URL (ODP's obproxy_config_server_url)"
            + " listing the clusters and their root servers as JSON; read when connecting, again after"
            + " serverListRefreshSeconds, its last answer kept while it cannot be read."),
    STANDBY_WEAK_READS("standbyWeakReads", Type.BOOLEAN, "false", "Send weak reads to a cluster where the"
            + " tenant is STANDBY (when one is up), keeping the primary for writes and strong reads."),
    INSTANCE_ID("instanceId", Type.INT, "0", 0, 8191, "The instance id of the driver instance (DriverManager's"
            + " driver, a DataSource, a front end), the high 13 bits of every connection id (ODP's proxy_id); 0 picks"
            + " one that no other instance attached to the cluster uses. One id per instance: every connection of it"
            + " must give the same."),
    ADMIN_USERS("adminUsers", Type.STRING, null, "Logins (user@tenant, comma-separated) that may list and kill every"
            + " connection in SHOW PROCESSLIST and KILL; others see and kill only their own."),
    CLUSTER_WIDE_PROCESSLIST("clusterWideProcesslist", Type.BOOLEAN, "true", "SHOW PROCESSLIST and KILL also reach"
            + " connections of other driver instances and front ends attached to the cluster, through the servers'"
            + " session views; every physical connection then carries its instance and connection id as"
            + " connection attributes, and checks for a remote KILL when it opens (one query)."),
    TENANT_COLUMN_TYPES("tenantColumnTypes", List.of("CURRENT", "OLDER"), "CURRENT", "How the tenant stores"
            + " DECIMAL, DATE and DATETIME columns, needed only where table locations are read from the DBA views"
            + " (information_schema gives MySQL types): CURRENT for tenants of OceanBase 4.2.1 and later (DECIMAL_INT,"
            + " MYSQL_DATE, MYSQL_DATETIME), OLDER for tenants created before (NUMBER, DATE, DATETIME). The"
            + " proxy tables say it themselves."),
    DISCOVER_SERVERS("discoverServers", Type.BOOLEAN, "true", "Read the cluster's real server list from its"
            + " metadata; false uses the URL's hosts as the only servers (for plain MySQL servers)."),
    RESET_STATE_ON_END_REQUEST("resetStateOnEndRequest", Type.BOOLEAN, "true", "On Connection.endRequest()"
            + " (called by pools that support JDBC 4.3 request boundaries), reset session state set by SQL"
            + " (variables, character set, temporary tables) on every physical connection, so that the next"
            + " borrower sees a fresh session."),
    DEFAULT_DATABASE("database", Type.STRING, null, "Database to use when the URL names none."),
    READ_CONSISTENCY("readConsistency", List.of("STRONG", "WEAK"), "STRONG", "Consistency of plain SELECTs"
            + " outside transactions. WEAK reads may go to followers (routePolicy, proxyIdcName) and may see"
            + " data a little behind the leader; OceanBase servers are told through ob_read_consistency. A"
            + " READ_CONSISTENCY hint or the session's own ob_read_consistency wins."),
    ROUTE_POLICY("routePolicy", List.of("FOLLOWER_FIRST", "UNMERGE_FOLLOWER_FIRST", "FOLLOWER_ONLY"),
            "FOLLOWER_FIRST", "Which replica weak reads prefer (ODP's proxy_route_policy): followers then the"
                    + " leader; followers outside a major compaction, then compacting followers, then the leader;"
                    + " or followers only (fails when none is up)."),
    PROXY_IDC_NAME("proxyIdcName", Type.STRING, null, "The application's IDC (ODP's proxy_idc_name): weak reads"
            + " prefer replicas in this IDC, then in its region, then any. A session's @proxy_idc_name overrides it."),
    ALLOW_CLEARTEXT_PASSWORDS("allowCleartextPasswords", Type.BOOLEAN, "false", "Let a server that asks for it"
            + " (mysql_clear_password, as PAM or LDAP logins do) receive the password in clear, over TLS. Off by"
            + " default: physical connections then refuse that plugin, so no server is ever offered a password in"
            + " clear unless the application opted in."),
    READ_ONLY_WEAK_READS("readOnlyWeakReads", Type.BOOLEAN, "false", "Let Connection.setReadOnly(true) make plain"
            + " SELECTs outside transactions weak reads (followers, possibly stale data). Off by default:"
            + " read-only code often expects to read its own writes."),
    METRICS("metrics", Type.BOOLEAN, "true", "Count routes, retries, location-cache lookups, pins and lost"
            + " transactions per cluster and server, and export them (JMX under io.obproxy, Micrometer with"
            + " metricRegistry, SHOW PROXYSTAT; docs/metrics.md). false counts nothing and exports nothing; the first"
            + " connection to a cluster decides for it."),
    METRIC_REGISTRY("metricRegistry", List.of("NONE", "GLOBAL"), "NONE", "Publish the metrics to Micrometer:"
            + " GLOBAL binds them to Metrics.globalRegistry (micrometer-core must be on the class path). A"
            + " MeterRegistry object can be given instead with ObProxyDataSource.setMetricRegistry, as HikariCP takes"
            + " one."),
    LOCAL_INFILE_FROM_STREAMS("localInfileFromStreams", Type.BOOLEAN, "false", "Let servers read LOAD DATA LOCAL"
            + " INFILE data, but only from the stream an embedding front end hands over for that statement, never"
            + " from a file of this host: any other request of a server gets an empty file. The bundled front end"
            + " sets it (--local-infile on) to relay its clients' files; Connector/J's own allowLoadLocalInfile,"
            + " which reads this host's files, is not needed for it."),
    EXTENDED_TYPE_INFO("extendedTypeInfo", Type.BOOLEAN, "false", "Ask MariaDB servers (10.5 and later) for their"
            + " extended type information in column definitions (type names such as uuid or inet6, the json format),"
            + " for an embedding front end that copies replies to MariaDB clients; Connector/J never sees it. The"
            + " bundled front end sets it. Not over TLS or compression to the servers; MySQL and OceanBase servers"
            + " have none.");

    /** Value types of properties. */
    public enum Type { STRING, INT, BOOLEAN, ENUM }

    private static final Map<String, ObProxyProperty> BY_NAME = Stream.of(values())
            .collect(Collectors.toMap(p -> p.name.toLowerCase(Locale.ROOT), Function.identity()));

    private final String name;
    private final Type type;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final List<String> values;
    private final String description;

    ObProxyProperty(String name, Type type, String defaultValue, String description) {
        this(name, type, defaultValue, 0, 0, List.of(), description);
    }

    ObProxyProperty(String name, Type type, String defaultValue, long min, long max, String description) {
        this(name, type, defaultValue, min, max, List.of(), description);
    }

    /** An ENUM property: one of {@code values}, case-insensitive. */
    ObProxyProperty(String name, List<String> values, String defaultValue, String description) {
        this(name, Type.ENUM, defaultValue, 0, 0, values, description);
    }

    private ObProxyProperty(String name, Type type, String defaultValue, long min, long max, List<String> values,
                            String description) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.values = values;
        this.description = description;
    }

    /** @return the property's name in URLs, Properties and docs */
    public String propertyName() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** @return the default as text, or null when there is none */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** @return the accepted values of a BOOLEAN or ENUM, else an empty list */
    public List<String> choices() {
        return type == Type.BOOLEAN ? List.of("true", "false") : values;
    }

    /** @return what values are allowed, in words, for error messages and docs */
    public String allowed() {
        switch (type) {
            case INT:
                return "an integer from " + min + " to " + max;
            case BOOLEAN:
                return "true or false";
            case ENUM:
                return "one of " + String.join(", ", values);
            default:
                return "any text";
        }
    }

    /** @return true for properties whose value must never be shown */
    public boolean isSecret() {
        return this == PASSWORD || this == METADATA_PASSWORD;
    }

    /** @return the property with this name (case-insensitive), or null when it is not one of ours */
    public static ObProxyProperty forName(String name) {
        return name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** Checks a value against type and bounds; the message names property, value and what is allowed. */
    void validate(String value) throws SQLException {
        if (value == null) {
            return;
        }
        switch (type) {
            case INT:
                long v;
                try {
                    v = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw invalid(value);
                }
                if (v < min || v > max) {
                    throw invalid(value);
                }
                break;
            case BOOLEAN:
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw invalid(value);
                }
                break;
            case ENUM:
                if (values.stream().noneMatch(allowed -> allowed.equalsIgnoreCase(value.trim()))) {
                    throw invalid(value);
                }
                break;
            default:
                break;
        }
    }

    private SQLException invalid(String value) {
        String shown = isSecret() ? "(hidden)" : "'" + value + "'";
        return new SQLException("Invalid value " + shown + " for property " + name + ": expected " + allowed(),
                "HY024");
    }
}
