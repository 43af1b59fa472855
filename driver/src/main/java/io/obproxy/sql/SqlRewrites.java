package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Changes the driver makes to SQL text before sending it, found with the lexer (never inside strings or comments). */
public final class SqlRewrites {
    private SqlRewrites() {
    }

    /**
     * @return {@code sql} with every {@code CONNECTION_ID()} call replaced by {@code id}, the logical
     * connection's id (a physical connection's own id must never reach the application); a select
     * item that held one keeps its name ({@link #keepingNames})
     */
    public static String connectionId(String sql, long id) {
        List<Token> tokens = Lexer.lex(sql).tokens();
        List<Edit> edits = new ArrayList<>(1);
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.WORD && t.text(sql).toUpperCase(Locale.ROOT).equals("CONNECTION_ID")
                    && symbol(sql, tokens.get(i + 1), "(") && symbol(sql, tokens.get(i + 2), ")")
                    && (i == 0 || !symbol(sql, tokens.get(i - 1), "."))) {
                edits.add(new Edit(i, i + 2, Long.toString(id)));
                i += 2;
            }
        }
        return keepingNames(sql, tokens, edits);
    }

    /**
     * @return {@code sql} with MySQL 8.0's {@code @@[scope.]transaction_isolation} and
     * {@code @@[scope.]transaction_read_only} renamed to the older {@code tx_isolation} and
     * {@code tx_read_only}, which MySQL before 8.0 and MariaDB before 11.1 know (a client of a MySQL
     * 8.0 server reads them), and so are those names in the string literals of a statement that sets
     * {@code session_track_system_variables} (a client asks to track them by these names); other
     * strings, comments and column names are left alone, and a select item that held one keeps its
     * name ({@link #keepingNames})
     */
    public static String oldTransactionVariables(String sql) {
        List<Token> tokens = Lexer.lex(sql).tokens();
        List<Edit> edits = new ArrayList<>(0);
        boolean trackList = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String renamed = null;
            if (t.type() == Type.SYSTEM_VAR) {
                renamed = oldTransactionVariable(t.text(sql));
            } else if (t.type() == Type.STRING && trackList) {
                renamed = oldTrackedVariables(t.text(sql));
            }
            trackList |= namesTrackList(sql, t);
            if (renamed != null) {
                edits.add(new Edit(i, i, renamed));
            }
        }
        return keepingNames(sql, tokens, edits);
    }

    /**
     * @return true when {@code t} names {@code session_track_system_variables}: the word, or the
     * variable {@code @@[scope.]session_track_system_variables}
     */
    static boolean namesTrackList(String sql, Token t) {
        int length = t.end() - t.start();
        int name = t.type() == Type.WORD ? 0 : t.type() == Type.SYSTEM_VAR ? length - TRACK_LIST.length() : -1;
        return name >= 0 && (name == 0 || sql.charAt(t.start() + name - 1) == '.' || name == 2)
                && sql.regionMatches(true, t.start() + name, TRACK_LIST, 0, TRACK_LIST.length())
                && name + TRACK_LIST.length() == length;
    }

    /**
     * @return a string literal (its text, quotes included) of a {@code session_track_system_variables}
     * list with {@code transaction_isolation} and {@code transaction_read_only} renamed
     * {@code tx_isolation} and {@code tx_read_only}, or null when it names neither
     */
    static String oldTrackedVariables(String literal) {
        String renamed = TRACKED_TRANSACTION_VARIABLE.matcher(literal).replaceAll("tx_$1");
        return renamed.equals(literal) ? null : renamed;
    }

    private static final String TRACK_LIST = "session_track_system_variables";
    private static final Pattern TRACKED_TRANSACTION_VARIABLE = Pattern.compile(
            "(?<![A-Za-z0-9_$])transaction_(isolation|read_only)(?![A-Za-z0-9_$])", Pattern.CASE_INSENSITIVE);

    /** @return a system variable token ({@code @@[scope.]name}) with its older name, or null when it has none */
    static String oldTransactionVariable(String token) {
        int name = token.lastIndexOf('.') + 1;
        if (name == 0) {
            name = 2;
        }
        String rest = token.substring(name);
        if (rest.equalsIgnoreCase("transaction_isolation") || rest.equalsIgnoreCase("transaction_read_only")) {
            return token.substring(0, name) + "tx_" + rest.substring("transaction_".length());
        }
        return null;
    }

    /** MySQL's longest column alias: a longer item keeps the rewritten text as its name. */
    private static final int MAX_ALIAS = 256;

    /** Tokens [first, last] of a text replaced by {@code text}. */
    private record Edit(int first, int last, String text) {
    }

    /**
     * @return {@code sql} with the edits made. A server names a select item it is given no alias for
     * by the item's text, so an item of a statement's leading SELECT that an edit changes gets the
     * text it had as its alias: {@code SELECT CONNECTION_ID() > 0} is sent as {@code SELECT 42 > 0 AS
     * `CONNECTION_ID() > 0`}, and the client sees the column the server would have named
     */
    private static String keepingNames(String sql, List<Token> tokens, List<Edit> edits) {
        if (edits.isEmpty()) {
            return sql;
        }
        TokenView view = new TokenView(sql, tokens);
        List<int[]> items = SelectItems.unaliased(view, tokens.size());
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int copied = 0;
        int e = 0;
        for (int[] item : items) {
            boolean edited = false;
            for (; e < edits.size() && edits.get(e).first() <= item[1]; e++) {
                Edit edit = edits.get(e);
                edited |= edit.first() >= item[0];
                out.append(sql, copied, tokens.get(edit.first()).start()).append(edit.text());
                copied = tokens.get(edit.last()).end();
            }
            int end = tokens.get(item[1]).end();
            String name = sql.substring(tokens.get(item[0]).start(), end);
            if (edited && name.length() <= MAX_ALIAS) {
                out.append(sql, copied, end).append(" AS `").append(name.replace("`", "``")).append('`');
                copied = end;
            }
        }
        for (; e < edits.size(); e++) {
            Edit edit = edits.get(e);
            out.append(sql, copied, tokens.get(edit.first()).start()).append(edit.text());
            copied = tokens.get(edit.last()).end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    private static boolean symbol(String sql, Token t, String symbol) {
        return t.type() == Type.SYMBOL && t.text(sql).equals(symbol);
    }
}
