package io.obproxy.jdbc;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.RouteReason;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PreparedStatement batch split by the server each entry routes to, as ODP routes each execution
 * of a batch on its own: entries whose data has a leader ({@code LEADER}, {@code FOLLOWER}) join
 * that server's part; the others (no key, no location) join the part of the first of them. Parts
 * keep the order of their entries and run in the order of their first entry. Pure.
 */
final class BatchSplit {
    /**
     * One server's entries.
     *
     * @param entries        indexes into the batch, in order
     * @param representative the entry the part is routed by: one routed by its data if any, so
     *                       that the part goes to that leader
     */
    record Part(List<Integer> entries, int representative) {
    }

    private BatchSplit() {
    }

    /** @return the parts of a batch whose entries route as {@code routes} say */
    static List<Part> of(List<RouteDecision> routes) {
        Map<ServerAddress, List<Integer>> byServer = new LinkedHashMap<>();
        Map<ServerAddress, Integer> representatives = new LinkedHashMap<>();
        ServerAddress otherwise = null;
        for (int i = 0; i < routes.size(); i++) {
            boolean byData = isByData(routes.get(i));
            if (!byData && otherwise == null) {
                otherwise = routes.get(i).server();
            }
            ServerAddress server = byData ? routes.get(i).server() : otherwise;
            byServer.computeIfAbsent(server, k -> new ArrayList<>()).add(i);
            Integer representative = representatives.get(server);
            if (representative == null || byData && !isByData(routes.get(representative))) {
                representatives.put(server, i);
            }
        }
        List<Part> parts = new ArrayList<>(byServer.size());
        byServer.forEach((server, entries) -> parts.add(new Part(List.copyOf(entries), representatives.get(server))));
        return parts;
    }

    private static boolean isByData(RouteDecision route) {
        return route.reason() == RouteReason.LEADER || route.reason() == RouteReason.FOLLOWER;
    }

    /** The update counts of a whole batch, filled in part by part. */
    static final class Counts {
        private final long[] counts;

        /** Every entry starts as EXECUTE_FAILED: an entry whose part did not run reports that. */
        Counts(int entries) {
            counts = new long[entries];
            Arrays.fill(counts, Statement.EXECUTE_FAILED);
        }

        /** Records a part's counts: {@code partCounts[i]} is the count of {@code part.entries().get(i)}. */
        void record(Part part, long[] partCounts) {
            for (int i = 0; i < partCounts.length && i < part.entries().size(); i++) {
                counts[part.entries().get(i)] = partCounts[i];
            }
        }

        long[] toArray() {
            return counts.clone();
        }

        /** @return the failure of a batch, as its first failed part said it, with every entry's count */
        BatchUpdateException failure(SQLException first) {
            return new BatchUpdateException(first.getMessage(), first.getSQLState(), first.getErrorCode(), toArray(), first);
        }
    }

    /** JDBC's int update counts from long ones (counts above Integer.MAX_VALUE are truncated, as Connector/J does). */
    static int[] toIntCounts(long[] counts) {
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (int) counts[i];
        }
        return result;
    }
}
