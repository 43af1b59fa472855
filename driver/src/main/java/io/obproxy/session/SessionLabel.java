package io.obproxy.session;

/**
 * How one logical session's log lines name it: its connection's ODP-style id, as SHOW PROCESSLIST
 * shows it, once the connection is numbered. Shared by the session's parts; logged as {@code {}},
 * so the text is made only when a line is written.
 */
final class SessionLabel {
    private volatile String name = "connection (not yet numbered)";

    void number(long connectionId) {
        name = "connection " + connectionId;
    }

    @Override
    public String toString() {
        return name;
    }
}
