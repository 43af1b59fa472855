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

    /**
     * @return {@code sql} with MySQL 8.0's {@code @@[scope.]transaction_isolation} and
     * {@code @@[scope.]transaction_read_only} renamed to the older {@code tx_isolation} and
     * {@code tx_read_only}, which MySQL before 8.0 and MariaDB before 11.1 know (a client of a MySQL
     * 8.0 server reads them); strings, comments and column names are left alone
     */
    public static String oldTransactionVariables(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        for (Token t : Lexer.lex(sql).tokens()) {
            String renamed = t.type() == Type.SYSTEM_VAR ? oldTransactionVariable(t.text(sql)) : null;
            if (renamed != null) {
                out.append(sql, copied, t.start()).append(renamed);
                copied = t.end();
            }
        }
        return copied == 0 ? sql : out.append(sql, copied, sql.length()).toString();
    }

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

    private static boolean symbol(String sql, Token t, String symbol) {
        return t.type() == Type.SYMBOL && t.text(sql).equals(symbol);
    }
}
