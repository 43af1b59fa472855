package io.obproxy.frontend;

import java.sql.SQLException;

/** Numbers of the MySQL client/server protocol the front end speaks (see shared/reference/mysql-protocol.md). */
final class Protocol {
    private Protocol() {
    }

    // capability flags
    static final int LONG_PASSWORD = 1;
    /** The same bit as MariaDB names it: set by MySQL's side; clear, the peer has MariaDB's extended capabilities. */
    static final int CLIENT_MYSQL = LONG_PASSWORD;
    /** MARIADB_CLIENT_EXTENDED_METADATA, in MariaDB's extended capabilities (bit 35 of all). */
    static final int EXTENDED_METADATA = 1 << 3;
    /** MARIADB_CLIENT_CACHE_METADATA, in MariaDB's extended capabilities (bit 36 of all). */
    static final int CACHE_METADATA = 1 << 4;
    /** MariaDB's extended capabilities the front end offers when its cluster is MariaDB. */
    static final int MARIADB_CAPABILITIES = EXTENDED_METADATA | CACHE_METADATA;
    static final int FOUND_ROWS = 1 << 1;
    static final int LONG_FLAG = 1 << 2;
    static final int CONNECT_WITH_DB = 1 << 3;
    static final int LOCAL_FILES = 1 << 7;
    static final int PROTOCOL_41 = 1 << 9;
    static final int SSL = 1 << 11;
    static final int TRANSACTIONS = 1 << 13;
    static final int SECURE_CONNECTION = 1 << 15;
    static final int MULTI_STATEMENTS = 1 << 16;
    static final int MULTI_RESULTS = 1 << 17;
    static final int PS_MULTI_RESULTS = 1 << 18;
    static final int PLUGIN_AUTH = 1 << 19;
    static final int CONNECT_ATTRS = 1 << 20;
    static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;
    static final int SESSION_TRACK = 1 << 23;
    static final int DEPRECATE_EOF = 1 << 24;

    /** What the front end offers (SSL added when TLS is configured, LOCAL_FILES with --local-infile on). */
    static final int SERVER_CAPABILITIES = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41
            | TRANSACTIONS | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH
            | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA | SESSION_TRACK | DEPRECATE_EOF;

    // status flags
    static final int STATUS_IN_TRANS = 0x0001;
    static final int STATUS_AUTOCOMMIT = 0x0002;
    static final int STATUS_MORE_RESULTS = 0x0008;
    static final int STATUS_NO_BACKSLASH_ESCAPES = 0x0200;
    static final int STATUS_SESSION_STATE_CHANGED = 0x4000;

    // commands
    static final int COM_QUIT = 0x01;
    static final int COM_INIT_DB = 0x02;
    static final int COM_QUERY = 0x03;
    static final int COM_FIELD_LIST = 0x04;
    static final int COM_STATISTICS = 0x09;
    static final int COM_PROCESS_KILL = 0x0c;
    static final int COM_PING = 0x0e;
    static final int COM_CHANGE_USER = 0x11;
    static final int COM_STMT_PREPARE = 0x16;
    static final int COM_STMT_EXECUTE = 0x17;
    static final int COM_STMT_SEND_LONG_DATA = 0x18;
    static final int COM_STMT_CLOSE = 0x19;
    static final int COM_STMT_RESET = 0x1a;
    static final int COM_SET_OPTION = 0x1b;
    static final int COM_STMT_FETCH = 0x1c;
    static final int COM_RESET_CONNECTION = 0x1f;

    /** utf8mb4_general_ci: what the greeting announces and text columns are sent in. */
    static final int UTF8MB4_GENERAL_CI = 45;
    static final int BINARY_COLLATION = 63;

    /** @return MySQL's answer to a statement text that is empty or only blanks (ER_EMPTY_QUERY) */
    static SQLException emptyQuery() {
        return new SQLException("Query was empty", "42000", 1065);
    }
}
