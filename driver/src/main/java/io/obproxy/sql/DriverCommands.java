package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.Map;

/**
 * Recognises the statements the driver answers itself ({@link SqlInfo#answeredByDriver()}):
 * {@code SHOW [FULL] PROCESSLIST}, {@code SHOW PROXYSESSION}, {@code SHOW PROXYROUTE}, {@code SHOW PROXYSTAT},
 * {@code EXPLAIN ROUTE <statement>} and {@code KILL [CONNECTION | QUERY] <id>}.
 *
 * <p>Design note: each form is matched whole and exactly; anything more or less (a LIKE after
 * SHOW PROCESSLIST, a KILL of an expression) is not the driver's and goes to the server, which
 * answers or refuses it. What the command acts on goes to {@link Findings#objectName}.
 */
final class DriverCommands extends TokenReader {
    /** {@code SHOW <word>} the driver answers, by the word. */
    private static final Map<String, StatementKind> OWN_SHOW = Map.of("PROCESSLIST", StatementKind.SHOW_PROCESSLIST,
            "PROXYSESSION", StatementKind.SHOW_PROXYSESSION, "PROXYROUTE", StatementKind.SHOW_PROXYROUTE,
            "PROXYSTAT", StatementKind.SHOW_PROXYSTAT);

    DriverCommands(TokenView view, Findings found) {
        super(view, found);
    }

    /** @return the kind of a driver's SHOW at tokens [i, to) ({@code i} at SHOW), or null for any other SHOW */
    StatementKind show(int i, int to) {
        if (view.isWord(i + 1, "FULL") && view.isWord(i + 2, "PROCESSLIST") && i + 3 == to) {
            found.flags |= SqlInfo.FLAG_FULL;
            return StatementKind.SHOW_PROCESSLIST;
        }
        return i + 2 != to ? null : OWN_SHOW.get(String.valueOf(view.upper(i + 1)));
    }

    /** @return EXPLAIN_ROUTE for {@code EXPLAIN ROUTE <statement>} at tokens [i, to) ({@code i} at EXPLAIN), else null */
    StatementKind explainRoute(int i, int to) {
        if (view.isWord(i + 1, "ROUTE") && i + 2 < to) {
            found.objectName = view.text(i + 2, to);
            return StatementKind.EXPLAIN_ROUTE;
        }
        return null;
    }

    /** @return KILL for {@code KILL [CONNECTION | QUERY] <digits>} at [i, to); any other KILL is the server's (OTHER) */
    StatementKind kill(int i, int to) {
        int j = i + 1;
        if (view.isWord(j, "QUERY")) {
            found.flags |= SqlInfo.FLAG_KILL_QUERY;
            j++;
        } else if (view.isWord(j, "CONNECTION")) {
            j++;
        }
        String id = j + 1 == to && view.get(j).type() == Type.NUMBER ? view.text(j, to) : "";
        if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            found.flags &= ~SqlInfo.FLAG_KILL_QUERY;
            return StatementKind.OTHER;
        }
        found.objectName = id;
        return StatementKind.KILL;
    }
}
