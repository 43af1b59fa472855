package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.RouteDecision;
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.session.FailurePolicy.Position;
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
 * judged: sent again, or the error the application gets. Every call of the jdbc package that reaches
 * a server runs here: statements, prepared and callable statements and their batches, commit,
 * rollback and savepoints, and the work on a connection that is no statement (a validity check,
 * metadata: {@link Attempt#isStatement}).
 *
 * <p>Design notes.
 * <ul>
 *   <li>An execution works on the session's parts ({@link SessionParts}), not on the
 *   {@link LogicalSession}: routing, physical sessions, effects, kill state, failure feedback and
 *   outcomes each answer for their own state.</li>
 *   <li>Where the statement stands in a transaction is taken once, before the first attempt
 *   ({@link Position}); a pinned session counts as inside (what it is pinned for cannot move).</li>
 *   <li>A failure feeds the cluster first (health, stale locations), then {@link FailurePolicy}
 *   decides. A retry restores what the attempt consumed (a held BEGIN / SET TRANSACTION) and
 *   drops a connection on which a transaction may have been left open.</li>
 *   <li>A refused statement whose tablet is unknown (routed by default: no location, keys the driver
 *   cannot read) is not sent back to a server that refused it, nor to one that refused its login in
 *   an earlier attempt (a busy server answering 1040 stays ACTIVE): each attempt goes to a server
 *   that has not, and when every usable server has, the refusal is the answer. One whose leader is
 *   known but down waits for the election instead, like any refusal.</li>
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

    private final SessionParts parts;
    private final SqlInfo info;
    private Position position;
    private final HeldStatements.Snapshot held;
    private long deadlineNanos;
    private final int maxAttempts;
    private int attempts;
    /** Servers that refused a default-routed attempt (empty, not allocated, until one does). */
    private List<ServerAddress> refusedBy = List.of();

    /** Starts one execution of {@code info}, to be {@link #run} once. */
    Execution(SessionParts parts, SqlInfo info) {
        this.parts = parts;
        this.info = info;
        parts.kills().newExecution();
        this.held = parts.held().snapshot();
        this.deadlineNanos = System.nanoTime() + parts.settings().failoverTimeoutMillis() * 1_000_000L;
        this.maxAttempts = Math.max(MIN_ATTEMPTS, parts.routes().usableServers());
    }

    /**
     * Bounds this execution, all attempts together, to {@code millis} when that is sooner than the
     * failover timeout (a validity check within its timeout).
     *
     * @return this execution
     */
    Execution within(long millis) {
        deadlineNanos = Math.min(deadlineNanos, System.nanoTime() + millis * 1_000_000L);
        return this;
    }

    /**
     * Runs the statement through its attempts: each is routed and set up, then sent; a failure is
     * judged ({@link #failed}) and either tried again or thrown; what succeeded is recorded
     * ({@link #succeeded}). The running physical statement is known to the kill switch meanwhile,
     * for KILL QUERY.
     */
    public <T> T run(ParameterValues parameters, Attempt<T> attempt) throws SQLException {
        position = position(attempt.isStatement());
        try {
            return runAttempts(parameters, attempt);
        } catch (SQLException e) {
            if (attempts > 1) {
                parts.routes().cluster().metrics().retriedStatementEnded(false);
            }
            throw e;
        }
    }

    private <T> T runAttempts(ParameterValues parameters, Attempt<T> attempt) throws SQLException {
        while (true) {
            PhysicalSession ps = null;
            Statement running;
            try {
                ps = prepare(parameters, attempt.isStatement());
                running = attempt.setUp(ps);
            } catch (SQLException e) {
                failed(e, Phase.PREPARE, ps, true);
                continue;
            }
            parts.kills().running(running);
            ps.clearSessionChanges(); // what the replay and held statements changed is not the statement's
            try {
                T result = attempt.send();
                succeeded(ps, attempt);
                return result;
            } catch (SQLException e) {
                failed(attempt.failure(e), Phase.EXECUTE, ps, attempt.resendable());
            } finally {
                parts.kills().running(null);
            }
        }
    }

    /**
     * @return where the execution stands in a transaction, before its first attempt: a pinned
     * session counts as inside (what it is pinned for cannot move); work that is no statement
     * starts no transaction
     */
    private Position position(boolean statement) {
        if (parts.pins().isPinned()) {
            return Position.INSIDE;
        }
        boolean starts = parts.held().holdsBegin() || !parts.state().autoCommit();
        return statement && starts ? Position.FIRST : Position.OUTSIDE;
    }

    /**
     * Routes this attempt and returns its physical session, open, in sync, held statements sent
     * before a statement. A default route does not go back to a server that refused the statement
     * in an earlier attempt.
     */
    private PhysicalSession prepare(ParameterValues parameters, boolean statement) throws SQLException {
        attempts++;
        ServerSessions servers = parts.servers();
        servers.ensureOpen();
        RouteDecision decision = parts.routes().decideAttempt(info, parameters, servers.lastServer(), refusedBy);
        if (log.isDebugEnabled()) {
            log.debug("{}: {} to {} ({})", parts.label(), info.kind(), decision.server(), decision.reason());
        }
        PhysicalSession ps = servers.prepare(decision.server(), statement, statement && brokenAfterSendingIsNoWorse());
        ps.metrics().routed(decision.reason(), decision.inClientIdc());
        return ps;
    }

    /**
     * @return true when a connection found broken only after the statement was sent ends no worse
     * than one found broken before: a read outside a transaction whose route can change is sent
     * again either way, and a statement inside an open transaction (other than its commit) loses the
     * transaction either way (40001). A commit's fate would be unknown (08007) where the look before
     * knows it never ran.
     */
    private boolean brokenAfterSendingIsNoWorse() {
        if (position == Position.OUTSIDE) {
            return FailurePolicy.isRead(info) && parts.routes().routeCanChange();
        }
        return position == Position.INSIDE && parts.pins().inTransaction() && !FailurePolicy.commits(info);
    }

    /** Records what the attempt changed: the session's affinity, and for a statement its effects and pins. */
    private void succeeded(PhysicalSession ps, Attempt<?> attempt) throws SQLException {
        parts.servers().used(ps);
        if (attempts > 1) {
            parts.routes().cluster().metrics().retriedStatementEnded(true);
        }
        if (attempt.isStatement()) {
            ps.ignoreSessionChanges(true); // a read-back, Connector/J told of autocommit: the driver's, not the statement's
            try {
                parts.effects().completed(info, ps, attempt.replyComplete());
            } finally {
                ps.ignoreSessionChanges(false);
            }
        }
    }

    /**
     * After an attempt failed, before the statement was sent ({@link Phase#PREPARE}: routing,
     * connect, login, session replay, preparing) or after: returns normally when it is to be sent
     * again, else throws what the application gets.
     *
     * @param ps         the physical session of the attempt, or null when none was reached
     * @param resendable false when part of the reply reached its receiver: no verdict sends it again
     */
    private void failed(SQLException e, Phase phase, PhysicalSession ps, boolean resendable) throws SQLException {
        boolean broken = FailurePolicy.isBrokenConnection(e);
        KillSwitch kills = parts.kills();
        if (broken && kills.markedElsewhere(ps == null ? null : ps.server())) {
            parts.servers().kill(); // another instance killed the session: its connection was closed under it
        }
        if (kills.isKilled()) {
            SQLException killed = KillSwitch.killedException();
            killed.initCause(e);
            throw killed;
        }
        if (kills.consumeQueryKilled()) {
            throw new SQLException("Query execution was interrupted", "70100", 1317, e); // KILL QUERY, as MySQL says it
        }
        parts.feedback().learn(e, phase, broken, info, ps != null ? ps.server() : parts.routes().lastServer());
        String pinnedFor = parts.pins().reasons().toString(); // before the drop clears them
        if ((broken || FailurePolicy.leftReplyUnread(e)) && ps != null) {
            parts.servers().drop(ps);
        }
        FailureOutcomes outcomes = parts.outcomes();
        FailurePolicy.Verdict verdict = FailurePolicy.decide(e, phase, position, info);
        switch (verdict == FailurePolicy.Verdict.RETRY && !resendable ? FailurePolicy.Verdict.FAIL : verdict) {
            case RETRY:
                retryOrGiveUp(e, phase, broken, ps);
                return;
            case OUTCOME_UNKNOWN:
                throw outcomes.outcomeUnknown(e, ps);
            case TRANSACTION_LOST:
                throw outcomes.transactionLost(e, ps, pinnedFor);
            default:
                throw outcomes.failed(e, ps, began(phase));
        }
    }

    /** The policy would send the statement again: returns when it goes, throws when it cannot. */
    private void retryOrGiveUp(SQLException e, Phase phase, boolean broken, PhysicalSession ps) throws SQLException {
        SessionRouter routes = parts.routes();
        if (!routes.routeCanChange() || FailurePolicy.isNotPrimary(e) && !routes.followsThePrimary()) {
            // forced, sticky, or one cluster only: it would go back where it failed
            throw parts.outcomes().failed(e, ps, began(phase));
        }
        boolean refused = !broken && phase == Phase.EXECUTE; // the server refused it before executing
        if (System.nanoTime() > deadlineNanos || !refused && attempts >= maxAttempts) {
            e.addSuppressed(new SQLException("gave up after " + attempts + " attempts"));
            throw parts.outcomes().failed(e, ps, began(phase));
        }
        boolean loginFailed = e instanceof PhysicalSessions.OpenFailed; // a login refused (1040) or not made
        ServerAddress tried = ps != null ? ps.server() : routes.lastServer();
        if ((refused || loginFailed) && tried != null && routes.routedWithoutTablet()) {
            refusedBy = refusedBy.isEmpty() ? new ArrayList<>(2) : refusedBy;
            refusedBy.add(tried); // the next attempt goes elsewhere
            if (!routes.anotherServerThan(refusedBy)) {
                throw parts.outcomes().failed(e, ps, began(phase)); // every usable server refused it
            }
        }
        if (ps != null && position == Position.FIRST && !broken) {
            parts.servers().drop(ps); // the held BEGIN may have opened a transaction there
        }
        parts.held().restore(held);
        if (log.isDebugEnabled()) {
            log.debug("{}: attempt {} of {} on {} failed ({} {}: {}); sent again", parts.label(), attempts,
                    info.kind(), ps == null ? "(no server)" : ps.server(), e.getErrorCode(), e.getSQLState(),
                    e.getMessage());
        }
        routes.cluster().metrics().retried(refused);
        if (refused) {
            pause(e);
        }
    }

    /** @return true when the failed attempt was sent as the first statement of a transaction */
    private boolean began(Phase phase) {
        return position == Position.FIRST && phase == Phase.EXECUTE;
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
