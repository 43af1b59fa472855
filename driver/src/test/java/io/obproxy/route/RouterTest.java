package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.Replica;
import io.obproxy.cluster.Server;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.Topology;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final ServerAddress A = new ServerAddress("10.0.0.1", 2881);
    private static final ServerAddress B = new ServerAddress("10.0.0.2", 2881);
    private static final ServerAddress C = new ServerAddress("10.0.0.3", 2881);
    private static final ServerAddress D = new ServerAddress("10.0.0.4", 2881);
    /** A and B in region r1 (idc1, idc2), C and D in region r2 (idc3, idc4); D's zone compacts. */
    private static final Topology CLUSTER = new Topology(List.of(
            new Server(A, "z1", "idc1", "r1", true, false),
            new Server(B, "z2", "idc2", "r1", true, false),
            new Server(C, "z3", "idc3", "r2", true, false),
            new Server(D, "z4", "idc4", "r2", true, true)));
    private static final Topology ABC = Topology.ofAddresses(List.of(A, B, C));
    /** A tablet led by A, followers B, C, D. */
    private static final List<Replica> LED_BY_A = List.of(new Replica(A, true, 0), new Replica(B, false, 0),
            new Replica(C, false, 0), new Replica(D, false, 0));
    private static final SqlInfo SELECT = StatementParser.parse("SELECT * FROM t WHERE id = 1");
    private static final SqlInfo LAST_ID = StatementParser.parse("SELECT LAST_INSERT_ID()");

    private final Router router = new Router();

    private RouteDecision route(SqlInfo info, ServerAddress pinned, ServerAddress last, ServerAddress forced,
                                List<Replica> replicas, Topology topology) throws NoRouteException {
        return router.route(new Router.Request(info, pinned, last, forced, replicas, false, RoutePolicy.FOLLOWER_FIRST,
                ""), topology);
    }

    private RouteDecision weak(RoutePolicy policy, String idc, ServerAddress last, List<Replica> replicas,
                               Topology topology) throws NoRouteException {
        return router.route(new Router.Request(SELECT, null, last, null, replicas, true, policy, idc), topology);
    }

    private static List<Replica> ledBy(ServerAddress leader) {
        return List.of(new Replica(leader, true, 0));
    }

    @Test
    void pinnedWinsOverEverything() throws Exception {
        assertEquals(new RouteDecision(C, RouteReason.PINNED), route(LAST_ID, C, A, B, null, ABC));
    }

    @Test
    void stickyStatementsGoWhereTheLastOneRanEvenWhenForced() throws Exception {
        assertEquals(new RouteDecision(A, RouteReason.STICKY), route(LAST_ID, null, A, B, null, ABC));
        assertEquals(RouteReason.STICKY, route(StatementParser.parse("SHOW WARNINGS"), null, A, null, null, ABC).reason());
    }

    @Test
    void forcedRouteBeatsAffinity() throws Exception {
        assertEquals(new RouteDecision(B, RouteReason.FORCED), route(SELECT, null, A, B, null, ABC));
    }

    @Test
    void leaderComesAfterForcedAndBeforeAffinity() throws Exception {
        assertEquals(new RouteDecision(C, RouteReason.LEADER), route(SELECT, null, A, null, ledBy(C), ABC));
        assertEquals(RouteReason.FORCED, route(SELECT, null, A, B, ledBy(C), ABC).reason());
        assertEquals(RouteReason.PINNED, route(SELECT, A, null, null, ledBy(C), ABC).reason());
        assertEquals(new RouteDecision(A, RouteReason.DEFAULT), route(SELECT, null, A, null,
                ledBy(new ServerAddress("10.9.9.9", 1)), ABC), "a leader that is not active is not used");
    }

    @Test
    void affinityKeepsTheLastServerWhileItIsActive() throws Exception {
        assertEquals(new RouteDecision(A, RouteReason.DEFAULT), route(SELECT, null, A, null, null, ABC));
        ServerAddress chosen = route(SELECT, null, A, null, null, Topology.ofAddresses(List.of(B, C))).server();
        assertTrue(chosen.equals(B) || chosen.equals(C), "an inactive last server is not kept");
    }

    @Test
    void firstServerIsRandomAmongActiveOnes() throws Exception {
        Set<ServerAddress> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(route(SELECT, null, null, null, null, ABC).server());
        }
        assertEquals(Set.of(A, B, C), seen);
        assertEquals(RouteReason.DEFAULT, route(LAST_ID, null, null, null, null, ABC).reason(),
                "sticky needs a last server");
    }

    @Test
    void weakReadsGoToFollowersNeverTheLeaderWhileOneIsUp() throws Exception {
        Set<ServerAddress> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            RouteDecision d = weak(RoutePolicy.FOLLOWER_FIRST, "", null, LED_BY_A, CLUSTER);
            assertEquals(RouteReason.FOLLOWER, d.reason());
            seen.add(d.server());
        }
        assertEquals(Set.of(B, C, D), seen, "spread over the followers");
        assertEquals(C, weak(RoutePolicy.FOLLOWER_FIRST, "", C, LED_BY_A, CLUSTER).server(), "affinity among equals");
    }

    @Test
    void weakReadsPreferTheClientsIdcThenItsRegion() throws Exception {
        assertEquals(C, weak(RoutePolicy.FOLLOWER_FIRST, "idc3", A, LED_BY_A, CLUSTER).server());
        assertEquals(B, weak(RoutePolicy.FOLLOWER_FIRST, "IDC1", null, LED_BY_A, CLUSTER).server(),
                "the leader is the only replica in idc1: the follower in region r1 comes next");
        assertEquals(B, weak(RoutePolicy.FOLLOWER_FIRST, "idc2", C, LED_BY_A, CLUSTER).server(),
                "locality beats affinity");
        Set<ServerAddress> elsewhere = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            elsewhere.add(weak(RoutePolicy.FOLLOWER_FIRST, "idc9", null, LED_BY_A, CLUSTER).server());
        }
        assertEquals(Set.of(B, C, D), elsewhere, "an unknown IDC has no preference");
    }

    @Test
    void aWeakReadInTheClientsIdcSaysSo() throws Exception {
        assertTrue(weak(RoutePolicy.FOLLOWER_FIRST, "idc3", A, LED_BY_A, CLUSTER).inClientIdc());
        assertFalse(weak(RoutePolicy.FOLLOWER_FIRST, "IDC1", null, LED_BY_A, CLUSTER).inClientIdc(),
                "its region's follower, not its IDC's");
        assertFalse(weak(RoutePolicy.FOLLOWER_FIRST, "", null, LED_BY_A, CLUSTER).inClientIdc(), "no IDC given");
        assertFalse(weak(RoutePolicy.FOLLOWER_FIRST, "idc9", null, LED_BY_A, CLUSTER).inClientIdc());
    }

    @Test
    void unmergeFollowerFirstAvoidsCompactingZones() throws Exception {
        assertEquals(D, weak(RoutePolicy.FOLLOWER_FIRST, "idc4", null, LED_BY_A, CLUSTER).server());
        assertEquals(C, weak(RoutePolicy.UNMERGE_FOLLOWER_FIRST, "idc4", null, LED_BY_A, CLUSTER).server(),
                "D compacts: the other follower of region r2 instead");
        List<Replica> onlyD = List.of(new Replica(A, true, 0), new Replica(D, false, 0));
        assertEquals(D, weak(RoutePolicy.UNMERGE_FOLLOWER_FIRST, "", null, onlyD, CLUSTER).server(),
                "a compacting follower still comes before the leader");
    }

    @Test
    void theLeaderServesWeakReadsOnlyWhenNoFollowerCanUnlessFollowerOnly() throws Exception {
        Topology onlyA = new Topology(List.of(new Server(A, "z1", "idc1", "r1", true, false),
                new Server(B, "z2", "idc2", "r1", false, false), new Server(C, "z3", "idc3", "r2", false, false),
                new Server(D, "z4", "idc4", "r2", false, false)));
        assertEquals(new RouteDecision(A, RouteReason.LEADER), weak(RoutePolicy.FOLLOWER_FIRST, "idc2", null, LED_BY_A, onlyA));
        NoRouteException e = assertThrows(NoRouteException.class,
                () -> weak(RoutePolicy.FOLLOWER_ONLY, "", null, LED_BY_A, onlyA));
        assertEquals("no follower replica is available for a weak read (routePolicy=FOLLOWER_ONLY)", e.getMessage());
        List<Replica> logOnly = List.of(new Replica(A, true, 0), new Replica(B, false, 5));
        assertEquals(A, weak(RoutePolicy.FOLLOWER_FIRST, "", null, logOnly, CLUSTER).server(),
                "a LOGONLY replica serves no reads");
    }

    @Test
    void weakReadsWithoutALocationTakeTheDefaultRoute() throws Exception {
        assertEquals(new RouteDecision(A, RouteReason.DEFAULT), weak(RoutePolicy.FOLLOWER_ONLY, "", A, null, CLUSTER));
    }

    @Test
    void consistencyRules() {
        SqlInfo hintedWeak = StatementParser.parse("SELECT /*+ READ_CONSISTENCY( weak ) */ * FROM t");
        SqlInfo hintedStrong = StatementParser.parse("SELECT /*+READ_CONSISTENCY(STRONG)*/ * FROM t");
        SqlInfo forUpdate = StatementParser.parse("SELECT /*+READ_CONSISTENCY(WEAK)*/ * FROM t FOR UPDATE");
        SqlInfo update = StatementParser.parse("UPDATE /*+READ_CONSISTENCY(WEAK)*/ t SET a = 1");
        assertTrue(ReadConsistency.isWeak(hintedWeak, null, false));
        assertFalse(ReadConsistency.isWeak(hintedWeak, null, true), "never inside a transaction");
        assertTrue(ReadConsistency.isWeak(SELECT, "'WEAK'", false));
        assertTrue(ReadConsistency.isWeak(SELECT, "weak", false));
        assertTrue(ReadConsistency.isWeak(SELECT, "2", false));
        assertFalse(ReadConsistency.isWeak(SELECT, "'STRONG'", false));
        assertFalse(ReadConsistency.isWeak(SELECT, null, false));
        assertFalse(ReadConsistency.isWeak(hintedStrong, "'WEAK'", false), "the hint wins over the session");
        assertFalse(ReadConsistency.isWeak(forUpdate, "'WEAK'", false), "locking reads are strong");
        assertFalse(ReadConsistency.isWeak(update, "'WEAK'", false), "writes are strong");
    }
}
