package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.ParameterValues;
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.session.FailurePolicy.Position;
import io.obproxy.session.FailurePolicy.Verdict;
import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a statement on a logical session, through its attempts ({@link #run}): each
 * routed and prepared, its work ({@link Attempt}) set up and sent, then recorded, or its failure
 * judged: sent again, or the error the application gets. Every call of the jdbc package that runs
 * a statement on a server (statements, prepared statements and their batches, callables) runs here.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Where the statement stands in a transaction is taken once, before the first attempt
 *   ({@link Position}); a pinned session counts as inside (what it is pinned for cannot move).</li>
 *   <li>A failure feeds the cluster first (health, stale locations), then {@link FailurePolicy}
 *   decides. A retry restores what the attempt consumed (a held BEGIN / SET TRANSACTION) and
 *   drops a connection on which a transaction may have been left open.</li>
 *   <li>A refused statement whose tablet is unknown (routed by default: no location, keys the driver
 *   cannot read) is not sent back to a server that refused it: each attempt goes to a server that
 *   has not, and when every usable server has, the refusal is the answer. One whose leader is known
 *   but down waits for the election instead, like any refusal.</li>
 *   <li>Only a statement whose route can change is sent again: one forced to a server
 *   ({@code @obproxy_route_addr}) or sticky to the last one (LAST_INSERT_ID(), ...) would only go
 *   back where it failed.</li>
 *   <li>Bounds: {@code failoverTimeoutMillis} in all. A statement the server refused before
 *   executing it (stale location, server starting or stopping, not the primary) is sent again until
 *   then, after a pause that starts at 20 ms and doubles up to 500 ms, so that a leader election or
 *   a switchover can finish; after failures that reach no server (connect, a broken connection) the
 *   next attempt goes at once, at most max(5, usable servers) attempts. "Not the primary" is sent
 *   again only where writes can move to another cluster.</li>
 * </ul>
 */
public final class Execution {
    private static final Logger log = LoggerFactory.getLogger(Execution.class);
    private static final int MIN_ATTEMPTS = 5;
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long MAX_PAUSE_MILLIS = 500;

    private final LogicalSession session;
    private final SqlInfo info;
    private final Position position;
    private final HeldStatements.Snapshot held;
    private final long deadlineNanos;
    private final int maxAttempts;
    private int attempts;
    /** Servers that refused a default-routed attempt (empty, not allocated, until one does). */
    private List<ServerAddress> refusedBy = List.of();

    Execution(LogicalSession session, SqlInfo info, Position position, HeldStatements.Snapshot held,
              long timeoutMillis, int usableServers) {
        this.session = session;
        this.info = info;
        this.position = position;
        this.held = held;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.maxAttempts = Math.max(MIN_ATTEMPTS, usableServers);
    }

    /**
     * Runs the statement through its attempts: each is routed and set up, then sent; a failure is
     * judged ({@link #failedBeforeSending}, {@link #failedAfterSending}) and either tried again or
     * thrown; what succeeded is recorded ({@link #succeeded}). The running physical statement is
     * known to the session meanwhile, for KILL QUERY.
     */
    public <T> T run(ParameterValues parameters, Attempt<T> attempt) throws SQLException {
        while (true) {
            PhysicalSession ps = null;
            Statement running;
            try {
                ps = prepare(parameters);
                running = attempt.setUp(ps);
            } catch (SQLException e) {
                failedBeforeSending(e, ps);
                continue;
            }
            session.running(running);
            try {
                T result = attempt.send();
                succeeded(ps, attempt.replyComplete());
                return result;
            } catch (SQLException e) {
                failedAfterSending(attempt.failure(e), ps);
            } finally {
                session.running(null);
            }
        }
    }

    /** Routes this attempt and returns its physical session, open, in sync, held statements sent. */
    private PhysicalSession prepare(ParameterValues parameters) throws SQLException {
        attempts++;
        return session.prepare(info, parameters, refusedBy);
    }

    /**
     * Records what the statement changed: session state and pins.
     *
     * @param replyComplete false while its result is still being read from the server (streamed or
     *                      fetched by cursor)
     */
    private void succeeded(PhysicalSession ps, boolean replyComplete) throws SQLException {
        session.completed(info, ps, replyComplete);
    }

    /**
     * After an attempt failed before the statement was sent (routing, connect, login, session
     * replay, preparing): returns normally when it is to be sent again, else throws what the
     * application gets.
     *
     * @param ps the physical session of the attempt, or null when none was reached
     */
    private void failedBeforeSending(SQLException e, PhysicalSession ps) throws SQLException {
        failed(e, Phase.PREPARE, ps);
    }

    /** As {@link #failedBeforeSending}, for a failure after the statement was sent on {@code ps}. */
    private void failedAfterSending(SQLException e, PhysicalSession ps) throws SQLException {
        failed(e, Phase.EXECUTE, ps);
    }

    private void failed(SQLException e, Phase phase, PhysicalSession ps) throws SQLException {
        boolean broken = FailurePolicy.isBrokenConnection(e);
        if (session.isKilled() || broken && session.killedElsewhere(ps)) {
            SQLException killed = LogicalSession.killedException();
            killed.initCause(e);
            throw killed;
        }
        if (session.consumeQueryKilled()) {
            throw new SQLException("Query execution was interrupted", "70100", 1317, e); // KILL QUERY, as MySQL says it
        }
        session.learnFrom(e, phase, broken, info, ps);
        Verdict verdict = FailurePolicy.decide(e, phase, position, info);
        switch (verdict) {
            case RETRY:
                if (!session.routeCanChange() || FailurePolicy.isNotPrimary(e) && !session.followsThePrimary()) {
                    // forced, sticky, or one cluster only: it would go back where it failed
                    throw session.failedStatement(e, ps);
                }
                boolean refused = !broken && phase == Phase.EXECUTE; // the server refused it before executing
                if (System.nanoTime() > deadlineNanos || !refused && attempts >= maxAttempts) {
                    e.addSuppressed(new SQLException("gave up after " + attempts + " attempts"));
                    throw session.failedStatement(e, ps);
                }
                if (refused && ps != null && session.routedWithoutTablet()) {
                    refusedBy = refusedBy.isEmpty() ? new ArrayList<>(2) : refusedBy;
                    refusedBy.add(ps.server()); // the next attempt goes elsewhere
                    if (!session.anotherServerThan(refusedBy)) {
                        throw session.failedStatement(e, ps); // every usable server refused it: the refusal stands
                    }
                }
                if (ps != null && position == Position.FIRST && !broken) {
                    session.drop(ps); // the held BEGIN may have opened a transaction there
                }
                session.restoreHeld(held);
                if (log.isDebugEnabled()) {
                    log.debug("{}: attempt {} of {} on {} failed ({} {}: {}); sent again", session.name(), attempts,
                            info.kind(), ps == null ? "(no server)" : ps.server(), e.getErrorCode(), e.getSQLState(),
                            e.getMessage());
                }
                if (refused) {
                    pause(e);
                }
                return;
            case OUTCOME_UNKNOWN:
                throw session.outcomeUnknown(e, ps);
            case TRANSACTION_LOST:
                throw session.transactionLost(e, ps);
            default:
                throw session.failedStatement(e, ps);
        }
    }

    /**
     * Gives a moving leader, a starting server or a switchover time to settle before the next
     * attempt: 20 ms after the first refusal, doubling up to 500 ms, never past the deadline.
     */
    private void pause(SQLException cause) throws SQLException {
        long millis = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempts - 1, 8));
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        try {
            Thread.sleep(Math.max(0, Math.min(millis, left)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
