package io.obproxy.bench;

import io.obproxy.cluster.LocationCache;
import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.Replica;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.TableLocation;
import io.obproxy.cluster.Topology;
import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.route.NoRouteException;
import io.obproxy.route.NotRoutableException;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.PartitionRouter;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.RoutePolicy;
import io.obproxy.route.Router;
import io.obproxy.sql.SqlClassifier;
import io.obproxy.sql.SqlInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route computation for a cached PreparedStatement: classification from the cache, the key value
 * from the bound parameter, the partition function, the leader of the tablet. No I/O. Also the
 * location-cache hit alone, and the whole decision a statement pays with it (cache hit, tablet,
 * router).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class RouteBenchmark {
    private static final int PARTITIONS = 12;

    private final SqlClassifier classifier = new SqlClassifier(10_000);
    private final TableLocation hashTable = location(0, new PartitionLevel.KeyColumn("id", 5, 63));
    private final TableLocation keyTable = location(1, new PartitionLevel.KeyColumn("code", 22, 46));
    public String hashSql = "SELECT c FROM orders WHERE id = ?";
    public String keySql = "SELECT c FROM accounts WHERE code = ?";
    private final ParameterValues intKey = index -> 1234567L;
    private final ParameterValues stringKey = index -> "ACC-000012345678";
    private final LocationCache locations = new LocationCache(key -> Optional.of(hashTable), Runnable::run, 100_000, 60,
            new ClusterMetrics("bench", true, () -> 0, () -> 0));
    private final Router router = new Router();
    private final Topology topology = Topology.ofAddresses(List.of(new ServerAddress("10.0.0.1", 2881),
            new ServerAddress("10.0.0.2", 2881), new ServerAddress("10.0.0.3", 2881)));

    private static TableLocation location(int type, PartitionLevel.KeyColumn key) {
        List<Long> tablets = new ArrayList<>();
        Map<Long, List<Replica>> replicas = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            long tablet = 200_001L + p;
            tablets.add(tablet);
            List<Replica> list = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                list.add(new Replica(new ServerAddress("10.0.0." + (n + 1), 2881), n == p % 3, 0));
            }
            replicas.put(tablet, List.copyOf(list));
        }
        PartitionLevel level = new PartitionLevel(type, List.of(key), Collections.nCopies(PARTITIONS, ""), tablets);
        return new TableLocation("test", "t", 500_001L, 1L, level, List.of(), 0L, replicas);
    }

    @Benchmark
    public ServerAddress integerHashKey() throws NotRoutableException {
        SqlInfo info = classifier.classify(hashSql);
        return hashTable.leader(PartitionRouter.tablet(hashTable, info.keyValues(), intKey));
    }

    @Benchmark
    public Optional<TableLocation> locationCacheHit() {
        return locations.get("test", "orders");
    }

    @Benchmark
    public RouteDecision decisionWithCacheHit() throws NotRoutableException, NoRouteException {
        SqlInfo info = classifier.classify(hashSql);
        TableLocation table = locations.get("test", "orders").orElseThrow();
        List<Replica> replicas = table.replicas().get(PartitionRouter.tablet(table, info.keyValuesOf(info.tables().get(0)),
                intKey));
        return router.route(new Router.Request(info, null, null, null, replicas, false, RoutePolicy.FOLLOWER_FIRST, ""),
                topology);
    }

    @Benchmark
    public ServerAddress sixteenCharStringKey() throws NotRoutableException {
        SqlInfo info = classifier.classify(keySql);
        return keyTable.leader(PartitionRouter.tablet(keyTable, info.keyValues(), stringKey));
    }
}
