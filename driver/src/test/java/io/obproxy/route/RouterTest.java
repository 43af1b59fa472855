package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.ServerAddress;
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
    private static final List<ServerAddress> ACTIVE = List.of(A, B, C);
    private static final SqlInfo SELECT = StatementParser.parse("SELECT * FROM t WHERE id = 1");
    private static final SqlInfo LAST_ID = StatementParser.parse("SELECT LAST_INSERT_ID()");

    private final Router router = new Router();

    @Test
    void pinnedWinsOverEverything() {
        assertEquals(new RouteDecision(C, RouteReason.PINNED), router.route(LAST_ID, C, A, B, null, ACTIVE));
    }

    @Test
    void stickyStatementsGoWhereTheLastOneRanEvenWhenForced() {
        assertEquals(new RouteDecision(A, RouteReason.STICKY), router.route(LAST_ID, null, A, B, null, ACTIVE));
        assertEquals(RouteReason.STICKY, router.route(StatementParser.parse("SHOW WARNINGS"), null, A, null, null, ACTIVE).reason());
    }

    @Test
    void forcedRouteBeatsAffinity() {
        assertEquals(new RouteDecision(B, RouteReason.FORCED), router.route(SELECT, null, A, B, null, ACTIVE));
    }

    @Test
    void leaderComesAfterForcedAndBeforeAffinity() {
        assertEquals(new RouteDecision(C, RouteReason.LEADER), router.route(SELECT, null, A, null, C, ACTIVE));
        assertEquals(RouteReason.FORCED, router.route(SELECT, null, A, B, C, ACTIVE).reason());
        assertEquals(RouteReason.PINNED, router.route(SELECT, A, null, null, C, ACTIVE).reason());
        assertEquals(new RouteDecision(A, RouteReason.DEFAULT), router.route(SELECT, null, A, null,
                new ServerAddress("10.9.9.9", 1), ACTIVE), "a leader that is not active is not used");
    }

    @Test
    void affinityKeepsTheLastServerWhileItIsActive() {
        assertEquals(new RouteDecision(A, RouteReason.DEFAULT), router.route(SELECT, null, A, null, null, ACTIVE));
        ServerAddress chosen = router.route(SELECT, null, A, null, null, List.of(B, C)).server();
        assertTrue(chosen.equals(B) || chosen.equals(C), "an inactive last server is not kept");
    }

    @Test
    void firstServerIsRandomAmongActiveOnes() {
        Set<ServerAddress> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(router.route(SELECT, null, null, null, null, ACTIVE).server());
        }
        assertEquals(Set.copyOf(ACTIVE), seen);
        assertEquals(RouteReason.DEFAULT, router.route(LAST_ID, null, null, null, null, ACTIVE).reason(),
                "sticky needs a last server");
    }
}
