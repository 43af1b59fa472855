package io.obproxy.session;

import io.obproxy.route.ParameterValues;
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.session.FailurePolicy.Position;
import io.obproxy.session.FailurePolicy.Verdict;
import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;

/**
 * One execution of a statement on a logical session, through its attempts: routed and prepared by
 * {@link #prepare}, reported back by {@link #succeeded}, {@link #failedBeforeSending} or
 * {@link #failedAfterSending}. The caller loops while the failure methods return normally.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Where the statement stands in a transaction is taken once, before the first attempt
 *   ({@link Position}); a pinned session counts as inside (what it is pinned for cannot move).</li>
 *   <li>A failure feeds the cluster first (health, stale locations), then {@link FailurePolicy}
 *   decides. A retry restores what the attempt consumed (a held BEGIN / SET TRANSACTION) and
 *   drops a connection on which a transaction may have been left open.</li>
 *   <li>Only a statement whose route can change is sent again: one forced to a server
 *   ({@code @obproxy_route_addr}) or sticky to the last one (LAST_INSERT_ID(), ...) would only go
 *   back where it failed.</li>
 *   <li>Bounds: at most max(5, usable servers) attempts and {@code failoverTimeoutMillis} in all;
 *   a refusal for a stale location waits 20 ms per attempt before the next one, so that a moving
 *   leader can settle.</li>
 * </ul>
 */
public final class Execution {
    private static final int MIN_ATTEMPTS = 5;

    private final LogicalSession session;
    private final SqlInfo info;
    private final Position position;
    private final String heldBegin;
    private final String heldNextTransaction;
    private final long deadlineNanos;
    private final int maxAttempts;
    private int attempts;

    Execution(LogicalSession session, SqlInfo info, Position position, String heldBegin, String heldNextTransaction,
              long timeoutMillis, int usableServers) {
        this.session = session;
        this.info = info;
        this.position = position;
        this.heldBegin = heldBegin;
        this.heldNextTransaction = heldNextTransaction;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.maxAttempts = Math.max(MIN_ATTEMPTS, usableServers);
    }

    /** Routes this attempt and returns its physical session, open, in sync, held statements sent. */
    public PhysicalSession prepare(ParameterValues parameters) throws SQLException {
        attempts++;
        return session.prepare(info, parameters);
    }

    /** Records what the statement changed: session state and pins. */
    public void succeeded(PhysicalSession ps) throws SQLException {
        session.completed(info, ps);
    }

    /**
     * After an attempt failed before the statement was sent (routing, connect, login, session
     * replay, preparing): returns normally when it is to be sent again, else throws what the
     * application gets.
     *
     * @param ps the physical session of the attempt, or null when none was reached
     */
    public void failedBeforeSending(SQLException e, PhysicalSession ps) throws SQLException {
        failed(e, Phase.PREPARE, ps);
    }

    /** As {@link #failedBeforeSending}, for a failure after the statement was sent on {@code ps}. */
    public void failedAfterSending(SQLException e, PhysicalSession ps) throws SQLException {
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
                if (!session.routeCanChange()) {
                    throw session.failedStatement(e, ps); // forced or sticky: it would go to the same server
                }
                if (attempts >= maxAttempts || System.nanoTime() > deadlineNanos) {
                    e.addSuppressed(new SQLException("gave up after " + attempts + " attempts"));
                    throw session.failedStatement(e, ps);
                }
                if (ps != null && position == Position.FIRST && !broken) {
                    session.drop(ps); // the held BEGIN may have opened a transaction there
                }
                session.restoreHeld(heldBegin, heldNextTransaction);
                if (!broken && phase == Phase.EXECUTE) {
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
     * Gives a moving leader (or a starting server) time to settle before the next attempt: 20 ms
     * times the attempts so far.
     */
    private void pause(SQLException cause) throws SQLException {
        try {
            Thread.sleep(20L * attempts);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
