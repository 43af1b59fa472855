package io.obproxy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * What the readers of one SQL text have found so far, statement after statement; {@link
 * StatementParser} turns it into the text's {@link SqlInfo} once every statement is read.
 *
 * <p>Design note: each reader of the parser has one job ({@link KindReader} the kind,
 * {@link DriverCommands} the driver's own commands, {@link SetReader} SET, {@link TableReader}
 * the tables, {@link FlagScanner} markers and flags) and writes here what it finds; the key values
 * {@link KeyValueReader} returns are kept here too. While statements are read no reader looks at
 * another's findings; only the judgments of the whole text at the end do (SET NAMES, route
 * address). Mutable and confined to one call of {@link StatementParser#parse}.
 */
final class Findings {
    /** Tables named, in order of appearance. */
    final List<TableName> tables = new ArrayList<>();
    /** Session effects of SET statements and of user variables assigned elsewhere. */
    final List<Assignment> assignments = new ArrayList<>();
    /** {@code SqlInfo.FLAG_*} bits. */
    int flags;
    /** {@code ?} markers read so far. */
    int parameters;
    /** The database of {@code USE db}. */
    String database;
    /** What a statement acts on (see {@link SqlInfo#objectName}). */
    String objectName;
    /** Key values of the last statement. */
    List<ColumnValues> keyValues = List.of();
    /** The last NAMES / CHARACTER SET assignment read was just a name and an optional COLLATE name. */
    boolean charsetStatementComplete;
}
