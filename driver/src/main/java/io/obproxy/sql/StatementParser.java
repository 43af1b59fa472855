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
    static final Set<String> NOT_AN_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS",
            "STRAIGHT_JOIN", "NATURAL", "OUTER", "ON", "USING", "GROUP", "ORDER", "LIMIT", "HAVING", "FOR", "LOCK",
            "UNION", "EXCEPT", "INTERSECT", "SET", "VALUES", "VALUE", "SELECT", "PARTITION", "WINDOW", "INTO", "USE",
            "FORCE", "IGNORE", "AS", "FULL", "RETURNING", "READ", "WRITE", "LOW_PRIORITY");

    private final String sql;
    private final List<Token> tokens;
    private final TokenView view;
    private final List<TableName> tables = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private int flags;
    private int parameters;
    private String database;
    private String objectName;
    private List<ColumnValues> keyValues = List.of();
    /** The last NAMES / CHARACTER SET assignment read was just a name and an optional COLLATE name. */
    private boolean charsetStatementComplete;

    private StatementParser(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        this.view = new TokenView(sql, tokens);
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
        parser.flags |= consistencyHint(lexed.hints());
        if (statements == 1 && first == StatementKind.SET && parser.assignments.size() == 1
                && parser.assignments.get(0).scope() == Scope.CHARSET && parser.charsetStatementComplete) {
            parser.flags |= SqlInfo.FLAG_SET_NAMES;
        }
        String route = statements == 1 ? parser.routeAddress() : null;
        List<ColumnValues> keys = statements == 1 ? parser.keyValues : List.of();
        return new SqlInfo(first == null ? StatementKind.OTHER : first, statements, List.copyOf(parser.tables),
                lexed.hints(), parser.parameters, parser.flags, List.copyOf(parser.assignments), parser.database,
                parser.objectName, route, keys);
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

    // ------------------------------------------------------------------ one statement

    private StatementKind statement(int from, int to) {
        int markersBefore = parameters;
        StatementKind kind = kind(from, to);
        scanCalls(from, to, kind != StatementKind.SET);
        if (kind != StatementKind.SET) {
            scanTables(from, to);
        }
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) {
            keyValues = new KeyValueReader(view, from, to, markersBefore).insertValues();
        } else if (kind == StatementKind.SELECT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE) {
            keyValues = new KeyValueReader(view, from, to, markersBefore).whereValues();
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
                return i + 1 == to || isWord(i + 1, "WORK") && i + 2 == to ? StatementKind.BEGIN : StatementKind.OTHER;
            case "START":
                return isWord(i + 1, "TRANSACTION") && transactionCharacteristics(i + 2, to)
                        ? StatementKind.BEGIN : StatementKind.OTHER;
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
                return xa(i, to);
            case "CALL":
                return StatementKind.CALL;
            case "SHOW":
                return show(i, to);
            case "EXPLAIN":
                if (isWord(i + 1, "ROUTE") && i + 2 < to) {
                    objectName = text(i + 2, to);
                    return StatementKind.EXPLAIN_ROUTE;
                }
                return StatementKind.EXPLAIN;
            case "KILL":
                return kill(i, to);
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

    private int firstAtTopLevel(int from, int to, java.util.function.IntPredicate match) {
        return view.firstAtTopLevel(from, to, match);
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

    /**
     * @return true when tokens {@code from..to} are a well-formed list of START TRANSACTION's
     * characteristics (READ ONLY, READ WRITE, WITH CONSISTENT SNAPSHOT, comma-separated), or none.
     * Only such a statement is held (BEGIN is sent with the next statement): anything else is sent
     * at once, so that a syntax error is the answer to the statement that has it.
     */
    private boolean transactionCharacteristics(int from, int to) {
        int j = from;
        while (j < to) {
            if (isWord(j, "READ") && (isWord(j + 1, "ONLY") || isWord(j + 1, "WRITE"))) {
                j += 2;
            } else if (isWord(j, "WITH") && isWord(j + 1, "CONSISTENT") && isWord(j + 2, "SNAPSHOT")) {
                j += 3;
            } else {
                return false;
            }
            if (j < to && !isSymbol(j++, ',') || j == to && isSymbol(j - 1, ',')) {
                return false;
            }
        }
        return true;
    }

    private StatementKind xa(int i, int to) {
        if ((isWord(i + 1, "START") || isWord(i + 1, "BEGIN")) && i + 2 < to) { // with an xid: held like BEGIN
            flags |= SqlInfo.FLAG_XA_START;
        } else if (isWord(i + 1, "COMMIT") || isWord(i + 1, "ROLLBACK")) {
            flags |= SqlInfo.FLAG_XA_END;
        }
        return StatementKind.XA;
    }

    private StatementKind show(int i, int to) {
        if (isWord(i + 1, "FULL") && isWord(i + 2, "PROCESSLIST") && i + 3 == to) {
            flags |= SqlInfo.FLAG_FULL;
            return StatementKind.SHOW_PROCESSLIST;
        }
        if (i + 2 == to) {
            switch (String.valueOf(upper(i + 1))) {
                case "PROCESSLIST":
                    return StatementKind.SHOW_PROCESSLIST;
                case "PROXYSESSION":
                    return StatementKind.SHOW_PROXYSESSION;
                case "PROXYROUTE":
                    return StatementKind.SHOW_PROXYROUTE;
                default:
                    break;
            }
        }
        for (int j = i + 1; j < to && j < i + 6; j++) {
            if (isWord(j, "WARNINGS") || isWord(j, "ERRORS")) {
                flags |= SqlInfo.FLAG_LAST_STATEMENT_STATE;
                return StatementKind.SHOW_WARNINGS;
            }
        }
        return StatementKind.SHOW;
    }

    /** {@code KILL [CONNECTION | QUERY] <digits>}; any other KILL is the server's ({@link StatementKind#OTHER}). */
    private StatementKind kill(int i, int to) {
        int j = i + 1;
        if (isWord(j, "QUERY")) {
            flags |= SqlInfo.FLAG_KILL_QUERY;
            j++;
        } else if (isWord(j, "CONNECTION")) {
            j++;
        }
        String id = j + 1 == to && tokens.get(j).type() == Type.NUMBER ? text(j, to) : "";
        if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            flags &= ~SqlInfo.FLAG_KILL_QUERY;
            return StatementKind.OTHER;
        }
        objectName = id;
        return StatementKind.KILL;
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
            } else if (t.type() == Type.SYSTEM_VAR && SqlRewrites.oldTransactionVariable(t.text(sql)) != null) {
                flags |= SqlInfo.FLAG_TRANSACTION_VARIABLE;
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
            int value = isWord(from, "CHARACTER") ? from + 2 : from + 1;
            String charset = name(value);
            boolean collate = isWord(value + 1, "COLLATE") && name(value + 2) != null;
            charsetStatementComplete = charset != null && (value + 1 == to || collate && value + 3 == to);
            if (collate) {
                objectName = name(value + 2);
            }
            assignments.add(new Assignment(Scope.CHARSET, charset == null ? "" : charset.toLowerCase(Locale.ROOT),
                    "SET " + text(from, to)));
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
            i += table.database() == null ? 1 : 3;
            String alias = null;
            if (isWord(i, "AS") && identifier(i + 1) != null) {
                alias = identifier(i + 1);
                i += 2;
            } else if (i < to && isAlias(i)) {
                alias = identifier(i);
                i++;
            }
            tables.add(alias == null ? table : new TableName(table.database(), table.table(), alias.toLowerCase(Locale.ROOT)));
            while (isWord(i, "READ") || isWord(i, "WRITE") || isWord(i, "LOCAL") || isWord(i, "LOW_PRIORITY")) {
                i++; // LOCK TABLES t READ [LOCAL], u [LOW_PRIORITY] WRITE
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

    // ------------------------------------------------------------------ token helpers (see TokenView)

    private String identifier(int i) {
        return view.identifier(i);
    }

    private String name(int i) {
        return view.name(i);
    }

    private String upper(int i) {
        return view.upper(i);
    }

    private boolean isWord(int i, String upperWord) {
        return view.isWord(i, upperWord);
    }

    private boolean isSymbol(int i, char c) {
        return view.isSymbol(i, c);
    }

    private boolean isSymbol(int i, String symbol) {
        return view.isSymbol(i, symbol);
    }

    private String text(int from, int to) {
        return view.text(from, to);
    }

    private String userVar(int i) {
        String text = tokens.get(i).text(sql).substring(1);
        if (!text.isEmpty() && (text.charAt(0) == '\'' || text.charAt(0) == '"' || text.charAt(0) == '`')) {
            text = text.substring(1, Math.max(1, text.length() - 1));
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
