package io.obproxy.sql;

import io.obproxy.sql.Assignment.Scope;
import io.obproxy.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns SQL text into {@link SqlInfo}: the kind of each statement, the tables it names, the session
 * effects of SET statements, sticky functions and pins. Pure; {@link SqlClassifier} caches it.
 *
 * <p>It reads just enough of the grammar to route: leading keywords decide the kind, table names
 * are taken after FROM / JOIN / INTO / UPDATE / TABLE, function calls are recognised by a word
 * followed by {@code (}. Anything it does not recognise is {@link StatementKind#OTHER}, which routes
 * like any statement; the server parses for real.
 */
public final class StatementParser {
    private static final Set<String> NOT_AN_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS",
            "STRAIGHT_JOIN", "NATURAL", "OUTER", "ON", "USING", "GROUP", "ORDER", "LIMIT", "HAVING", "FOR", "LOCK",
            "UNION", "EXCEPT", "INTERSECT", "SET", "VALUES", "VALUE", "SELECT", "PARTITION", "WINDOW", "INTO", "USE",
            "FORCE", "IGNORE", "AS", "FULL", "RETURNING");

    private final String sql;
    private final List<Token> tokens;
    private final List<TableName> tables = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private int flags;
    private int parameters;
    private String database;
    private String objectName;
    private List<ColumnValues> keyValues = List.of();

    private StatementParser(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    /** Classifies SQL text (one statement or several separated by {@code ;}). */
    public static SqlInfo parse(String sql) {
        Lexer.Result lexed = Lexer.lex(sql);
        StatementParser parser = new StatementParser(sql, lexed.tokens());
        StatementKind first = null;
        int statements = 0;
        int start = 0;
        List<Token> all = lexed.tokens();
        for (int i = 0; i <= all.size(); i++) {
            if (i == all.size() || all.get(i).type() == Type.SEMICOLON) {
                if (i > start) {
                    StatementKind kind = parser.statement(start, i);
                    first = first == null ? kind : first;
                    statements++;
                }
                start = i + 1;
            }
        }
        String route = statements == 1 ? parser.routeAddress() : null;
        List<ColumnValues> keys = statements == 1 ? parser.keyValues : List.of();
        return new SqlInfo(first == null ? StatementKind.OTHER : first, statements, List.copyOf(parser.tables),
                lexed.hints(), parser.parameters, parser.flags, List.copyOf(parser.assignments), parser.database,
                parser.objectName, route, keys);
    }

    // ------------------------------------------------------------------ one statement

    private StatementKind statement(int from, int to) {
        int markersBefore = parameters;
        StatementKind kind = kind(from, to);
        scanCalls(from, to, kind != StatementKind.SET);
        if (kind != StatementKind.SET) {
            scanTables(from, to);
        }
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) {
            keyValues = new KeyValueReader(from, to, markersBefore).insertValues();
        } else if (kind == StatementKind.SELECT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE) {
            keyValues = new KeyValueReader(from, to, markersBefore).whereValues();
        }
        return kind;
    }

    private StatementKind kind(int from, int to) {
        int i = from;
        while (i < to && isSymbol(i, '(')) {
            i++;
        }
        String w = upper(i);
        if (w == null) {
            return StatementKind.OTHER;
        }
        switch (w) {
            case "SELECT":
            case "WITH":
            case "VALUES":
            case "TABLE":
                if (lockingRead(i, to)) {
                    flags |= SqlInfo.FLAG_LOCKING_READ;
                }
                return StatementKind.SELECT;
            case "INSERT":
                return StatementKind.INSERT;
            case "REPLACE":
                return StatementKind.REPLACE;
            case "UPDATE":
                return StatementKind.UPDATE;
            case "DELETE":
                return StatementKind.DELETE;
            case "SET":
                parseSet(i + 1, to);
                return StatementKind.SET;
            case "USE":
                database = name(i + 1);
                return StatementKind.USE;
            case "BEGIN":
                return isWord(i + 1, "WORK") || i + 1 == to ? StatementKind.BEGIN : StatementKind.OTHER;
            case "START":
                return isWord(i + 1, "TRANSACTION") ? StatementKind.BEGIN : StatementKind.OTHER;
            case "COMMIT":
                chain(i, to);
                return StatementKind.COMMIT;
            case "ROLLBACK":
                return rollback(i, to);
            case "SAVEPOINT":
                return StatementKind.SAVEPOINT;
            case "RELEASE":
                return isWord(i + 1, "SAVEPOINT") ? StatementKind.RELEASE_SAVEPOINT : StatementKind.OTHER;
            case "CREATE":
                return create(i, to);
            case "DROP":
                return drop(i, to);
            case "ALTER":
            case "TRUNCATE":
            case "RENAME":
                return StatementKind.DDL;
            case "LOCK":
                return isWord(i + 1, "TABLES") || isWord(i + 1, "TABLE") ? StatementKind.LOCK_TABLES
                        : StatementKind.OTHER;
            case "UNLOCK":
                return StatementKind.UNLOCK_TABLES;
            case "PREPARE":
                objectName = name(i + 1);
                return StatementKind.PREPARE;
            case "EXECUTE":
                objectName = name(i + 1);
                return StatementKind.EXECUTE;
            case "DEALLOCATE":
                objectName = name(i + 2);
                return StatementKind.DEALLOCATE_PREPARE;
            case "XA":
                return xa(i);
            case "CALL":
                return StatementKind.CALL;
            case "SHOW":
                return show(i, to);
            case "EXPLAIN":
            case "DESCRIBE":
            case "DESC":
                return StatementKind.EXPLAIN;
            case "LOAD":
                return StatementKind.LOAD_DATA;
            default:
                return StatementKind.OTHER;
        }
    }

    private boolean lockingRead(int from, int to) {
        return firstAtTopLevel(from, to, i -> (isWord(i, "FOR") && (isWord(i + 1, "UPDATE") || isWord(i + 1, "SHARE")))
                || (isWord(i, "LOCK") && isWord(i + 1, "IN"))) >= 0;
    }

    /** @return the first index in [from, to) outside parentheses where {@code match} holds, or -1 */
    private int firstAtTopLevel(int from, int to, java.util.function.IntPredicate match) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            if (isSymbol(i, '(')) {
                depth++;
            } else if (isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0 && match.test(i)) {
                return i;
            }
        }
        return -1;
    }

    private void chain(int from, int to) {
        for (int i = from; i < to; i++) {
            if (isWord(i, "AND") && isWord(i + 1, "CHAIN")) {
                flags |= SqlInfo.FLAG_CHAIN;
            }
        }
    }

    private StatementKind rollback(int i, int to) {
        int next = isWord(i + 1, "WORK") ? i + 2 : i + 1;
        if (isWord(next, "TO")) {
            return StatementKind.ROLLBACK_TO_SAVEPOINT;
        }
        chain(i, to);
        return StatementKind.ROLLBACK;
    }

    private StatementKind create(int i, int to) {
        int j = i + 1;
        if (isWord(j, "OR") && isWord(j + 1, "REPLACE")) {
            j += 2;
        }
        if (isWord(j, "TEMPORARY") && isWord(j + 1, "TABLE")) {
            flags |= SqlInfo.FLAG_TEMPORARY;
            j += 2;
            if (isWord(j, "IF") && isWord(j + 1, "NOT") && isWord(j + 2, "EXISTS")) {
                j += 3;
            }
            TableName table = tableAt(j, true);
            objectName = table == null ? null : table.table();
            return StatementKind.CREATE_TEMPORARY_TABLE;
        }
        return StatementKind.DDL;
    }

    private StatementKind drop(int i, int to) {
        int j = i + 1;
        if (isWord(j, "PREPARE")) {
            objectName = name(j + 1);
            return StatementKind.DEALLOCATE_PREPARE;
        }
        if (isWord(j, "TEMPORARY")) {
            flags |= SqlInfo.FLAG_TEMPORARY;
            j++;
        }
        return isWord(j, "TABLE") || isWord(j, "TABLES") ? StatementKind.DROP_TABLE : StatementKind.DDL;
    }

    private StatementKind xa(int i) {
        if (isWord(i + 1, "START") || isWord(i + 1, "BEGIN")) {
            flags |= SqlInfo.FLAG_XA_START;
        } else if (isWord(i + 1, "COMMIT") || isWord(i + 1, "ROLLBACK")) {
            flags |= SqlInfo.FLAG_XA_END;
        }
        return StatementKind.XA;
    }

    private StatementKind show(int i, int to) {
        for (int j = i + 1; j < to && j < i + 6; j++) {
            if (isWord(j, "WARNINGS") || isWord(j, "ERRORS")) {
                flags |= SqlInfo.FLAG_LAST_STATEMENT_STATE;
                return StatementKind.SHOW_WARNINGS;
            }
        }
        return StatementKind.SHOW;
    }

    // ------------------------------------------------------------------ calls, markers, variables

    /** Counts markers, flags sticky calls and (outside SET, which {@link #parseSet} reads) user variable assignments. */
    private void scanCalls(int from, int to, boolean userAssignments) {
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.PARAM) {
                parameters++;
            } else if (t.type() == Type.WORD && isSymbol(i + 1, '(') && !isSymbol(i - 1, '.')) {
                flags |= callFlag(t);
            } else if (!userAssignments) {
                continue;
            } else if (t.type() == Type.USER_VAR && isSymbol(i + 1, ":=")) {
                assignments.add(new Assignment(Scope.USER, userVar(i), null));
            } else if (t.type() == Type.WORD && isWord(i, "INTO") && i + 1 < to
                    && tokens.get(i + 1).type() == Type.USER_VAR) {
                for (int j = i + 1; j < to && tokens.get(j).type() == Type.USER_VAR; j += 2) {
                    assignments.add(new Assignment(Scope.USER, userVar(j), null));
                    if (!isSymbol(j + 1, ',')) {
                        break;
                    }
                }
            }
        }
    }

    private int callFlag(Token t) {
        switch (t.text(sql).toUpperCase(Locale.ROOT)) {
            case "FOUND_ROWS":
            case "ROW_COUNT":
            case "LAST_INSERT_ID":
                return SqlInfo.FLAG_LAST_STATEMENT_STATE;
            case "GET_LOCK":
                return SqlInfo.FLAG_GET_LOCK;
            case "RELEASE_LOCK":
                return SqlInfo.FLAG_RELEASE_LOCK;
            case "RELEASE_ALL_LOCKS":
                return SqlInfo.FLAG_RELEASE_ALL_LOCKS;
            case "IS_USED_LOCK":
            case "IS_FREE_LOCK":
                return SqlInfo.FLAG_LOCK_QUERY;
            case "CONNECTION_ID":
                return SqlInfo.FLAG_CONNECTION_ID;
            default:
                return 0;
        }
    }

    // ------------------------------------------------------------------ SET

    private void parseSet(int from, int to) {
        int i = from;
        if (isWord(i, "TRANSACTION")) {
            assignments.add(new Assignment(Scope.NEXT_TRANSACTION, "", null));
            return;
        }
        if ((isWord(i, "SESSION") || isWord(i, "LOCAL")) && isWord(i + 1, "TRANSACTION")) {
            assignments.add(new Assignment(Scope.SESSION_TRANSACTION, "", text(from, to)));
            return;
        }
        if (isWord(i, "GLOBAL") && isWord(i + 1, "TRANSACTION")) {
            assignments.add(new Assignment(Scope.GLOBAL, "transaction", null));
            return;
        }
        while (i < to) {
            int end = expressionEnd(i, to);
            assignment(i, end);
            i = end + 1;
        }
    }

    private void assignment(int from, int to) {
        if (isWord(from, "NAMES") || isWord(from, "CHARSET")
                || (isWord(from, "CHARACTER") && isWord(from + 1, "SET"))) {
            assignments.add(new Assignment(Scope.CHARSET, "", "SET " + text(from, to)));
            return;
        }
        Scope scope = Scope.SESSION;
        int i = from;
        String name;
        Token t = tokens.get(i);
        if (t.type() == Type.USER_VAR) {
            scope = Scope.USER;
            name = userVar(i);
        } else if (t.type() == Type.SYSTEM_VAR) {
            String text = t.text(sql).substring(2).replace("`", "").toLowerCase(Locale.ROOT);
            if (text.startsWith("global.")) {
                scope = Scope.GLOBAL;
            }
            name = text.substring(text.indexOf('.') + 1);
        } else {
            String w = upper(i);
            if ("GLOBAL".equals(w) || "PERSIST".equals(w) || "PERSIST_ONLY".equals(w)) {
                scope = Scope.GLOBAL;
                i++;
            } else if ("SESSION".equals(w) || "LOCAL".equals(w)) {
                i++;
            }
            name = name(i);
            if (name == null) {
                return;
            }
        }
        int op = i + 1;
        String literal = null;
        if (op + 2 == to && (isSymbol(op, '=') || isSymbol(op, ":="))) {
            literal = literal(op + 1);
        } else if (op + 3 == to && isSymbol(op + 1, '-') && tokens.get(op + 2).type() == Type.NUMBER) {
            literal = "-" + tokens.get(op + 2).text(sql);
        }
        assignments.add(new Assignment(scope, name, literal));
    }

    private String literal(int i) {
        Token t = tokens.get(i);
        if (t.type() == Type.STRING || t.type() == Type.NUMBER || t.type() == Type.WORD) {
            return t.text(sql);
        }
        return null;
    }

    /** @return index of the comma that ends the expression starting at {@code from}, or {@code to} */
    private int expressionEnd(int from, int to) {
        int comma = firstAtTopLevel(from, to, i -> isSymbol(i, ','));
        return comma < 0 ? to : comma;
    }

    private String routeAddress() {
        if (assignments.size() != 1 || !tables.isEmpty()) {
            return null;
        }
        Assignment a = assignments.get(0);
        if (a.scope() != Scope.USER || !"obproxy_route_addr".equals(a.name()) || a.literal() == null) {
            return null;
        }
        String value = a.literal();
        if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    // ------------------------------------------------------------------ tables

    private void scanTables(int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).type() != Type.WORD) {
                continue;
            }
            String w = upper(i);
            if ("INTO".equals(w)) {
                TableName table = tableAt(i + 1, true);
                if (table != null) {
                    tables.add(table);
                }
            } else if ("FROM".equals(w) || "JOIN".equals(w) || "STRAIGHT_JOIN".equals(w)) {
                i = tableList(i + 1, to);
            } else if ("UPDATE".equals(w) && i == from) {
                i = tableList(skipModifiers(i + 1), to);
            } else if ("TABLE".equals(w) || "TABLES".equals(w)) {
                int j = i + 1;
                if (isWord(j, "IF") && isWord(j + 1, "NOT") && isWord(j + 2, "EXISTS")) {
                    j += 3;
                } else if (isWord(j, "IF") && isWord(j + 1, "EXISTS")) {
                    j += 2;
                }
                i = tableList(j, to);
            }
        }
    }

    private int skipModifiers(int i) {
        while (isWord(i, "LOW_PRIORITY") || isWord(i, "IGNORE") || isWord(i, "TEMPORARY")) {
            i++;
        }
        return i;
    }

    /** Reads {@code name [alias] [, name [alias]]...}; returns the index of the last token read. */
    private int tableList(int i, int to) {
        while (i < to) {
            TableName table = tableAt(i, false);
            if (table == null) {
                return i - 1;
            }
            tables.add(table);
            i += table.database() == null ? 1 : 3;
            if (isWord(i, "AS")) {
                i += 2;
            } else if (i < to && isAlias(i)) {
                i++;
            }
            if (!isSymbol(i, ',')) {
                return i - 1;
            }
            i++;
        }
        return i;
    }

    private boolean isAlias(int i) {
        Token t = tokens.get(i);
        if (t.type() == Type.QUOTED_ID) {
            return true;
        }
        return t.type() == Type.WORD && !NOT_AN_ALIAS.contains(t.text(sql).toUpperCase(Locale.ROOT));
    }

    /**
     * @param columnsMayFollow true after INTO and CREATE TABLE, where {@code name (} starts a column
     *                         list; elsewhere it is a function call, not a table
     */
    private TableName tableAt(int i, boolean columnsMayFollow) {
        String first = identifier(i);
        if (first == null || (tokens.get(i).type() == Type.WORD && NOT_AN_ALIAS.contains(first.toUpperCase(Locale.ROOT)))
                || (!columnsMayFollow && isSymbol(i + 1, '('))) {
            return null;
        }
        if (isSymbol(i + 1, '.')) {
            String second = identifier(i + 2);
            if (second != null) {
                return new TableName(first.toLowerCase(Locale.ROOT), second.toLowerCase(Locale.ROOT));
            }
        }
        return new TableName(null, first.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ key values

    /**
     * Reads the values a statement gives columns: {@code col = v} / {@code v = col} and
     * {@code col IN (v, ...)} at the top level of an AND-only WHERE (any OR, or a NOT before the
     * column, and nothing is read), and INSERT/REPLACE column lists with VALUES rows or SET lists.
     * A value is a literal (number, string, hex, with a sign or charset introducer) or a marker.
     */
    private final class KeyValueReader {
        private final int from;
        private final int to;
        private final int markersBefore;

        KeyValueReader(int from, int to, int markersBefore) {
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
                if (isSymbol(i, '(')) {
                    depth++;
                } else if (isSymbol(i, ')')) {
                    depth--;
                } else if (depth == 0 && (isWord(i, "OR") || isWord(i, "XOR") || isSymbol(i, "|"))) {
                    return List.of();
                } else if (depth == 0 && isSymbol(i, '=') && !isComparisonPart(i)) {
                    equality(i, found);
                } else if (depth == 0 && isWord(i, "IN") && isSymbol(i + 1, '(') && !isWord(i - 1, "NOT")) {
                    inList(i, found);
                }
            }
            return List.copyOf(found);
        }

        private boolean isComparisonPart(int eq) {
            return isSymbol(eq - 1, '<') || isSymbol(eq - 1, '>') || isSymbol(eq - 1, '!') || isSymbol(eq + 1, '>');
        }

        private void equality(int eq, List<ColumnValues> found) {
            int columnEnd = eq - 1;
            String column = columnEndingAt(columnEnd);
            if (column != null) {
                KeyValue value = valueAt(eq + 1);
                if (value != null && valueEnd(eq + 1) == nextBoundary(eq + 1)) {
                    found.add(new ColumnValues(column, List.of(value)));
                }
                return;
            }
            int valueStart = valueStartEndingAt(eq - 1);
            String right = valueStart < 0 ? null : columnStartingAt(eq + 1);
            if (right != null) {
                found.add(new ColumnValues(right, List.of(valueAt(valueStart))));
            }
        }

        private void inList(int in, List<ColumnValues> found) {
            String column = columnEndingAt(in - 1);
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
                if (isSymbol(i, ')')) {
                    found.add(new ColumnValues(column, List.copyOf(values)));
                    return;
                }
                if (!isSymbol(i, ',')) {
                    return;
                }
                i++;
            }
        }

        List<ColumnValues> insertValues() {
            int i = from + 1;
            while (isWord(i, "LOW_PRIORITY") || isWord(i, "DELAYED") || isWord(i, "HIGH_PRIORITY") || isWord(i, "IGNORE")
                    || isWord(i, "INTO")) {
                i++;
            }
            if (identifier(i) == null) {
                return List.of();
            }
            i += isSymbol(i + 1, '.') ? 3 : 1;
            if (isWord(i, "SET")) {
                return setList(i + 1);
            }
            List<String> columns = new ArrayList<>();
            if (isSymbol(i, '(')) {
                i++;
                while (i < to && !isSymbol(i, ')')) {
                    String c = identifier(i);
                    if (c == null) {
                        return List.of();
                    }
                    columns.add(c.toLowerCase(Locale.ROOT));
                    i++;
                    if (isSymbol(i, ',')) {
                        i++;
                    }
                }
                i++;
            }
            if (columns.isEmpty() || !(isWord(i, "VALUES") || isWord(i, "VALUE"))) {
                return List.of();
            }
            List<List<KeyValue>> perColumn = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                perColumn.add(new ArrayList<>());
            }
            boolean[] unusable = new boolean[columns.size()];
            i++;
            while (isSymbol(i, '(')) {
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
                if (!isSymbol(i, ',')) {
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
                String column = identifier(i);
                if (column == null || !isSymbol(i + 1, '=')) {
                    break;
                }
                KeyValue v = valueAt(i + 2);
                int boundary = nextBoundary(i + 2);
                if (v != null && valueEnd(i + 2) == boundary) {
                    found.add(new ColumnValues(column.toLowerCase(Locale.ROOT), List.of(v)));
                }
                if (!isSymbol(boundary, ',')) {
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
            Token t = tokens.get(i);
            if (t.type() == Type.PARAM) {
                return KeyValue.ofParameter(markerIndex(i));
            }
            if (t.type() == Type.NUMBER || t.type() == Type.STRING) {
                return KeyValue.ofLiteral(t.text(sql));
            }
            if ((isSymbol(i, '-') || isSymbol(i, '+')) && i + 1 < to && tokens.get(i + 1).type() == Type.NUMBER) {
                return KeyValue.ofLiteral(sql.substring(t.start(), tokens.get(i + 1).end()).replace(" ", ""));
            }
            if (t.type() == Type.WORD && t.text(sql).startsWith("_") && i + 1 < to
                    && tokens.get(i + 1).type() == Type.STRING) {
                return KeyValue.ofLiteral(tokens.get(i + 1).text(sql));
            }
            return null;
        }

        private int valueEnd(int i) {
            Token t = tokens.get(i);
            boolean twoTokens = t.type() == Type.SYMBOL || (t.type() == Type.WORD && t.text(sql).startsWith("_"));
            return twoTokens ? i + 2 : i + 1;
        }

        /** @return index of the first top-level ',' ')' or clause end from {@code i} on */
        private int nextBoundary(int i) {
            int depth = 0;
            for (int j = i; j < to; j++) {
                if (isSymbol(j, '(')) {
                    depth++;
                } else if (isSymbol(j, ')')) {
                    if (depth == 0) {
                        return j;
                    }
                    depth--;
                } else if (depth == 0 && (isSymbol(j, ',') || isWord(j, "AND") || isClauseWord(j))) {
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

        /** @return the column whose (possibly qualified) name ends at {@code end}, or null */
        private String columnEndingAt(int end) {
            String name = identifier(end);
            if (name == null || (tokens.get(end).type() == Type.WORD && isKeywordLike(end))) {
                return null;
            }
            int start = end;
            while (isSymbol(start - 1, '.') && identifier(start - 2) != null) {
                start -= 2;
            }
            if (isWord(start - 1, "NOT") || isSymbol(start - 1, '.')) {
                return null;
            }
            return name.toLowerCase(Locale.ROOT);
        }

        private String columnStartingAt(int start) {
            int end = start;
            while (identifier(end) != null && isSymbol(end + 1, '.')) {
                end += 2;
            }
            String name = identifier(end);
            if (name == null || isKeywordLike(end) || nextBoundary(start) != end + 1) {
                return null;
            }
            return name.toLowerCase(Locale.ROOT);
        }

        private boolean isKeywordLike(int i) {
            String w = upper(i);
            return w != null && (w.equals("NULL") || w.equals("TRUE") || w.equals("FALSE") || w.equals("AND")
                    || NOT_AN_ALIAS.contains(w));
        }

        private int markerIndex(int i) {
            int n = markersBefore;
            for (int j = from; j <= i; j++) {
                if (tokens.get(j).type() == Type.PARAM) {
                    n++;
                }
            }
            return n;
        }

        private int findTopLevel(String word, int start) {
            return firstAtTopLevel(start, to, i -> isWord(i, word));
        }

        private int clauseEnd(int start) {
            int end = firstAtTopLevel(start, to, this::isClauseWord);
            return end < 0 ? to : end;
        }

        private boolean isClauseWord(int i) {
            return isWord(i, "GROUP") || isWord(i, "ORDER") || isWord(i, "LIMIT") || isWord(i, "HAVING")
                    || isWord(i, "FOR") || isWord(i, "LOCK") || isWord(i, "UNION") || isWord(i, "WINDOW")
                    || isWord(i, "INTO") || isWord(i, "RETURNING");
        }
    }

    // ------------------------------------------------------------------ token helpers

    private String identifier(int i) {
        if (i >= tokens.size()) {
            return null;
        }
        Token t = tokens.get(i);
        if (t.type() == Type.WORD) {
            return t.text(sql);
        }
        if (t.type() == Type.QUOTED_ID) {
            return sql.substring(t.start() + 1, Math.max(t.start() + 1, t.end() - 1)).replace("``", "`");
        }
        return null;
    }

    private String name(int i) {
        String id = identifier(i);
        if (id == null && i < tokens.size() && tokens.get(i).type() == Type.STRING) {
            Token t = tokens.get(i);
            return sql.substring(t.start() + 1, Math.max(t.start() + 1, t.end() - 1));
        }
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    private String userVar(int i) {
        String text = tokens.get(i).text(sql).substring(1);
        if (!text.isEmpty() && (text.charAt(0) == '\'' || text.charAt(0) == '"' || text.charAt(0) == '`')) {
            text = text.substring(1, Math.max(1, text.length() - 1));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private String upper(int i) {
        if (i < 0 || i >= tokens.size() || tokens.get(i).type() != Type.WORD) {
            return null;
        }
        return tokens.get(i).text(sql).toUpperCase(Locale.ROOT);
    }

    private boolean isWord(int i, String upperWord) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.WORD && t.end() - t.start() == upperWord.length()
                && sql.regionMatches(true, t.start(), upperWord, 0, upperWord.length());
    }

    private boolean isSymbol(int i, char c) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.SYMBOL && t.end() - t.start() == 1 && sql.charAt(t.start()) == c;
    }

    private boolean isSymbol(int i, String symbol) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.SYMBOL && sql.startsWith(symbol, t.start()) && t.end() - t.start() == symbol.length();
    }

    private String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }
}
