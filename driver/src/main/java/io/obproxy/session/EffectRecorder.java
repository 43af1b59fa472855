package io.obproxy.session;

import io.obproxy.sql.Assignment;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a statement that succeeded changed, once the server accepted it: the schema moved
 * (locations reloaded, counted for prepared statements), the server said the statement missed its leader (location refreshed), the
 * database, SET values (literals kept as written; expressions read back from the server that
 * evaluated them, one round trip), autocommit, and the pins ({@link Pins#afterStatement}), logged
 * at DEBUG when they start or end.
 */
final class EffectRecorder {
    private static final Logger log = LoggerFactory.getLogger(EffectRecorder.class);
    private final SessionState state;
    private final Pins pins;
    private final HeldStatements held;
    private final SessionRouter routes;
    private final SessionLabel label;

    EffectRecorder(SessionState state, Pins pins, HeldStatements held, SessionRouter routes, SessionLabel label) {
        this.state = state;
        this.pins = pins;
        this.held = held;
        this.routes = routes;
        this.label = label;
    }

    /**
     * @param replyComplete false while the statement's result is still being read from the server
     *                      (streamed or fetched by cursor)
     */
    void completed(SqlInfo info, PhysicalSession ps, boolean replyComplete) throws SQLException {
        if (info.kind() == StatementKind.DDL || info.kind() == StatementKind.DROP_TABLE) {
            routes.forEachTable(info, routes.cluster().locations()::invalidate); // the schema moved: load anew
            state.schemaChanged();
        } else if (routes.routedByLocation() && ps.partitionMissed()) {
            routes.forEachTable(info, routes.cluster().locations()::refresh); // the server says this missed the leader
        }
        boolean wasInSync = ps.syncedVersion() == state.version();
        if (info.kind() == StatementKind.USE && info.database() != null) {
            state.setCatalog(info.database());
        }
        if (!info.assignments().isEmpty()) {
            recordAssignments(info.assignments(), ps);
        }
        if (wasInSync) {
            ps.syncedTo(state.version());
        }
        PhysicalSession pinnedBefore = pins.server();
        pins.afterStatement(info, ps, held.takeSentBegin(), replyComplete);
        if (log.isDebugEnabled() && pins.server() != pinnedBefore) {
            log.debug(pins.server() == null ? "{}: free to move again" : "{}: pinned to {} {}", label, ps.server(),
                    pins.reasons());
        }
    }

    /** @return true when one of the statement's assignments is read back from the server (see {@link #readBack}) */
    static boolean readsBack(SqlInfo info) {
        for (Assignment a : info.assignments()) {
            if (readBack(a)) {
                return true;
            }
        }
        return false;
    }

    /** @return true for a session or user variable set with an expression (not autocommit: a SET has no rows) */
    private static boolean readBack(Assignment a) {
        return a.literal() == null && (a.scope() == Assignment.Scope.USER
                || a.scope() == Assignment.Scope.SESSION && !"autocommit".equals(a.name()));
    }

    private void recordAssignments(List<Assignment> assignments, PhysicalSession ps) throws SQLException {
        List<Assignment> readBack = new ArrayList<>();
        for (Assignment a : assignments) {
            if (readBack(a)) {
                readBack.add(a);
                continue;
            }
            switch (a.scope()) {
                case SESSION:
                    if ("autocommit".equals(a.name())) {
                        autoCommitSet(a.literal(), ps);
                    } else {
                        state.setSystemVariable(a.name(), a.literal());
                        SessionState.textFollows(ps.connection(), a.name(), a.literal());
                    }
                    break;
                case USER:
                    state.setUserVariable(a.name(), a.literal());
                    break;
                case CHARSET:
                    state.setCharset(a.literal());
                    break;
                case SESSION_TRANSACTION:
                    state.setSessionTransaction(a.literal());
                    break;
                default:
                    break; // GLOBAL and NEXT_TRANSACTION leave the session as it is
            }
        }
        if (!readBack.isEmpty()) {
            VariableReader.readBack(ps.connection(), readBack, state);
        }
    }

    /**
     * {@code SET autocommit = ...} ran on {@code ps}: that server has the new mode (and committed a
     * running transaction if it was switched on). Connector/J is told too, since its commit and
     * rollback depend on it and it does not read SET statements (it sends nothing when the flag is
     * already what it is told); the logical session records it for the other servers.
     */
    private void autoCommitSet(String literal, PhysicalSession ps) throws SQLException {
        Boolean on = switchValue(literal);
        if (on == null) {
            on = ps.readAutoCommit();
        }
        ps.connection().setAutoCommit(on);
        state.setAutoCommit(on);
        if (on) {
            held.dropBegin();
        }
    }

    /** @return the boolean a literal sets a switch to (1/0, ON/OFF, TRUE/FALSE, quoted or not), or null */
    static Boolean switchValue(String literal) {
        if (literal == null) {
            return null;
        }
        String v = literal.replace("'", "").replace("\"", "").trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "1": case "ON": case "TRUE": return Boolean.TRUE;
            case "0": case "OFF": case "FALSE": return Boolean.FALSE;
            default: return null;
        }
    }
}
