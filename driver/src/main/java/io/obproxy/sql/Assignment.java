package io.obproxy.sql;

/**
 * One assignment of a {@code SET} statement (or a user variable assigned inside another statement).
 *
 * @param scope   what is assigned
 * @param name    the variable, lower-cased, without {@code @}/{@code @@} and scope prefixes;
 *                for NAMES and CHARACTER SET the character set named (unquoted, lower-cased);
 *                empty for TRANSACTION
 * @param literal the value when it is one literal token (replayable as written), else null: the
 *                value must then be read back from the server that evaluated it
 */
public record Assignment(Scope scope, String name, String literal) {
    /** Scope of an assignment. */
    public enum Scope {
        /** A session system variable: {@code SET x = }, {@code SET SESSION x = }, {@code @@x}. */
        SESSION,
        /** A global one: {@code SET GLOBAL}, {@code PERSIST}, {@code @@global.}; no session state. */
        GLOBAL,
        /** A user variable {@code @x}. */
        USER,
        /** {@code SET NAMES ...} or {@code SET CHARACTER SET ...}: replayed as written. */
        CHARSET,
        /** {@code SET SESSION TRANSACTION ...}: replayed as written. */
        SESSION_TRANSACTION,
        /** {@code SET TRANSACTION ...}: the next transaction only. */
        NEXT_TRANSACTION
    }
}
