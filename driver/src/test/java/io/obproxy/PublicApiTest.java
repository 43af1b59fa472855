package io.obproxy;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of the driver are exactly the ones listed here, each with the reason
 * it is public, so the surface cannot grow by accident (docs/architecture.md, "Public API"). A
 * new public type fails until it is listed, with its reason, or made package-private; a listed
 * type that is no longer public fails until its entry is removed.
 */
class PublicApiTest {
    /** What users program against: docs/architecture.md lists these. */
    private static final Map<String, String> USER_API = Map.ofEntries(
            entry("jdbc.ObProxyDriver", "the java.sql.Driver for jdbc:obproxy:// URLs (registered as a service)"),
            entry("jdbc.ObProxyDataSource", "the DataSource for pools and containers"),
            entry("jdbc.ObProxyProperty", "the driver's property names, types and defaults"),
            entry("jdbc.ObProxyConnection", "unwrap target of a logical Connection (session reset, last server, pins)"),
            entry("jdbc.ObProxyStatement", "unwrap target of a logical Statement (last insert id, OK info)"),
            entry("jdbc.PhysicalSocketFactory", "Connector/J instantiates it by class name (socketFactory)"),
            entry("frontend.FrontendMain", "main class of the runnable -all jar"),
            entry("frontend.FrontendServer", "the front end embedded in a JVM (sandbox, tests)"),
            entry("frontend.FrontendSettings", "configuration of an embedded front end"),
            entry("frontend.FrontendOption", "the front end's option names, defaults and descriptions"),
            entry("metrics.DriverMetrics", "a driver instance's metrics (ObProxyDriver/ObProxyDataSource.metrics())"),
            entry("metrics.ClusterMetrics", "one cluster's metrics: series, servers' health (health indicators)"),
            entry("metrics.ServerMetrics", "one server's metrics: address, health, physical connections"),
            entry("metrics.Series", "one live series: metric, labels, value"),
            entry("metrics.Metric", "every metric's name, type, labels and meaning"),
            entry("metrics.MetricsListener", "told when clusters' metrics come and go (exporters)"),
            entry("metrics.micrometer.ObProxyMeterBinder", "Micrometer MeterBinder of a driver instance's metrics"));

    /**
     * Engine types public only because another of our packages (or the bench, sandbox and
     * integration-test modules) uses them: Java has no package-to-package access. Not API.
     */
    private static final Map<String, String> CROSS_PACKAGE = Map.ofEntries(
            entry("sql.Assignment", "a SET assignment, applied by session"),
            entry("sql.ColumnValues", "a column's values in a statement, read by route"),
            entry("sql.KeyValue", "a key value in a statement, read by route"),
            entry("sql.SqlClassifier", "the classification cache, used by jdbc and bench"),
            entry("sql.SqlInfo", "the classification, consumed by route, session, jdbc, frontend"),
            entry("sql.SqlRewrites", "CONNECTION_ID() rewriting, used by jdbc"),
            entry("sql.StatementKind", "statement kinds, switched on by route and session"),
            entry("sql.StatementParser", "the parser, used by route, session, jdbc and bench"),
            entry("sql.TableName", "a table a statement names, used by session"),
            entry("cluster.Cluster", "a cluster's shared state, used by session, jdbc, process"),
            entry("cluster.ClusterKey", "a cluster's identity, built by jdbc"),
            entry("cluster.ClusterRegistry", "a driver instance's clusters, owned by jdbc"),
            entry("cluster.ClusterSettings", "how a cluster is kept, built by jdbc from properties"),
            entry("cluster.ColumnTypes", "how the tenant stores DECIMAL and dates, chosen by jdbc from a property"),
            entry("cluster.ConfigServer", "config-server reader, used by jdbc"),
            entry("cluster.ConfigServerDirectory", "config-server answers per driver instance, owned by jdbc"),
            entry("cluster.DaemonThreads", "named daemon threads of the driver's executors, used by jdbc and frontend"),
            entry("cluster.Deployment", "the clusters of one logical connection, used by jdbc and session"),
            entry("cluster.Health", "a server's health, read by route and session"),
            entry("cluster.LocationCache", "table locations, read by session and bench"),
            entry("cluster.LocationLoader", "location SQL, checked by integration tests"),
            entry("cluster.LoginSlots", "logins at once per server, owned by jdbc's driver instance"),
            entry("cluster.PartitionLevel", "a partitioning level, read by route, session, bench, tests"),
            entry("cluster.Replica", "a tablet replica, read by route, session and bench"),
            entry("cluster.Server", "an OBServer, read by route, session, sandbox, tests"),
            entry("cluster.ServerAddress", "a server's address, used by every package above cluster"),
            entry("cluster.ServerConnector", "opens physical connections, used by session and jdbc"),
            entry("cluster.TableLocation", "a table's location, read by route, session, bench, tests"),
            entry("cluster.TenantRole", "primary or standby, read by jdbc"),
            entry("cluster.Topology", "a snapshot of servers, read by route and bench"),
            entry("route.MurmurHash64A", "KEY partition hash, used by integration tests for expected tablets"),
            entry("route.NoRouteException", "no server can take a statement, caught by session"),
            entry("route.NotRoutableException", "partition not computable, caught by session and bench"),
            entry("route.ParameterValues", "bound parameters as route reads them, given by jdbc and session"),
            entry("route.PartitionKeys", "value conversion for key columns, used by session"),
            entry("route.PartitionRouter", "finds a statement's tablet, used by session and bench"),
            entry("route.ReadConsistency", "weak-read decision, used by session"),
            entry("route.RouteDecision", "a decision (server, reason), returned to session and jdbc"),
            entry("route.RoutePolicy", "weak-read replica preference, configured by jdbc"),
            entry("route.RouteReason", "why a server was chosen, shown by jdbc"),
            entry("route.Router", "the routing decision, called by session, jdbc and bench"),
            entry("session.ConnectorJ", "Connector/J's internals behind one class, used by jdbc and frontend"),
            entry("jdbc.PreClassified", "the front end's entry: classify a text once, execute it with that classification"),
            entry("process.ClusterProcesses", "other instances' connections, used by session and jdbc"),
            entry("process.ConnectionIds", "id layout, checked by integration tests"),
            entry("process.ProcessCommands", "SHOW PROCESSLIST / KILL, answered through jdbc"),
            entry("process.ProcessEntry", "one logical connection's row, written by jdbc and frontend"),
            entry("process.ProcessRegistry", "the live logical connections, used by jdbc and frontend"),
            entry("session.Attempt", "the work of one attempt of an execution, given by jdbc"),
            entry("session.Execution", "one statement execution, driven by jdbc"),
            entry("session.JdbcTransactions", "JDBC commit, rollback, autocommit and savepoints of a session, called by jdbc"),
            entry("session.KillWatch", "remote-KILL detection, given by jdbc"),
            entry("session.LogicalSession", "the logical session, owned by jdbc's LogicalConnection"),
            entry("session.PhysicalSession", "a physical connection of a session, reached by jdbc"),
            entry("session.PacketRelay", "a statement sent as bytes and its reply read beside Connector/J, for jdbc's pass-through"),
            entry("session.RelaySink", "where PacketRelay hands a reply: implemented by the front end"),
            entry("session.DirectChannelBuffer", "socket-channel reads and writes through a direct buffer of the caller's:"
                    + " the relay's, and frontend's PacketIO for its clients"),
            entry("session.ExtendedMetadataSocket", "made by jdbc's PhysicalSocketFactory for the front end's servers;"
                    + " PacketRelay finds it under Connector/J"),
            entry("session.ServerErrors", "error packets as servers sent them, captured per front-end command"),
            entry("session.CallerDataBrokeOff", "thrown by jdbc when a lent LOAD DATA LOCAL stream fails: no server is blamed"),
            entry("session.SessionChange", "a server's session state change, in ObProxyConnection for the front end"),
            entry("session.ServerWork", "JDBC work on a physical connection run through the pipeline, given by jdbc"),
            entry("session.RoutingSettings", "a connection's routing choices, built by jdbc"),
            entry("session.SessionState", "the versioned session state, changed by jdbc"),
            entry("metrics.FrontendMetrics", "the front end's counters, kept by frontend"),
            entry("metrics.PrometheusText", "Prometheus text exposition, written by frontend's /metrics"));

    @Test
    void publicTopLevelTypesAreExactlyTheListedOnes() {
        TreeSet<String> actual = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.obproxy")
                .stream()
                .filter(JavaClass::isTopLevelClass)
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .map(c -> c.getName().substring("io.obproxy.".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> listed = new HashMap<>(USER_API);
        listed.putAll(CROSS_PACKAGE);
        TreeSet<String> unlisted = new TreeSet<>(actual);
        unlisted.removeAll(listed.keySet());
        TreeSet<String> noLongerPublic = new TreeSet<>(listed.keySet());
        noLongerPublic.removeAll(actual);
        assertEquals(new TreeSet<>(), unlisted,
                "new public types: make them package-private, or list them here with the reason");
        assertEquals(new TreeSet<>(), noLongerPublic, "listed types that are no longer public: remove them here");
    }
}
