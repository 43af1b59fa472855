package io.obproxy.session;

import java.util.List;

/**
 * One entry of the session state information a server's OK packet carried (CLIENT_SESSION_TRACK),
 * as the server sent it.
 *
 * @param type   the protocol's session state type: 0 system variable, 1 schema, 2 state change,
 *               3 GTIDs, 4 transaction characteristics, 5 transaction state
 * @param values for a system variable its name and value; for the other types one value (a state
 *               change's is the entry's data as sent)
 */
public record SessionChange(int type, List<String> values) {
    /** SESSION_TRACK_SYSTEM_VARIABLES. */
    public static final int SYSTEM_VARIABLE = 0;
    /** SESSION_TRACK_SCHEMA. */
    public static final int SCHEMA = 1;
    /** SESSION_TRACK_STATE_CHANGE. */
    public static final int STATE_CHANGE = 2;
    /** SESSION_TRACK_GTIDS. */
    public static final int GTIDS = 3;

    public SessionChange {
        values = List.copyOf(values);
    }
}
