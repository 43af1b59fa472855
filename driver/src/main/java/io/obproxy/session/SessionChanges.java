package io.obproxy.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The session state changes one physical connection's server reported (the session state
 * information of its OK packets) since the last statement of the logical session was sent there.
 * {@link Execution} clears them just before it sends a statement, after the session state was
 * replayed on the connection, and ignores what is reported while it records the statement's effects
 * (a read-back, Connector/J told of a new autocommit mode): what the driver's own statements change
 * is never reported. The front end takes them to tell its client, as the server would have.
 *
 * <p>Filled by Connector/J's reader thread of the connection, which is the thread running the
 * statement: no locking.
 */
final class SessionChanges implements Consumer<List<SessionChange>> {
    private List<SessionChange> changes = List.of();
    private boolean ignoring;

    @Override
    public void accept(List<SessionChange> reported) {
        if (reported.isEmpty() || ignoring) {
            return;
        }
        if (changes.isEmpty()) {
            changes = new ArrayList<>(reported.size());
        }
        changes.addAll(reported);
    }

    /** @param on true while the driver runs statements of its own, whose changes are not kept */
    void ignore(boolean on) {
        ignoring = on;
    }

    /** Forgets what was reported so far (a statement is about to be sent). */
    void clear() {
        changes = List.of();
    }

    /** @return what was reported since the last {@link #clear} or take, in the server's order; then forgets it */
    List<SessionChange> take() {
        List<SessionChange> taken = changes;
        changes = List.of();
        return taken;
    }
}
