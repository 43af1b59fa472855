package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A single pass over MySQL-dialect SQL text that yields tokens and optimizer hints.
 *
 * <p>Skips whitespace and comments ({@code -- }, {@code #}, {@code /* *}{@code /}); collects the
 * text of hints ({@code /*+ ... *}{@code /}); reads the code inside executable comments
 * ({@code /*!50700 ... *}{@code /}) as code; reads strings in single or double quotes with
 * backslash escapes and doubled quotes, {@code `quoted`} identifiers, numbers (decimal, exponent,
 * hex), {@code ?} markers, {@code @user} and {@code @@system} variables, {@code :=} and
 * {@code ;}. Unterminated strings and comments end at the end of the text: the server, not the
 * lexer, reports syntax errors.
 */
final class Lexer {
    private final String sql;
    private final int length;
    private final List<Token> tokens = new ArrayList<>();
    private final StringBuilder hints = new StringBuilder();
    private int pos;
    private boolean inExecutableComment;

    private Lexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /** Result of lexing: the tokens and the hint text (hints of several comments joined by spaces). */
    record Result(List<Token> tokens, String hints) {
    }

    static Result lex(String sql) {
        Lexer lexer = new Lexer(sql);
        lexer.run();
        return new Result(lexer.tokens, lexer.hints.toString().trim());
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < length && sql.charAt(pos + 1) == '-'
                    && (pos + 2 >= length || Character.isWhitespace(sql.charAt(pos + 2)))) {
                skipLine();
            } else if (c == '#') {
                skipLine();
            } else if (c == '/' && pos + 1 < length && sql.charAt(pos + 1) == '*') {
                comment();
            } else if (c == '*' && inExecutableComment && pos + 1 < length && sql.charAt(pos + 1) == '/') {
                inExecutableComment = false;
                pos += 2;
            } else if (c == '\'' || c == '"') {
                quoted(c, Type.STRING);
            } else if (c == '`') {
                quoted(c, Type.QUOTED_ID);
            } else if (c == '@') {
                variable();
            } else if (c == '?') {
                add(Type.PARAM, pos, ++pos);
            } else if (c == ';') {
                add(Type.SEMICOLON, pos, ++pos);
            } else if (isDigit(c) || (c == '.' && pos + 1 < length && isDigit(sql.charAt(pos + 1)))) {
                number();
            } else if (isWordStart(c)) {
                word();
            } else if (c == ':' && pos + 1 < length && sql.charAt(pos + 1) == '=') {
                add(Type.SYMBOL, pos, pos += 2);
            } else {
                add(Type.SYMBOL, pos, ++pos);
            }
        }
    }

    private void add(Type type, int start, int end) {
        tokens.add(new Token(type, start, end));
    }

    private void skipLine() {
        while (pos < length && sql.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void comment() {
        int start = pos;
        pos += 2;
        if (pos < length && sql.charAt(pos) == '!') {
            pos++;
            while (pos < length && isDigit(sql.charAt(pos))) {
                pos++;
            }
            inExecutableComment = true;
            return;
        }
        boolean hint = pos < length && sql.charAt(pos) == '+';
        int end = sql.indexOf("*/", pos);
        int stop = end < 0 ? length : end;
        if (hint) {
            hints.append(' ').append(sql, start + 3, stop);
        }
        pos = end < 0 ? length : end + 2;
    }

    private void quoted(char quote, Type type) {
        int start = pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < length && sql.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    break;
                }
            } else {
                pos++;
            }
        }
        pos = Math.min(pos, length);
        add(type, start, pos);
    }

    private void variable() {
        int start = pos;
        if (pos + 1 < length && sql.charAt(pos + 1) == '@') {
            pos += 2;
            while (pos < length && (isWordPart(sql.charAt(pos)) || sql.charAt(pos) == '.' || sql.charAt(pos) == '`')) {
                pos++;
            }
            add(Type.SYSTEM_VAR, start, pos);
            return;
        }
        pos++;
        if (pos < length && (sql.charAt(pos) == '\'' || sql.charAt(pos) == '"' || sql.charAt(pos) == '`')) {
            char quote = sql.charAt(pos);
            quoted(quote, Type.STRING);
            tokens.remove(tokens.size() - 1);
        } else {
            while (pos < length && (isWordPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
        }
        add(Type.USER_VAR, start, pos);
    }

    private void number() {
        int start = pos;
        if (sql.charAt(pos) == '0' && pos + 1 < length && (sql.charAt(pos + 1) == 'x' || sql.charAt(pos + 1) == 'X')) {
            pos += 2;
            while (pos < length && Character.digit(sql.charAt(pos), 16) >= 0) {
                pos++;
            }
        } else {
            while (pos < length && (isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < length && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
                int save = pos++;
                if (pos < length && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < length && isDigit(sql.charAt(pos))) {
                    while (pos < length && isDigit(sql.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                }
            }
        }
        if (pos < length && isWordPart(sql.charAt(pos))) {
            word(start); // an identifier that starts with digits, such as 1a
            return;
        }
        add(Type.NUMBER, start, pos);
    }

    private void word() {
        int start = pos;
        char c = sql.charAt(pos);
        if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && pos + 1 < length && sql.charAt(pos + 1) == '\'') {
            pos++;
            quoted('\'', Type.STRING); // x'0A' and b'01' literals
            tokens.set(tokens.size() - 1, new Token(Type.STRING, start, pos));
            return;
        }
        word(start);
    }

    private void word(int start) {
        while (pos < length && isWordPart(sql.charAt(pos))) {
            pos++;
        }
        add(Type.WORD, start, pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c > 0x7f;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
