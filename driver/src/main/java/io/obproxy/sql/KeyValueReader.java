package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the values a statement gives columns: {@code col = v} / {@code v = col} and
 * {@code col IN (v, ...)} at the top level of an AND-only WHERE (any OR, or a NOT before the
 * column, and nothing is read), and INSERT/REPLACE column lists with VALUES rows or SET lists.
 * A value is a literal (number, string, hex, with a sign, a charset introducer or a DATE / TIME /
 * TIMESTAMP prefix) or a marker.
 */
final class KeyValueReader {
    private final TokenView view;
    private final int from;
    private final int to;
    private final int markersBefore;

    /** Reads statement [from, to) of the view; {@code markersBefore} markers precede it in the text. */
    KeyValueReader(TokenView view, int from, int to, int markersBefore) {
        this.view = view;
        this.from = from;
        this.to = to;
        this.markersBefore = markersBefore;
    }

    List<ColumnValues> whereValues() {
        int where = findTopLevel("WHERE", from);
        if (where < 0) {
            return List.of();
        }
        int end = clauseEnd(where + 1);
        List<ColumnValues> found = new ArrayList<>();
        int depth = 0;
        for (int i = where + 1; i < end; i++) {
            if (view.isSymbol(i, '(')) {
                depth++;
            } else if (view.isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0 && (view.isWord(i, "OR") || view.isWord(i, "XOR") || view.isSymbol(i, "|"))) {
                return List.of();
            } else if (depth == 0 && view.isSymbol(i, '=') && !isComparisonPart(i)) {
                equality(i, found);
            } else if (depth == 0 && view.isWord(i, "IN") && view.isSymbol(i + 1, '(') && !view.isWord(i - 1, "NOT")) {
                inList(i, found);
            }
        }
        return List.copyOf(found);
    }

    private boolean isComparisonPart(int eq) {
        return view.isSymbol(eq - 1, '<') || view.isSymbol(eq - 1, '>') || view.isSymbol(eq - 1, '!') || view.isSymbol(eq + 1, '>');
    }

    private void equality(int eq, List<ColumnValues> found) {
        int columnEnd = eq - 1;
        Column column = columnEndingAt(columnEnd);
        if (column != null) {
            KeyValue value = valueAt(eq + 1);
            if (value != null && valueEnd(eq + 1) == nextBoundary(eq + 1)) {
                found.add(column.with(List.of(value)));
            }
            return;
        }
        int valueStart = valueStartEndingAt(eq - 1);
        Column right = valueStart < 0 ? null : columnStartingAt(eq + 1);
        if (right != null) {
            found.add(right.with(List.of(valueAt(valueStart))));
        }
    }

    private void inList(int in, List<ColumnValues> found) {
        Column column = columnEndingAt(in - 1);
        if (column == null) {
            return;
        }
        List<KeyValue> values = new ArrayList<>();
        int i = in + 2;
        while (i < to) {
            KeyValue v = valueAt(i);
            if (v == null) {
                return;
            }
            values.add(v);
            i = valueEnd(i);
            if (view.isSymbol(i, ')')) {
                found.add(column.with(List.copyOf(values)));
                return;
            }
            if (!view.isSymbol(i, ',')) {
                return;
            }
            i++;
        }
    }

    List<ColumnValues> insertValues() {
        int i = from + 1;
        while (view.isWord(i, "LOW_PRIORITY") || view.isWord(i, "DELAYED") || view.isWord(i, "HIGH_PRIORITY") || view.isWord(i, "IGNORE")
                || view.isWord(i, "INTO")) {
            i++;
        }
        if (view.identifier(i) == null) {
            return List.of();
        }
        i += view.isSymbol(i + 1, '.') ? 3 : 1;
        if (view.isWord(i, "SET")) {
            return setList(i + 1);
        }
        List<String> columns = new ArrayList<>();
        if (view.isSymbol(i, '(')) {
            i++;
            while (i < to && !view.isSymbol(i, ')')) {
                String c = view.identifier(i);
                if (c == null) {
                    return List.of();
                }
                columns.add(c.toLowerCase(Locale.ROOT));
                i++;
                if (view.isSymbol(i, ',')) {
                    i++;
                }
            }
            i++;
        }
        if (columns.isEmpty() || !(view.isWord(i, "VALUES") || view.isWord(i, "VALUE"))) {
            return List.of();
        }
        List<List<KeyValue>> perColumn = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            perColumn.add(new ArrayList<>());
        }
        boolean[] unusable = new boolean[columns.size()];
        i++;
        while (view.isSymbol(i, '(')) {
            i++;
            for (int c = 0; c < columns.size(); c++) {
                KeyValue v = valueAt(i);
                int next = v == null ? nextBoundary(i) : valueEnd(i);
                if (v == null || next != nextBoundary(i)) {
                    unusable[c] = true;
                    next = nextBoundary(i);
                } else {
                    perColumn.get(c).add(v);
                }
                i = next + 1; // past ',' or ')'
            }
            if (!view.isSymbol(i, ',')) {
                break;
            }
            i++;
        }
        List<ColumnValues> found = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (!unusable[c] && !perColumn.get(c).isEmpty()) {
                found.add(new ColumnValues(columns.get(c), List.copyOf(perColumn.get(c))));
            }
        }
        return List.copyOf(found);
    }

    private List<ColumnValues> setList(int i) {
        List<ColumnValues> found = new ArrayList<>();
        while (i < to) {
            String column = view.identifier(i);
            if (column == null || !view.isSymbol(i + 1, '=')) {
                break;
            }
            KeyValue v = valueAt(i + 2);
            int boundary = nextBoundary(i + 2);
            if (v != null && valueEnd(i + 2) == boundary) {
                found.add(new ColumnValues(column.toLowerCase(Locale.ROOT), List.of(v)));
            }
            if (!view.isSymbol(boundary, ',')) {
                break;
            }
            i = boundary + 1;
        }
        return List.copyOf(found);
    }

    /** @return a value starting at {@code i}: [sign] number, [introducer] string, or marker */
    private KeyValue valueAt(int i) {
        if (i >= to) {
            return null;
        }
        Token t = view.get(i);
        if (t.type() == Type.PARAM) {
            return KeyValue.ofParameter(markerIndex(i));
        }
        if (t.type() == Type.NUMBER || t.type() == Type.STRING) {
            return KeyValue.ofLiteral(t.text(view.sql()));
        }
        if ((view.isSymbol(i, '-') || view.isSymbol(i, '+')) && i + 1 < to && view.get(i + 1).type() == Type.NUMBER) {
            return KeyValue.ofLiteral(view.sql().substring(t.start(), view.get(i + 1).end()).replace(" ", ""));
        }
        if (isPrefixedString(i)) {
            return KeyValue.ofLiteral(view.get(i + 1).text(view.sql()));
        }
        return null;
    }

    /** @return true at a string with a charset introducer ({@code _utf8mb4 'x'}) or a type ({@code DATE 'x'}) */
    private boolean isPrefixedString(int i) {
        if (view.get(i).type() != Type.WORD || i + 1 >= to || view.get(i + 1).type() != Type.STRING) {
            return false;
        }
        return view.get(i).text(view.sql()).startsWith("_") || view.isWord(i, "DATE") || view.isWord(i, "TIME")
                || view.isWord(i, "TIMESTAMP");
    }

    private int valueEnd(int i) {
        return view.get(i).type() == Type.SYMBOL || isPrefixedString(i) ? i + 2 : i + 1;
    }

    /** @return index of the first top-level ',' ')' or clause end from {@code i} on */
    private int nextBoundary(int i) {
        int depth = 0;
        for (int j = i; j < to; j++) {
            if (view.isSymbol(j, '(')) {
                depth++;
            } else if (view.isSymbol(j, ')')) {
                if (depth == 0) {
                    return j;
                }
                depth--;
            } else if (depth == 0 && (view.isSymbol(j, ',') || view.isWord(j, "AND") || isClauseWord(j))) {
                return j;
            }
        }
        return to;
    }

    private int valueStartEndingAt(int end) {
        for (int start = Math.max(from, end - 1); start <= end; start++) {
            if (valueAt(start) != null && valueEnd(start) == end + 1) {
                return start;
            }
        }
        return -1;
    }

    /** A column as a condition names it: {@code col}, {@code t.col} or {@code db.t.col}. */
    private record Column(String qualifier, String name) {
        ColumnValues with(List<KeyValue> values) {
            return new ColumnValues(qualifier, name, values);
        }
    }

    /** @return the column whose (possibly qualified) name ends at {@code end}, or null */
    private Column columnEndingAt(int end) {
        String name = view.identifier(end);
        if (name == null || (view.get(end).type() == Type.WORD && isKeywordLike(end))) {
            return null;
        }
        int start = end;
        while (view.isSymbol(start - 1, '.') && view.identifier(start - 2) != null) {
            start -= 2;
        }
        if (view.isWord(start - 1, "NOT") || view.isSymbol(start - 1, '.')) {
            return null;
        }
        return column(start, end);
    }

    private Column columnStartingAt(int start) {
        int end = start;
        while (view.identifier(end) != null && view.isSymbol(end + 1, '.')) {
            end += 2;
        }
        String name = view.identifier(end);
        if (name == null || isKeywordLike(end) || nextBoundary(start) != end + 1) {
            return null;
        }
        return column(start, end);
    }

    /** @return the column named by tokens [start, end]: its name at {@code end}, its table (if any) just before */
    private Column column(int start, int end) {
        String qualifier = end > start ? view.identifier(end - 2).toLowerCase(Locale.ROOT) : null;
        return new Column(qualifier, view.identifier(end).toLowerCase(Locale.ROOT));
    }

    private boolean isKeywordLike(int i) {
        String w = view.upper(i);
        return w != null && (w.equals("NULL") || w.equals("TRUE") || w.equals("FALSE") || w.equals("AND")
                || TableReader.NOT_AN_ALIAS.contains(w));
    }

    private int markerIndex(int i) {
        int n = markersBefore;
        for (int j = from; j <= i; j++) {
            if (view.get(j).type() == Type.PARAM) {
                n++;
            }
        }
        return n;
    }

    private int findTopLevel(String word, int start) {
        return view.firstAtTopLevel(start, to, i -> view.isWord(i, word));
    }

    private int clauseEnd(int start) {
        int end = view.firstAtTopLevel(start, to, this::isClauseWord);
        return end < 0 ? to : end;
    }

    private boolean isClauseWord(int i) {
        return view.isWord(i, "GROUP") || view.isWord(i, "ORDER") || view.isWord(i, "LIMIT") || view.isWord(i, "HAVING")
                || view.isWord(i, "FOR") || view.isWord(i, "LOCK") || view.isWord(i, "UNION") || view.isWord(i, "WINDOW")
                || view.isWord(i, "INTO") || view.isWord(i, "RETURNING");
    }
}
