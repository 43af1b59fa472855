package io.obproxy.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logical session's state, recorded once with a version number per change and replayed on a
 * physical connection only when that connection is behind, just before it is used.
 *
 * <p>Design: every change (a JDBC setter, or the effect of a SET / USE the driver saw succeed) is
 * an {@link Entry} stamped with the next value of one counter. A physical connection remembers the
 * version it was last brought up to; {@link #sync} replays the entries newer than that, in ODP's
 * order (database, JDBC settings, character set, session transaction characteristics, then all
 * variables in one SET statement). The common case, nothing changed, costs one comparison.
 * Values are literals (as written, or read back from the server that evaluated an expression), so a
 * replay gives every server the same value, whatever it evaluated to where it ran first.
 * {@code character_set_client} set as a session variable (the front end's client character set, or a
 * SET the driver saw succeed) also makes Connector/J send text in that character set on the
 * connection, since the server now reads it so; a reset of the session state drops the physical
 * connections, whose successors start in Connector/J's own again.
 */
public final class SessionState {
    /** What an entry sets, in replay order. */
    public enum Kind { CATALOG, AUTOCOMMIT, ISOLATION, READ_ONLY, CHARSET, SESSION_TRANSACTION, SYSTEM_VARIABLE,
        USER_VARIABLE }

    /**
     * One recorded change. {@code value} is the literal or statement text replayed.
     * {@code driverOwned} marks a variable the driver sets from its own settings (a JDBC-level
     * choice mirrored into an OceanBase session variable): replayed only to OceanBase servers, and
     * not part of the state set by SQL that pools reset.
     */
    record Entry(Kind kind, String name, String value, long version, boolean driverOwned) {
    }

    private static final String CHARACTER_SET_CLIENT = "character_set_client";

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long version;
    private boolean autoCommit = true;
    private int isolation = -1;
    private boolean readOnly;
    private String catalog;
    private long schemaChanges;

    /** @return the version of the newest change; physical sessions at this version are in sync */
    public long version() {
        return version;
    }

    /** @return how many DDL statements this session ran (a statement prepared before one may see other columns) */
    public long schemaChanges() {
        return schemaChanges;
    }

    void schemaChanged() {
        schemaChanges++;
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** @return the isolation set through JDBC, or -1 when never set (the server's default applies) */
    public int isolation() {
        return isolation;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** @return the current database, or null */
    public String catalog() {
        return catalog;
    }

    public void setAutoCommit(boolean on) {
        autoCommit = on;
        put(Kind.AUTOCOMMIT, "", Boolean.toString(on));
    }

    public void setIsolation(int level) {
        isolation = level;
        put(Kind.ISOLATION, "", Integer.toString(level));
    }

    public void setReadOnly(boolean on) {
        readOnly = on;
        put(Kind.READ_ONLY, "", Boolean.toString(on));
    }

    public void setCatalog(String database) {
        catalog = database;
        put(Kind.CATALOG, "", database);
    }

    /** Records {@code SET NAMES ...} / {@code SET CHARACTER SET ...}, replayed as written. */
    public void setCharset(String statement) {
        put(Kind.CHARSET, "", statement);
    }

    /** Records {@code SET SESSION TRANSACTION ...}, replayed as written. */
    public void setSessionTransaction(String statement) {
        put(Kind.SESSION_TRANSACTION, statement.toUpperCase(java.util.Locale.ROOT), "SET " + statement);
    }

    /** Records a session system variable's value (a literal in SQL syntax). */
    public void setSystemVariable(String name, String literal) {
        put(Kind.SYSTEM_VARIABLE, name, literal);
    }

    /** Records a user variable's value (a literal in SQL syntax). */
    public void setUserVariable(String name, String literal) {
        put(Kind.USER_VARIABLE, name, literal);
    }

    /**
     * Records an OceanBase session variable the driver sets from its own settings (for example
     * {@code ob_read_consistency} from {@code readConsistency}); an application's own SET of the
     * same variable replaces it.
     */
    public void setDriverVariable(String name, String literal) {
        entries.put(Kind.SYSTEM_VARIABLE.name() + ':' + name, new Entry(Kind.SYSTEM_VARIABLE, name, literal,
                ++version, true));
    }

    /** @return the literal a session system variable was last set to (by SQL or the driver), or null */
    public String systemVariable(String name) {
        Entry e = entries.get(Kind.SYSTEM_VARIABLE.name() + ':' + name);
        return e == null ? null : e.value();
    }

    /** @return the literal a user variable was last set to, or null */
    public String userVariable(String name) {
        Entry e = entries.get(Kind.USER_VARIABLE.name() + ':' + name);
        return e == null ? null : e.value();
    }

    /** @return true when SQL has changed anything a pool's next borrower must not see */
    public boolean hasSqlState() {
        for (Entry e : entries.values()) {
            if (isSqlState(e)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets every change made by SQL (variables, character set, transaction characteristics). */
    public void clearSqlState() {
        entries.values().removeIf(SessionState::isSqlState);
        version++;
    }

    private static boolean isSqlState(Entry e) {
        return e.kind().ordinal() >= Kind.CHARSET.ordinal() && !e.driverOwned();
    }

    private void put(Kind kind, String name, String value) {
        entries.put(kind.name() + ':' + name, new Entry(kind, name, value, ++version, false));
    }

    /**
     * Brings a physical connection up to date. On failure the caller must drop the connection: it
     * is in an unknown state.
     */
    public void sync(PhysicalSession physical) throws SQLException {
        long synced = physical.syncedVersion();
        if (synced == version) {
            return;
        }
        List<Entry> pending = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.version() > synced) {
                pending.add(e);
            }
        }
        pending.sort(Comparator.comparing(Entry::kind).thenComparingLong(Entry::version));
        Connection c = physical.connection();
        StringBuilder variables = new StringBuilder();
        String clientCharset = null;
        for (Entry e : pending) {
            switch (e.kind()) {
                case CATALOG:
                    if (e.value() != null) {
                        c.setCatalog(e.value());
                    }
                    break;
                case AUTOCOMMIT:
                    c.setAutoCommit(Boolean.parseBoolean(e.value()));
                    break;
                case ISOLATION:
                    c.setTransactionIsolation(Integer.parseInt(e.value()));
                    break;
                case READ_ONLY:
                    c.setReadOnly(Boolean.parseBoolean(e.value()));
                    break;
                case CHARSET:
                case SESSION_TRANSACTION:
                    execute(c, e.value());
                    break;
                case SYSTEM_VARIABLE:
                    if (e.driverOwned() && !physical.isOceanBase()) {
                        break; // OceanBase's own variable: other servers do not have it
                    }
                    variables.append(variables.length() == 0 ? "SET " : ", ")
                            .append("@@session.").append(e.name()).append(" = ").append(e.value());
                    if (e.name().equals(CHARACTER_SET_CLIENT)) {
                        clientCharset = e.value();
                    }
                    break;
                default:
                    variables.append(variables.length() == 0 ? "SET " : ", ")
                            .append(quoteUserVariable(e.name())).append(" = ").append(e.value());
                    break;
            }
        }
        if (variables.length() > 0) {
            execute(c, variables.toString()); // read in the character set the server had before it
        }
        if (clientCharset != null) {
            textFollows(c, CHARACTER_SET_CLIENT, clientCharset);
        }
        physical.syncedTo(version);
    }

    /**
     * After {@code variable} was set to {@code literal} on {@code c}: when it is character_set_client,
     * Connector/J sends text on {@code c} in that character set from now on, as the server reads it.
     */
    static void textFollows(Connection c, String variable, String literal) throws SQLException {
        if (CHARACTER_SET_CLIENT.equals(variable) && literal != null) {
            ConnectorJ.sendTextIn(c, literal);
        }
    }

    static String quoteUserVariable(String name) {
        return "@`" + name.replace("`", "``") + "`";
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
