package io.obproxy.sql;

import java.util.Map;

/**
 * Decides a statement's {@link StatementKind} from its leading keywords, and records what the
 * kind brings with it: the database of USE, the statement name of PREPARE / EXECUTE / DEALLOCATE,
 * the temporary table of CREATE TEMPORARY TABLE, and the flags of transaction control (AND CHAIN,
 * XA START / END), temporary tables, locking reads and SHOW WARNINGS.
 *
 * <p>Design note: a kind is decided by the first word or two after any opening parentheses; the
 * forms the session holds back or acts on (BEGIN, START TRANSACTION) must be well formed to get
 * their kind, anything else is {@link StatementKind#OTHER} and goes to the server, whose parser is
 * the real one. SET goes to {@link SetReader}, the driver's own commands to {@link DriverCommands}.
 */
final class KindReader extends TokenReader {
    /** Kinds decided by the first word alone (the other kinds need more reading: {@link #kind}). */
    private static final Map<String, StatementKind> BY_FIRST_WORD = Map.ofEntries(
            Map.entry("INSERT", StatementKind.INSERT), Map.entry("REPLACE", StatementKind.REPLACE),
            Map.entry("UPDATE", StatementKind.UPDATE), Map.entry("DELETE", StatementKind.DELETE),
            Map.entry("SAVEPOINT", StatementKind.SAVEPOINT), Map.entry("UNLOCK", StatementKind.UNLOCK_TABLES),
            Map.entry("ALTER", StatementKind.DDL), Map.entry("TRUNCATE", StatementKind.DDL),
            Map.entry("RENAME", StatementKind.DDL), Map.entry("CALL", StatementKind.CALL),
            Map.entry("DESCRIBE", StatementKind.EXPLAIN), Map.entry("DESC", StatementKind.EXPLAIN),
            Map.entry("LOAD", StatementKind.LOAD_DATA));

    private final TableReader tables;
    private final FlagScanner flags;
    private final SetReader set;
    private final DriverCommands commands;

    KindReader(TokenView view, Findings found, TableReader tables, FlagScanner flags) {
        super(view, found);
        this.tables = tables;
        this.flags = flags;
        this.set = new SetReader(view, found);
        this.commands = new DriverCommands(view, found);
    }

    /** @return the kind of statement [from, to) */
    StatementKind kind(int from, int to) {
        int i = from;
        while (i < to && view.isSymbol(i, '(')) {
            i++;
        }
        String w = view.upper(i);
        if (w == null) {
            return StatementKind.OTHER;
        }
        switch (w) {
            case "SELECT":
            case "WITH":
            case "VALUES":
            case "TABLE":
                flags.lockingRead(i, to);
                return StatementKind.SELECT;
            case "SET":
                if (view.isWord(i + 1, "STATEMENT") && !view.isSymbol(i + 2, '=') && !view.isSymbol(i + 2, ":=")) {
                    return setStatement(i + 2, to);
                }
                set.read(i + 1, to);
                return StatementKind.SET;
            case "USE":
                found.database = view.name(i + 1);
                return StatementKind.USE;
            case "BEGIN":
                return i + 1 == to || view.isWord(i + 1, "WORK") && i + 2 == to ? StatementKind.BEGIN
                        : StatementKind.OTHER;
            case "START":
                return view.isWord(i + 1, "TRANSACTION") && transactionCharacteristics(i + 2, to)
                        ? StatementKind.BEGIN : StatementKind.OTHER;
            case "COMMIT":
                chain(i, to);
                return StatementKind.COMMIT;
            case "ROLLBACK":
                return rollback(i, to);
            case "RELEASE":
                return view.isWord(i + 1, "SAVEPOINT") ? StatementKind.RELEASE_SAVEPOINT : StatementKind.OTHER;
            case "CREATE":
                return create(i);
            case "DROP":
                return drop(i);
            case "LOCK":
                return view.isWord(i + 1, "TABLES") || view.isWord(i + 1, "TABLE") ? StatementKind.LOCK_TABLES
                        : StatementKind.OTHER;
            case "PREPARE":
                found.objectName = view.name(i + 1);
                return StatementKind.PREPARE;
            case "EXECUTE":
                found.objectName = view.name(i + 1);
                return StatementKind.EXECUTE;
            case "DEALLOCATE":
                found.objectName = view.name(i + 2);
                return StatementKind.DEALLOCATE_PREPARE;
            case "XA":
                return xa(i, to);
            case "SHOW":
                return show(i, to);
            case "EXPLAIN":
                StatementKind route = commands.explainRoute(i, to);
                return route != null ? route : StatementKind.EXPLAIN;
            case "KILL":
                return commands.kill(i, to);
            default:
                return BY_FIRST_WORD.getOrDefault(w, StatementKind.OTHER);
        }
    }

    private void chain(int from, int to) {
        for (int i = from; i < to; i++) {
            if (view.isWord(i, "AND") && view.isWord(i + 1, "CHAIN")) {
                found.flags |= SqlInfo.FLAG_CHAIN;
            }
        }
    }

    private StatementKind rollback(int i, int to) {
        int next = view.isWord(i + 1, "WORK") ? i + 2 : i + 1;
        if (view.isWord(next, "TO")) {
            return StatementKind.ROLLBACK_TO_SAVEPOINT;
        }
        chain(i, to);
        return StatementKind.ROLLBACK;
    }

    private StatementKind create(int i) {
        int j = i + 1;
        if (view.isWord(j, "OR") && view.isWord(j + 1, "REPLACE")) {
            j += 2;
        }
        if (view.isWord(j, "TEMPORARY") && view.isWord(j + 1, "TABLE")) {
            found.flags |= SqlInfo.FLAG_TEMPORARY;
            j += 2;
            if (view.isWord(j, "IF") && view.isWord(j + 1, "NOT") && view.isWord(j + 2, "EXISTS")) {
                j += 3;
            }
            TableName table = tables.tableAt(j, true);
            found.objectName = table == null ? null : table.table();
            return StatementKind.CREATE_TEMPORARY_TABLE;
        }
        return StatementKind.DDL;
    }

    private StatementKind drop(int i) {
        int j = i + 1;
        if (view.isWord(j, "PREPARE")) {
            found.objectName = view.name(j + 1);
            return StatementKind.DEALLOCATE_PREPARE;
        }
        if (view.isWord(j, "TEMPORARY")) {
            found.flags |= SqlInfo.FLAG_TEMPORARY;
            j++;
        }
        return view.isWord(j, "TABLE") || view.isWord(j, "TABLES") ? StatementKind.DROP_TABLE : StatementKind.DDL;
    }

    /**
     * @return true when tokens {@code from..to} are a well-formed list of START TRANSACTION's
     * characteristics (READ ONLY, READ WRITE, WITH CONSISTENT SNAPSHOT, comma-separated), or none.
     * Only such a statement is held (BEGIN is sent with the next statement): anything else is sent
     * at once, so that a syntax error is the answer to the statement that has it.
     */
    private boolean transactionCharacteristics(int from, int to) {
        int j = from;
        while (j < to) {
            if (view.isWord(j, "READ") && (view.isWord(j + 1, "ONLY") || view.isWord(j + 1, "WRITE"))) {
                j += 2;
            } else if (view.isWord(j, "WITH") && view.isWord(j + 1, "CONSISTENT") && view.isWord(j + 2, "SNAPSHOT")) {
                j += 3;
            } else {
                return false;
            }
            if (j < to && !view.isSymbol(j++, ',') || j == to && view.isSymbol(j - 1, ',')) {
                return false;
            }
        }
        return true;
    }

    private StatementKind xa(int i, int to) {
        if ((view.isWord(i + 1, "START") || view.isWord(i + 1, "BEGIN")) && i + 2 < to) { // with an xid: held like BEGIN
            found.flags |= SqlInfo.FLAG_XA_START;
        } else if (view.isWord(i + 1, "COMMIT") || view.isWord(i + 1, "ROLLBACK")) {
            found.flags |= SqlInfo.FLAG_XA_END;
        }
        return StatementKind.XA;
    }

    /**
     * MariaDB's {@code SET STATEMENT var = value [, ...] FOR statement}: the statement after FOR, with
     * the variables set for it alone (nothing of the session changes).
     */
    private StatementKind setStatement(int from, int to) {
        int forAt = view.firstAtTopLevel(from, to, j -> view.isWord(j, "FOR"));
        return forAt < 0 ? StatementKind.OTHER : kind(forAt + 1, to);
    }

    /** The driver's SHOW commands, else SHOW WARNINGS / ERRORS (state of the previous statement), else SHOW. */
    private StatementKind show(int i, int to) {
        StatementKind own = commands.show(i, to);
        if (own != null) {
            return own;
        }
        for (int j = i + 1; j < to && j < i + 6; j++) {
            if (view.isWord(j, "WARNINGS") || view.isWord(j, "ERRORS")) {
                found.flags |= SqlInfo.FLAG_LAST_STATEMENT_STATE;
                return StatementKind.SHOW_WARNINGS;
            }
        }
        return StatementKind.SHOW;
    }
}
