package io.obproxy.process;

import java.util.List;

/** One row of {@code SHOW PROCESSLIST}, MySQL's columns. */
record ProcessRow(long id, String user, String host, String db, String command, long time, String state, String info) {
    static final List<String> COLUMNS = List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info");

    /** @return the values as text (null where MySQL shows NULL) */
    List<String> values() {
        return java.util.Arrays.asList(Long.toString(id), user, host, db, command, Long.toString(time), state, info);
    }
}
