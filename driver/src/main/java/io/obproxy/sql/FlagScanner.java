package io.obproxy.sql;

import io.obproxy.sql.Assignment.Scope;
import io.obproxy.sql.Token.Type;
import java.util.Locale;
import java.util.Map;

/**
 * Flags a statement raises wherever it says so, and its markers: locking reads, calls that read
 * the previous statement's state or the session's locks or id (LAST_INSERT_ID(), GET_LOCK(),
 * CONNECTION_ID(), ...), MySQL 8.0's transaction variables, the READ_CONSISTENCY hint, and user
 * variables assigned outside SET ({@code @x := ...}, {@code INTO @x}).
 *
 * <p>Design note: one pass over a statement's tokens, not a grammar: a call is a word followed by
 * {@code (} and not preceded by {@code .} (a qualified name is someone's own function). Writes
 * into the text's {@link Findings}.
 */
final class FlagScanner extends TokenReader {
    /** Calls that read the previous statement's state, the session's user locks or its id. */
    private static final Map<String, Integer> CALL_FLAGS = Map.of(
            "FOUND_ROWS", SqlInfo.FLAG_LAST_STATEMENT_STATE, "ROW_COUNT", SqlInfo.FLAG_LAST_STATEMENT_STATE,
            "LAST_INSERT_ID", SqlInfo.FLAG_LAST_STATEMENT_STATE, "GET_LOCK", SqlInfo.FLAG_GET_LOCK,
            "RELEASE_LOCK", SqlInfo.FLAG_RELEASE_LOCK, "RELEASE_ALL_LOCKS", SqlInfo.FLAG_RELEASE_ALL_LOCKS,
            "IS_USED_LOCK", SqlInfo.FLAG_LOCK_QUERY, "IS_FREE_LOCK", SqlInfo.FLAG_LOCK_QUERY,
            "CONNECTION_ID", SqlInfo.FLAG_CONNECTION_ID);


    FlagScanner(TokenView view, Findings found) {
        super(view, found);
    }

    /** @return FLAG_WEAK_READ_HINT or FLAG_STRONG_READ_HINT for a {@code READ_CONSISTENCY(...)} hint, else 0 */
    static int consistencyHint(String hints) {
        int at = hints.toUpperCase(Locale.ROOT).indexOf("READ_CONSISTENCY");
        if (at < 0) {
            return 0;
        }
        String rest = hints.substring(at + "READ_CONSISTENCY".length()).replace(" ", "").toUpperCase(Locale.ROOT);
        if (rest.startsWith("(WEAK)")) {
            return SqlInfo.FLAG_WEAK_READ_HINT;
        }
        return rest.startsWith("(STRONG)") ? SqlInfo.FLAG_STRONG_READ_HINT : 0;
    }

    /** Flags a SELECT at tokens [from, to) that locks: FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE (outside parentheses). */
    void lockingRead(int from, int to) {
        if (view.firstAtTopLevel(from, to, i -> view.isWord(i, "FOR") && (view.isWord(i + 1, "UPDATE")
                || view.isWord(i + 1, "SHARE")) || view.isWord(i, "LOCK") && view.isWord(i + 1, "IN")) >= 0) {
            found.flags |= SqlInfo.FLAG_LOCKING_READ;
        }
    }

    /**
     * Counts the markers of tokens [from, to), flags calls and transaction variables (also named in a
     * {@code session_track_system_variables} list) and, when
     * {@code userAssignments} (outside SET, which {@link SetReader} reads), records user variables assigned.
     */
    void scan(int from, int to, boolean userAssignments) {
        boolean trackList = false; // session_track_system_variables was named: its list may name transaction variables
        for (int i = from; i < to; i++) {
            Token t = view.get(i);
            if (t.type() == Type.PARAM) {
                found.parameters++;
            } else if (t.type() == Type.WORD && view.isSymbol(i + 1, '(') && !view.isSymbol(i - 1, '.')) {
                int flag = callFlag(t.text(view.sql()));
                // CONNECTION_ID() takes no argument: connection_id(id INT) is a table's name and columns
                found.flags |= flag == SqlInfo.FLAG_CONNECTION_ID && !view.isSymbol(i + 2, ')') ? 0 : flag;
            } else if (t.type() == Type.SYSTEM_VAR && SqlRewrites.oldTransactionVariable(t.text(view.sql())) != null) {
                found.flags |= SqlInfo.FLAG_TRANSACTION_VARIABLE;
            } else if (t.type() == Type.STRING && trackList) {
                if (SqlRewrites.oldTrackedVariables(t.text(view.sql())) != null) {
                    found.flags |= SqlInfo.FLAG_TRANSACTION_VARIABLE;
                }
            } else if (SqlRewrites.namesTrackList(view.sql(), t)) {
                trackList = true;
            } else if (!userAssignments) {
                continue;
            } else if (t.type() == Type.USER_VAR && view.isSymbol(i + 1, ":=")) {
                found.assignments.add(new Assignment(Scope.USER, view.userVar(i), null));
            } else if (view.isWord(i, "INTO") && i + 1 < to && view.get(i + 1).type() == Type.USER_VAR) {
                for (int j = i + 1; j < to && view.get(j).type() == Type.USER_VAR; j += 2) {
                    found.assignments.add(new Assignment(Scope.USER, view.userVar(j), null));
                    if (!view.isSymbol(j + 1, ',')) {
                        break;
                    }
                }
            }
        }
    }

    /** @return the flag a call of function {@code name} raises, or 0 */
    private static int callFlag(String name) {
        return CALL_FLAGS.getOrDefault(name.toUpperCase(Locale.ROOT), 0);
    }
}
