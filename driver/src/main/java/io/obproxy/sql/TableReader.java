package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the tables a statement names, with their database and alias: after FROM, JOIN,
 * STRAIGHT_JOIN, INTO, a leading UPDATE, and TABLE / TABLES (CREATE, DROP, LOCK TABLES ...).
 *
 * <p>Design note: a table is one identifier or {@code db.name}, optionally followed by an alias
 * ({@code AS x}, or a word that is not a keyword of {@link #NOT_AN_ALIAS}); lists go on at commas.
 * A name followed by {@code (} is a function call, except where a column list may follow (INTO,
 * CREATE TABLE). Subqueries are not special: their FROM is found like any other.
 */
final class TableReader extends TokenReader {
    /** Words that end a table reference rather than alias it (also: never a key column, for {@link KeyValueReader}). */
    static final Set<String> NOT_AN_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS",
            "STRAIGHT_JOIN", "NATURAL", "OUTER", "ON", "USING", "GROUP", "ORDER", "LIMIT", "HAVING", "FOR", "LOCK",
            "UNION", "EXCEPT", "INTERSECT", "SET", "VALUES", "VALUE", "SELECT", "PARTITION", "WINDOW", "INTO", "USE",
            "FORCE", "IGNORE", "AS", "FULL", "RETURNING", "READ", "WRITE", "LOW_PRIORITY");


    TableReader(TokenView view, Findings found) {
        super(view, found);
    }

    /** Records the tables statement [from, to) names. */
    void scan(int from, int to) {
        for (int i = from; i < to; i++) {
            if (view.get(i).type() != Type.WORD) {
                continue;
            }
            String w = view.upper(i);
            if ("INTO".equals(w) && !view.isWord(i + 1, "TABLE")) { // LOAD DATA's INTO TABLE t: read at TABLE
                TableName table = tableAt(i + 1, true);
                if (table != null) {
                    found.tables.add(table);
                }
            } else if ("FROM".equals(w) || "JOIN".equals(w) || "STRAIGHT_JOIN".equals(w)) {
                i = tableList(i + 1, to, false);
            } else if ("UPDATE".equals(w) && i == from) {
                i = tableList(skipModifiers(i + 1), to, false);
            } else if ("TABLE".equals(w) || "TABLES".equals(w)) {
                // LOAD DATA's INTO TABLE t (columns) and CREATE [TEMPORARY] TABLE t (columns): a column list
                boolean columnsMayFollow = i > from && (view.isWord(i - 1, "INTO") || view.isWord(i - 1, "CREATE")
                        || view.isWord(i - 1, "TEMPORARY"));
                int j = i + 1;
                if (view.isWord(j, "IF") && view.isWord(j + 1, "NOT") && view.isWord(j + 2, "EXISTS")) {
                    j += 3;
                } else if (view.isWord(j, "IF") && view.isWord(j + 1, "EXISTS")) {
                    j += 2;
                }
                i = tableList(j, to, columnsMayFollow);
            }
        }
    }

    /**
     * @param columnsMayFollow true after INTO and CREATE TABLE, where {@code name (} starts a column
     *                         list; elsewhere it is a function call, not a table
     * @return the table named at token {@code i} (without alias), or null when none is
     */
    TableName tableAt(int i, boolean columnsMayFollow) {
        String first = view.identifier(i);
        if (first == null || (view.get(i).type() == Type.WORD && NOT_AN_ALIAS.contains(first.toUpperCase(Locale.ROOT)))
                || (!columnsMayFollow && view.isSymbol(i + 1, '('))) {
            return null;
        }
        if (view.isSymbol(i + 1, '.')) {
            String second = view.identifier(i + 2);
            if (second != null) {
                return new TableName(first.toLowerCase(Locale.ROOT), second.toLowerCase(Locale.ROOT));
            }
        }
        return new TableName(null, first.toLowerCase(Locale.ROOT));
    }

    private int skipModifiers(int i) {
        while (view.isWord(i, "LOW_PRIORITY") || view.isWord(i, "IGNORE") || view.isWord(i, "TEMPORARY")) {
            i++;
        }
        return i;
    }

    /**
     * Reads {@code name [alias] [, name [alias]]...}; returns the index of the last token read.
     *
     * @param columnsMayFollow true when a column list may follow the first table ({@link #tableAt})
     */
    private int tableList(int i, int to, boolean columnsMayFollow) {
        boolean first = true;
        while (i < to) {
            TableName table = tableAt(i, first && columnsMayFollow);
            first = false;
            if (table == null) {
                return i - 1;
            }
            i += table.database() == null ? 1 : 3;
            String alias = null;
            if (view.isWord(i, "AS") && view.identifier(i + 1) != null) {
                alias = view.identifier(i + 1);
                i += 2;
            } else if (i < to && isAlias(i)) {
                alias = view.identifier(i);
                i++;
            }
            found.tables.add(alias == null ? table
                    : new TableName(table.database(), table.table(), alias.toLowerCase(Locale.ROOT)));
            while (view.isWord(i, "READ") || view.isWord(i, "WRITE") || view.isWord(i, "LOCAL")
                    || view.isWord(i, "LOW_PRIORITY")) {
                i++; // LOCK TABLES t READ [LOCAL], u [LOW_PRIORITY] WRITE
            }
            if (!view.isSymbol(i, ',')) {
                return i - 1;
            }
            i++;
        }
        return i;
    }

    private boolean isAlias(int i) {
        Token t = view.get(i);
        if (t.type() == Type.QUOTED_ID) {
            return true;
        }
        return t.type() == Type.WORD && !NOT_AN_ALIAS.contains(t.text(view.sql()).toUpperCase(Locale.ROOT));
    }
}
