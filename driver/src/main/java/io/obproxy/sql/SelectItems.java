package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The items of the select list of each statement that begins with SELECT, as far as a rewrite needs
 * them: where each starts and ends, and whether the statement gives it an alias. A server names an
 * item without an alias by its text (see SqlRewrites#keepingNames).
 *
 * <p>Design note: the list runs from after SELECT and its modifiers (DISTINCT, SQL_CALC_FOUND_ROWS,
 * ...) to the first of FROM, INTO, WHERE, GROUP, HAVING, ORDER, LIMIT, UNION, FOR, LOCK, WINDOW at
 * the top level, split at top-level commas. An item has an alias when it ends in {@code AS name}, or
 * in a name right after the end of an expression ({@code CONNECTION_ID() id}); an item that only
 * looks so (a CASE ... END) is taken as aliased and left alone, which costs its name nothing more
 * than the rewrite did.
 */
final class SelectItems {
    private static final Set<String> MODIFIERS = Set.of("ALL", "DISTINCT", "DISTINCTROW", "HIGH_PRIORITY",
            "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_CACHE", "SQL_NO_CACHE",
            "SQL_CALC_FOUND_ROWS");
    private static final Set<String> LIST_ENDS = Set.of("FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
            "UNION", "FOR", "LOCK", "WINDOW", "EXCEPT", "INTERSECT");
    private static final Set<Type> NAMES = Set.of(Type.WORD, Type.QUOTED_ID, Type.STRING);
    private static final Set<Type> EXPRESSION_ENDS = Set.of(Type.WORD, Type.QUOTED_ID, Type.STRING, Type.NUMBER,
            Type.SYSTEM_VAR, Type.USER_VAR, Type.PARAM);

    private SelectItems() {
    }

    /** @return token ranges {first, last} of the select items without an alias, in text order */
    static List<int[]> unaliased(TokenView view, int size) {
        List<int[]> items = new ArrayList<>(2);
        for (int start = 0; start < size; start++) {
            if (view.isWord(start, "SELECT") && (start == 0 || view.get(start - 1).type() == Type.SEMICOLON)) {
                start = list(view, size, start + 1, items);
            }
        }
        return items;
    }

    /** Adds the unaliased items of the list after SELECT at {@code from}; @return where the list ends */
    private static int list(TokenView view, int size, int from, List<int[]> items) {
        int i = from;
        while (i < size && isIn(MODIFIERS, view.upper(i))) {
            i++;
        }
        int itemStart = i;
        int depth = 0;
        for (; i < size; i++) {
            if (view.isSymbol(i, '(')) {
                depth++;
            } else if (view.isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0 && (view.get(i).type() == Type.SEMICOLON || isIn(LIST_ENDS, view.upper(i)))) {
                break;
            } else if (depth == 0 && view.isSymbol(i, ',')) {
                add(view, itemStart, i - 1, items);
                itemStart = i + 1;
            }
        }
        add(view, itemStart, i - 1, items);
        return i;
    }

    private static boolean isIn(Set<String> words, String word) {
        return word != null && words.contains(word);
    }

    private static void add(TokenView view, int first, int last, List<int[]> items) {
        if (first <= last && !hasAlias(view, first, last)) {
            items.add(new int[] {first, last});
        }
    }

    private static boolean hasAlias(TokenView view, int first, int last) {
        if (last == first || !NAMES.contains(view.get(last).type())) {
            return false;
        }
        int before = last - 1;
        return view.isWord(before, "AS") || EXPRESSION_ENDS.contains(view.get(before).type()) || view.isSymbol(before, ')');
    }
}
