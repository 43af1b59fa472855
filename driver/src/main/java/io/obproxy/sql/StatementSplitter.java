package io.obproxy.sql;

import io.obproxy.sql.Token.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Where the statements of one SQL text begin and end. A {@code ;} ends a statement, except inside
 * a compound statement, which a server reads as one statement however many {@code ;} its body
 * holds:
 * <ul>
 *   <li>(also after MariaDB's {@code SET STATEMENT ... FOR}) a stored program's definition: {@code CREATE [OR REPLACE] [DEFINER = ...] [AGGREGATE]
 *   PROCEDURE | FUNCTION | TRIGGER | EVENT}, {@code ALTER ... EVENT}, whose body is a block;</li>
 *   <li>MariaDB's compound statements outside a program: {@code [label:] BEGIN NOT ATOMIC ... END},
 *   and {@code IF}, {@code WHILE}, {@code LOOP}, {@code REPEAT} at the start of a statement.</li>
 * </ul>
 *
 * <p>Design note: blocks are followed by their keywords, as the server's grammar pairs them:
 * {@code BEGIN ... END}, {@code CASE ... END [CASE]} (a CASE expression ends with a plain END),
 * {@code IF ... END IF}, {@code LOOP ... END LOOP}, {@code WHILE ... END WHILE}, {@code REPEAT ...
 * END REPEAT}. IF opens a block only where a statement starts (IF( is also a function) and
 * REPEAT only when no {@code (} follows (REPEAT() is a string function). An END that closes no
 * open block is left alone; a text whose blocks never close is one statement to its end (the
 * server then says what is wrong with it). A program's body is not run when it is defined, so the
 * parser reads nothing in it ({@link Range#program}).
 */
final class StatementSplitter {
    /**
     * One statement: tokens [from, to).
     *
     * @param program true for a stored program's definition (its body runs later, when called)
     */
    record Range(int from, int to, boolean program) {
    }

    /** Words after which a statement starts inside a block (or a program's body starts). */
    private static final Set<String> STATEMENT_STARTS = Set.of("BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT",
            "ROW", "DETERMINISTIC", "SQL", "DATA", "DEFINER", "INVOKER");
    /** Words that show a CREATE / ALTER is not a stored program's (nothing after them has a body). */
    private static final Set<String> NOT_A_PROGRAM = Set.of("TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA", "USER",
            "ROLE", "SERVER", "SEQUENCE", "TEMPORARY", "UNIQUE", "FULLTEXT", "SPATIAL", "TABLESPACE", "ONLINE");
    private static final Set<String> PROGRAMS = Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");
    private static final Set<String> FLOW = Set.of("IF", "WHILE", "LOOP", "REPEAT");
    /** How far into a CREATE the program's kind word may be (DEFINER = 'u'@'h' AGGREGATE ...). */
    private static final int HEADER_TOKENS = 12;

    private final TokenView view;
    private final int size;

    private StatementSplitter(TokenView view, int size) {
        this.view = view;
        this.size = size;
    }

    /** @return the statements of a text of {@code size} tokens, empty ones ({@code ;;}) left out */
    static List<Range> split(TokenView view, int size) {
        return new StatementSplitter(view, size).split();
    }

    private List<Range> split() {
        List<Range> ranges = new ArrayList<>(1);
        int start = 0;
        while (start < size) {
            if (isSemicolon(start)) {
                start++;
                continue;
            }
            int head = afterSetStatement(start);
            boolean program = isProgramDefinition(head);
            int end = program || isCompound(head) ? compoundEnd(head) : nextSemicolon(start);
            ranges.add(new Range(start, end, program));
            start = end + 1;
        }
        return ranges;
    }

    private int nextSemicolon(int from) {
        int i = from;
        while (i < size && !isSemicolon(i)) {
            i++;
        }
        return i;
    }

    /**
     * @return where the statement proper starts: after FOR in MariaDB's {@code SET STATEMENT var = value
     *         FOR statement} (MariaDB Connector/J puts its maxRows and query timeout so, before any
     *         statement), else {@code start}
     */
    private int afterSetStatement(int start) {
        if (!view.isWord(start, "SET") || !view.isWord(start + 1, "STATEMENT")) {
            return start;
        }
        int forAt = view.firstAtTopLevel(start + 2, nextSemicolon(start), j -> view.isWord(j, "FOR"));
        return forAt < 0 ? start : forAt + 1;
    }

    /** @return true for CREATE / ALTER of a procedure, function, trigger or event */
    private boolean isProgramDefinition(int start) {
        if (!view.isWord(start, "CREATE") && !view.isWord(start, "ALTER")) {
            return false;
        }
        for (int i = start + 1; i < Math.min(size, start + HEADER_TOKENS) && !isSemicolon(i); i++) {
            String w = view.upper(i);
            if (w != null && PROGRAMS.contains(w)) {
                return true;
            }
            if (w != null && NOT_A_PROGRAM.contains(w)) {
                return false;
            }
        }
        return false;
    }

    /** @return true for MariaDB's compound statements outside a program */
    private boolean isCompound(int start) {
        int i = view.get(start).type() == Type.WORD && view.isSymbol(start + 1, ':') ? start + 2 : start; // a label
        if (view.isWord(i, "BEGIN")) {
            return view.isWord(i + 1, "NOT") && view.isWord(i + 2, "ATOMIC");
        }
        String w = view.upper(i);
        return w != null && FLOW.contains(w) && opensFlow(i, w);
    }

    /** @return the index of the {@code ;} (or the text's end) after the compound statement at {@code start} */
    private int compoundEnd(int start) {
        Deque<String> open = new ArrayDeque<>();
        for (int i = start; i < size; i++) {
            if (isSemicolon(i)) {
                if (open.isEmpty() && i > start) {
                    return i;
                }
                continue;
            }
            String w = view.upper(i);
            if (w == null || view.isWord(i - 1, "END")) {
                continue; // END's own IF, CASE, LOOP...: read with the END
            }
            if (w.equals("END")) {
                close(open, view.upper(i + 1));
            } else if (w.equals("BEGIN") || w.equals("CASE") || FLOW.contains(w) && opensFlow(i, w)) {
                open.push(w);
            }
        }
        return size;
    }

    /** {@code END [IF | LOOP | WHILE | REPEAT | CASE]}: closes the innermost block when it is the one named. */
    private static void close(Deque<String> open, String next) {
        String kind = next != null && (FLOW.contains(next) || next.equals("CASE")) ? next : null;
        String top = open.peek();
        if (top == null) {
            return;
        }
        if (kind == null ? top.equals("BEGIN") || top.equals("CASE") : top.equals(kind)) {
            open.pop();
        }
    }

    /** @return true when flow keyword {@code w} at {@code i} opens a block (not IF( or REPEAT( the function) */
    private boolean opensFlow(int i, String w) {
        switch (w) {
            case "IF":
                return i == 0 || startsStatement(i - 1);
            case "REPEAT":
                return !view.isSymbol(i + 1, '(');
            default:
                return true;
        }
    }

    /** @return true when a statement may start after token {@code i} */
    private boolean startsStatement(int i) {
        if (isSemicolon(i) || view.isSymbol(i, ':') || view.isSymbol(i, ')') || view.get(i).type() == Type.STRING) {
            return true; // ... ; IF, label: IF, p() IF (a program's body), COMMENT 'x' IF
        }
        String w = view.upper(i);
        return w != null && STATEMENT_STARTS.contains(w);
    }

    private boolean isSemicolon(int i) {
        return view.get(i).type() == Type.SEMICOLON;
    }
}
