package io.obproxy.sql;

/**
 * What the parser's readers share: the tokens of the text they read and the {@link Findings} they
 * write to (one of each per call of {@link StatementParser#parse}).
 */
abstract class TokenReader {
    final TokenView view;
    final Findings found;

    TokenReader(TokenView view, Findings found) {
        this.view = view;
        this.found = found;
    }
}
