package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.List;
import java.util.Locale;

/** Changes the driver makes to SQL text before sending it, found with the lexer (never inside strings or comments). */
public final class SqlRewrites {
    private SqlRewrites() {
    }

    /**
     * @return {@code sql} with every {@code CONNECTION_ID()} call replaced by {@code id}, the logical
     * connection's id (a physical connection's own id must never reach the application)
     */
    public static String connectionId(String sql, long id) {
        List<Token> tokens = Lexer.lex(sql).tokens();
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.WORD && t.text(sql).toUpperCase(Locale.ROOT).equals("CONNECTION_ID")
                    && symbol(sql, tokens.get(i + 1), "(") && symbol(sql, tokens.get(i + 2), ")")
                    && (i == 0 || !symbol(sql, tokens.get(i - 1), "."))) {
                out.append(sql, copied, t.start()).append(id);
                copied = tokens.get(i + 2).end();
                i += 2;
            }
        }
        return copied == 0 ? sql : out.append(sql, copied, sql.length()).toString();
    }

    private static boolean symbol(String sql, Token t, String symbol) {
        return t.type() == Type.SYMBOL && t.text(sql).equals(symbol);
    }
}
