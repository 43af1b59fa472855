package io.obproxy.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Splits a comma-separated list of SQL literals, respecting quotes, escapes and parentheses. */
final class LiteralList {
    private LiteralList() {
    }

    /**
     * @param text for example {@code 1,'a,b',(2,3)}
     * @return the trimmed top-level items, for example {@code [1, 'a,b', (2,3)]}
     */
    static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quote != 0 || depth != 0) {
            throw new IllegalArgumentException("unbalanced quotes or parentheses in '" + text + "'");
        }
        items.add(current.toString().trim());
        return items;
    }
}
