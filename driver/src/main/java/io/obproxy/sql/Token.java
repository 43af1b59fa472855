package io.obproxy.sql;

/**
 * One lexical token: its type and where it lies in the SQL text. Words keep their text; other
 * tokens are read from the text by position when needed.
 */
record Token(Type type, int start, int end) {
    enum Type {
        /** A keyword or unquoted identifier. */
        WORD,
        /** A {@code `quoted`} identifier. */
        QUOTED_ID,
        /** A string literal in single or double quotes. */
        STRING,
        NUMBER,
        /** {@code ?} parameter marker. */
        PARAM,
        /** {@code @name} or {@code @'name'}. */
        USER_VAR,
        /** {@code @@name}, {@code @@session.name}, {@code @@global.name}. */
        SYSTEM_VAR,
        /** Punctuation and operators; {@code :=} is one token. */
        SYMBOL,
        /** {@code ;} between statements. */
        SEMICOLON
    }

    String text(String sql) {
        return sql.substring(start, end);
    }
}
