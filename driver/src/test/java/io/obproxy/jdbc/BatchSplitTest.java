package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.RouteReason;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSplitTest {
    private static final ServerAddress A = new ServerAddress("10.0.0.1", 2881);
    private static final ServerAddress B = new ServerAddress("10.0.0.2", 2881);
    private static final ServerAddress C = new ServerAddress("10.0.0.3", 2881);

    private static RouteDecision leader(ServerAddress s) {
        return new RouteDecision(s, RouteReason.LEADER);
    }

    private static RouteDecision byDefault(ServerAddress s) {
        return new RouteDecision(s, RouteReason.DEFAULT);
    }

    @Test
    void entriesGoToTheirLeadersInOrderPartsInTheOrderOfTheirFirstEntry() {
        List<BatchSplit.Part> parts = BatchSplit.of(List.of(leader(B), leader(A), leader(B), leader(C), leader(A)));
        assertEquals(List.of(new BatchSplit.Part(List.of(0, 2), 0), new BatchSplit.Part(List.of(1, 4), 1),
                new BatchSplit.Part(List.of(3), 3)), parts);
    }

    @Test
    void entriesWithoutALeaderJoinTheFirstOfThemAndAPartIsRoutedByAnEntryWithALeader() {
        // the default route of entry 0 (A) takes every entry without a leader, and A's own leader entries
        List<BatchSplit.Part> parts = BatchSplit.of(List.of(byDefault(A), leader(B), byDefault(C), leader(A)));
        assertEquals(List.of(new BatchSplit.Part(List.of(0, 2, 3), 3), new BatchSplit.Part(List.of(1), 1)), parts);
        assertEquals(1, BatchSplit.of(List.of(byDefault(A), byDefault(B), byDefault(C))).size(),
                "no leaders at all: one part, as a batch that is not split");
    }

    @Test
    void countsComeBackInTheEntriesOrderFailedOrNotRunAsExecuteFailed() throws Exception {
        List<BatchSplit.Part> parts = BatchSplit.of(List.of(leader(B), leader(A), leader(B), leader(C)));
        BatchSplit.Counts counts = new BatchSplit.Counts(4);
        counts.record(parts.get(0), new long[] {1, 2});
        counts.record(parts.get(1), new long[] {Statement.EXECUTE_FAILED});
        long failed = Statement.EXECUTE_FAILED;
        assertArrayEquals(new long[] {1, failed, 2, failed}, counts.toArray(), "C's part did not run");
        SQLException cause = new SQLException("Duplicate entry", "23000", 1062);
        BatchUpdateException e = counts.failure(cause);
        assertEquals(1062, e.getErrorCode());
        assertEquals("23000", e.getSQLState());
        assertArrayEquals(new long[] {1, failed, 2, failed}, e.getLargeUpdateCounts());
        assertEquals(cause, e.getCause());
    }
}
