package io.obproxy.sql;

import io.obproxy.sql.Assignment.Scope;
import io.obproxy.sql.Token.Type;
import java.util.Locale;

/**
 * Reads SET statements into {@link Assignment}s: system and user variables with their scope and,
 * when the value is one literal, the value as written; NAMES / CHARACTER SET; the TRANSACTION
 * forms. Also judges a whole text of SETs: whether it is one SET NAMES the front end answers, and
 * whether it is the driver's own {@code SET @obproxy_route_addr = '...'}.
 *
 * <p>Design note: assignments are split at top-level commas and each is read on its own; a value
 * that is more than one token (an expression, a subquery) is recorded without a literal, so that
 * the session reads it back from the server that evaluated it.
 */
final class SetReader extends TokenReader {
    /** The user variable a statement sets alone to choose its server: {@code SET @obproxy_route_addr = 'host:port'}. */
    private static final String ROUTE_VARIABLE = "obproxy_route_addr";


    SetReader(TokenView view, Findings found) {
        super(view, found);
    }

    /** Reads the assignments of a SET statement, tokens [from, to) after its SET. */
    void read(int from, int to) {
        if (view.isWord(from, "TRANSACTION")) {
            found.assignments.add(new Assignment(Scope.NEXT_TRANSACTION, "", null));
            return;
        }
        if ((view.isWord(from, "SESSION") || view.isWord(from, "LOCAL")) && view.isWord(from + 1, "TRANSACTION")) {
            found.assignments.add(new Assignment(Scope.SESSION_TRANSACTION, "", view.text(from, to)));
            return;
        }
        if (view.isWord(from, "GLOBAL") && view.isWord(from + 1, "TRANSACTION")) {
            found.assignments.add(new Assignment(Scope.GLOBAL, "transaction", null));
            return;
        }
        int i = from;
        while (i < to) {
            int comma = view.firstAtTopLevel(i, to, j -> view.isSymbol(j, ','));
            int end = comma < 0 ? to : comma;
            assignment(i, end);
            i = end + 1;
        }
    }

    private void assignment(int from, int to) {
        if (view.isWord(from, "NAMES") || view.isWord(from, "CHARSET")
                || (view.isWord(from, "CHARACTER") && view.isWord(from + 1, "SET"))) {
            charset(from, to);
            return;
        }
        Scope scope = Scope.SESSION;
        int i = from;
        String name;
        Token t = view.get(i);
        if (t.type() == Type.USER_VAR) {
            scope = Scope.USER;
            name = view.userVar(i);
        } else if (t.type() == Type.SYSTEM_VAR) {
            String text = t.text(view.sql()).substring(2).replace("`", "").toLowerCase(Locale.ROOT);
            if (text.startsWith("global.")) {
                scope = Scope.GLOBAL;
            }
            name = text.substring(text.indexOf('.') + 1);
        } else {
            String w = view.upper(i);
            if ("GLOBAL".equals(w) || "PERSIST".equals(w) || "PERSIST_ONLY".equals(w)) {
                scope = Scope.GLOBAL;
                i++;
            } else if ("SESSION".equals(w) || "LOCAL".equals(w)) {
                i++;
            }
            name = view.name(i);
            if (name == null) {
                return;
            }
        }
        int op = i + 1;
        String literal = null;
        if (op + 2 == to && (view.isSymbol(op, '=') || view.isSymbol(op, ":="))) {
            literal = literal(op + 1);
        } else if (op + 3 == to && view.isSymbol(op + 1, '-') && view.get(op + 2).type() == Type.NUMBER) {
            literal = "-" + view.get(op + 2).text(view.sql());
        }
        found.assignments.add(new Assignment(scope, name, literal));
    }

    /** {@code NAMES x [COLLATE y]}, {@code CHARSET x}, {@code CHARACTER SET x}: replayed as written. */
    private void charset(int from, int to) {
        int value = view.isWord(from, "CHARACTER") ? from + 2 : from + 1;
        String charset = view.name(value);
        boolean collate = view.isWord(value + 1, "COLLATE") && view.name(value + 2) != null;
        found.charsetStatementComplete = charset != null && (value + 1 == to || collate && value + 3 == to);
        if (collate) {
            found.objectName = view.name(value + 2);
        }
        found.assignments.add(new Assignment(Scope.CHARSET, charset == null ? "" : charset.toLowerCase(Locale.ROOT),
                "SET " + view.text(from, to)));
    }

    private String literal(int i) {
        Token t = view.get(i);
        if (t.type() == Type.STRING || t.type() == Type.NUMBER || t.type() == Type.WORD) {
            return t.text(view.sql());
        }
        return null;
    }

    /**
     * @return true when a text of {@code statements} statements, the first of kind {@code first}, is
     * one {@code SET NAMES x [COLLATE y]} / {@code SET CHARACTER SET x} and nothing else
     */
    static boolean isSetNames(Findings found, int statements, StatementKind first) {
        return statements == 1 && first == StatementKind.SET && found.assignments.size() == 1
                && found.assignments.get(0).scope() == Scope.CHARSET && found.charsetStatementComplete;
    }

    /**
     * @return the address of a statement that is {@code SET @obproxy_route_addr = '...'} alone
     * (quotes removed), else null
     */
    static String routeAddress(Findings found) {
        if (found.assignments.size() != 1 || !found.tables.isEmpty()) {
            return null;
        }
        Assignment a = found.assignments.get(0);
        if (a.scope() != Scope.USER || !ROUTE_VARIABLE.equals(a.name()) || a.literal() == null) {
            return null;
        }
        String value = a.literal();
        if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }
}
