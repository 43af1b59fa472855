package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.List;
import java.util.Locale;

/** Read access to one SQL text's tokens: words, symbols, identifiers, top-level scans. */
final class TokenView {
    private final String sql;
    private final List<Token> tokens;

    TokenView(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    Token get(int i) {
        return tokens.get(i);
    }

    String sql() {
        return sql;
    }

    /** @return the first index in [from, to) outside parentheses where {@code match} holds, or -1 */
    int firstAtTopLevel(int from, int to, java.util.function.IntPredicate match) {
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

    String identifier(int i) {
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

    String name(int i) {
        String id = identifier(i);
        if (id == null && i < tokens.size() && tokens.get(i).type() == Type.STRING) {
            Token t = tokens.get(i);
            return sql.substring(t.start() + 1, Math.max(t.start() + 1, t.end() - 1));
        }
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    String upper(int i) {
        if (i < 0 || i >= tokens.size() || tokens.get(i).type() != Type.WORD) {
            return null;
        }
        return tokens.get(i).text(sql).toUpperCase(Locale.ROOT);
    }

    boolean isWord(int i, String upperWord) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.WORD && t.end() - t.start() == upperWord.length()
                && sql.regionMatches(true, t.start(), upperWord, 0, upperWord.length());
    }

    boolean isSymbol(int i, char c) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.SYMBOL && t.end() - t.start() == 1 && sql.charAt(t.start()) == c;
    }

    boolean isSymbol(int i, String symbol) {
        if (i < 0 || i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        return t.type() == Type.SYMBOL && sql.startsWith(symbol, t.start()) && t.end() - t.start() == symbol.length();
    }

    /** @return the name of user variable token {@code i} ({@code @x}, {@code @'x'}), unquoted and lower-cased */
    String userVar(int i) {
        String text = tokens.get(i).text(sql).substring(1);
        if (!text.isEmpty() && (text.charAt(0) == '\'' || text.charAt(0) == '"' || text.charAt(0) == '`')) {
            text = text.substring(1, Math.max(1, text.length() - 1));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }
}
