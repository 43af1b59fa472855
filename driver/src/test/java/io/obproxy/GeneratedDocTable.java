package io.obproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A table of a page under docs/ that is generated from code, between a begin and an end marker:
 * checked to be current, and rewritten when the build runs with {@code -Dobproxy.updateDocs=true}.
 */
public final class GeneratedDocTable {
    private GeneratedDocTable() {
    }

    /**
     * @param page  the page's file name under docs/
     * @param begin the marker line before the table (its newline included)
     * @param end   the marker after it
     * @param table the table as the code makes it now
     */
    public static void check(String page, String begin, String end, String table) throws IOException {
        Path doc = Path.of("..", "docs", page);
        String text = Files.readString(doc);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "docs/" + page + " lacks the markers of its generated table");
        String current = text.substring(0, from + begin.length()) + table + text.substring(to);
        if (Boolean.getBoolean("obproxy.updateDocs")) {
            Files.writeString(doc, current);
        }
        assertEquals(current, Files.readString(doc),
                "docs/" + page + " is stale: run mvn -pl driver test -Dobproxy.updateDocs=true");
    }
}
