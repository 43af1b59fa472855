package io.obproxy.session;

import java.sql.SQLException;

/**
 * JDBC work on the physical session an execution routed to: a commit, a savepoint, a validity
 * check, metadata. Run through the execution pipeline ({@link LogicalSession#call},
 * {@link LogicalSession#probe}), so it is routed, retried and fed back like any statement.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ServerWork<T> {
    T on(PhysicalSession ps) throws SQLException;
}
