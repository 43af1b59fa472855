package io.obproxy.sql;

import java.util.List;

/**
 * Turns SQL text into {@link SqlInfo}: the kind of each statement, the tables it names, the session
 * effects of SET statements, sticky functions and pins. Pure; {@link SqlClassifier} caches it.
 *
 * <p>It reads just enough of the grammar to route: leading keywords decide the kind, table names
 * are taken after FROM / JOIN / INTO / UPDATE / TABLE, function calls are recognised by a word
 * followed by {@code (}. Anything it does not recognise is {@link StatementKind#OTHER}, which routes
 * like any statement; the server parses for real.
 *
 * <p>Design note: this class only cuts the text into statements ({@link StatementSplitter}: at
 * {@code ;}, a compound statement's body kept whole) and runs the readers over each, one job apiece ({@link KindReader}, {@link FlagScanner}, {@link TableReader},
 * {@link KeyValueReader}; SET and the driver's own commands through the kind reader), all writing
 * into one {@link Findings}; then it judges the text as a whole (hints, SET NAMES, route address,
 * key values: the last two only for a single statement). Of a stored program's definition only the
 * kind is read: its body runs when the program is called, not when it is defined, so its SETs,
 * functions and tables are none of the session's.
 */
public final class StatementParser {
    private final TokenView view;
    private final Findings found = new Findings();
    private final FlagScanner flags;
    private final TableReader tables;
    private final KindReader kinds;

    private StatementParser(String sql, List<Token> tokens) {
        this.view = new TokenView(sql, tokens);
        this.flags = new FlagScanner(view, found);
        this.tables = new TableReader(view, found);
        this.kinds = new KindReader(view, found, tables, flags);
    }

    /** Classifies SQL text (one statement or several separated by {@code ;}). */
    public static SqlInfo parse(String sql) {
        Lexer.Result lexed = Lexer.lex(sql);
        StatementParser parser = new StatementParser(sql, lexed.tokens());
        Findings found = parser.found;
        StatementKind first = null;
        List<StatementSplitter.Range> ranges = StatementSplitter.split(parser.view, lexed.tokens().size());
        for (StatementSplitter.Range r : ranges) {
            StatementKind kind = r.program() ? parser.kinds.kind(r.from(), r.to()) : parser.statement(r.from(), r.to());
            first = first == null ? kind : first;
        }
        int statements = ranges.size();
        found.flags |= FlagScanner.consistencyHint(lexed.hints());
        if (SetReader.isSetNames(found, statements, first)) {
            found.flags |= SqlInfo.FLAG_SET_NAMES;
        }
        String route = statements == 1 ? SetReader.routeAddress(found) : null;
        List<ColumnValues> keys = statements == 1 ? found.keyValues : List.of();
        return new SqlInfo(first == null ? StatementKind.OTHER : first, statements, List.copyOf(found.tables),
                lexed.hints(), found.parameters, found.flags, List.copyOf(found.assignments), found.database,
                found.objectName, route, keys);
    }

    private StatementKind statement(int from, int to) {
        int markersBefore = found.parameters;
        StatementKind kind = kinds.kind(from, to);
        flags.scan(from, to, kind != StatementKind.SET);
        if (kind != StatementKind.SET) {
            tables.scan(from, to);
        }
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) {
            found.keyValues = new KeyValueReader(view, from, to, markersBefore).insertValues();
        } else if (kind == StatementKind.SELECT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE) {
            found.keyValues = new KeyValueReader(view, from, to, markersBefore).whereValues();
        } else if (kind == StatementKind.LOAD_DATA && localInfile(from)) {
            found.flags |= SqlInfo.FLAG_LOCAL_INFILE;
        }
        return kind;
    }

    /** @return true when the LOAD statement at {@code from} is {@code LOAD DATA|XML [LOW_PRIORITY|CONCURRENT] LOCAL INFILE} */
    private boolean localInfile(int from) {
        int i = from + 1;
        if (!view.isWord(i, "DATA") && !view.isWord(i, "XML")) {
            return false;
        }
        i++;
        if (view.isWord(i, "LOW_PRIORITY") || view.isWord(i, "CONCURRENT")) {
            i++;
        }
        return view.isWord(i, "LOCAL") && view.isWord(i + 1, "INFILE");
    }
}
