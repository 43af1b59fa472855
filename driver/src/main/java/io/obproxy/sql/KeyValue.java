package io.obproxy.sql;

/**
 * A value a statement gives a column, for routing: a literal as written, or a {@code ?} marker.
 *
 * @param literal    the literal's text (strings with their quotes), or null for a marker
 * @param parameter  the 1-based marker index, or 0 for a literal
 */
public record KeyValue(String literal, int parameter) {
    public static KeyValue ofLiteral(String text) {
        return new KeyValue(text, 0);
    }

    public static KeyValue ofParameter(int index) {
        return new KeyValue(null, index);
    }

    public boolean isParameter() {
        return parameter > 0;
    }
}
