package io.obproxy.process;

import java.util.List;

/**
 * One live logical connection as {@code SHOW PROCESSLIST} shows it: who, from where, in which
 * database, and what it is doing since when. Written by the connection's own thread (a statement
 * starts, ends), read by any thread; updates cost no lock.
 *
 * <p>What the connection is doing (command, state, statement) is written with plain stores and
 * published by the volatile store of its start time, written last; {@link #row} reads that time
 * first, so it sees the activity at least as new as that start. A row read while a statement
 * starts or ends may mix two activities' fields, as a processlist read during an update always
 * could: two volatile stores per statement rather than eight (about 2.6% of the front end's
 * user-mode CPU on point selects went to them).
 */
public final class ProcessEntry {
    /** What a KILL does to the connection; implemented by the logical connection. */
    public interface Target {
        /** Cancels the statement running now, if any; the connection stays usable. */
        void killQuery();

        /** Closes the connection and everything under it; its running statement fails as killed. */
        void killConnection();

        /** @return one row per physical session: server, server thread id, synced version, session version, pinned */
        List<List<String>> physicalSessions();

        /** @return the connection's current database, or null */
        String database();
    }

    private final long id;
    private volatile String user;
    private final String host;
    private volatile Target target;
    /** Published by {@link #sinceMillis} (see the class's note). */
    private String command = "Sleep";
    private String state = "";
    private String info;
    private volatile long sinceMillis = System.currentTimeMillis();
    private volatile Runnable killListener = () -> { };
    private volatile Runnable queryKillListener = () -> { };

    ProcessEntry(long id, String user, String host) {
        this.id = id;
        this.user = user;
        this.host = host;
    }

    /** A client of the front end logged in: the entry now shows its login. */
    public void loggedIn(String login) {
        user = login;
        idle();
    }

    /**
     * Runs {@code listener} when the connection is killed, from whichever thread kills it (a KILL
     * here, or a mark found from another instance): the front end closes its client's socket then,
     * as a server closes a killed connection.
     */
    public void onKilled(Runnable listener) {
        this.killListener = listener;
    }

    /** The connection was killed. */
    public void killed() {
        killListener.run();
    }

    /**
     * Runs {@code listener} on a KILL QUERY of this connection, from the killer's thread, after the
     * connection's own {@link Target#killQuery}: the front end stops there a statement whose rows
     * are still streaming to its client (the connection's statement has returned by then).
     */
    public void onQueryKilled(Runnable listener) {
        this.queryKillListener = listener;
    }

    void queryKilled() {
        queryKillListener.run();
    }

    /** Gives the entry its connection, once it exists (the connection needs the id first). */
    public void attach(Target connection) {
        this.target = connection;
    }

    public long id() {
        return id;
    }

    /** @return the login, {@code user@tenant} */
    public String user() {
        return user;
    }

    /** @return where the connection comes from: this JVM (host name / pid), or a front-end client's address */
    public String host() {
        return host;
    }

    /** @return the connection, or a target that does nothing while it is being created */
    Target target() {
        Target t = target;
        return t != null ? t : NOT_YET;
    }

    private static final Target NOT_YET = new Target() {
        @Override
        public void killQuery() {
        }

        @Override
        public void killConnection() {
        }

        @Override
        public List<List<String>> physicalSessions() {
            return List.of();
        }

        @Override
        public String database() {
            return null;
        }
    };

    /** A statement starts. */
    public void executing(String sql) {
        info = sql;
        command = "Query";
        state = "executing";
        sinceMillis = System.currentTimeMillis();
    }

    /** The statement ended. */
    public void idle() {
        command = "Sleep";
        state = "";
        info = null;
        sinceMillis = System.currentTimeMillis();
    }

    /** A client of the front end is logging in (MySQL's "unauthenticated user" in Connect / login). */
    void connecting() {
        command = "Connect";
        state = "login";
        sinceMillis = System.currentTimeMillis();
    }

    /** @return the row {@code SHOW PROCESSLIST} shows; Info cut to 100 characters unless {@code full} */
    ProcessRow row(boolean full) {
        long since = sinceMillis; // first: what follows is at least as new as this start
        String text = info;
        if (text != null && !full && text.length() > 100) {
            text = text.substring(0, 100);
        }
        long time = Math.max(0, (System.currentTimeMillis() - since) / 1000);
        return new ProcessRow(id, user, host, target().database(), command, time, state, text);
    }
}
