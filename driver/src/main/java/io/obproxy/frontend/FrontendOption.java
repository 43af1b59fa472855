package io.obproxy.frontend;

/**
 * Every option of the front end, with its default and description: the one registry behind the
 * command line, the config file ({@code name=value} lines, names without the dashes), {@code --help}
 * and docs/frontend.md.
 */
public enum FrontendOption {
    LISTEN("listen", "127.0.0.1:2883", "host:port to accept MySQL clients on (port 0: any free port)"),
    URL("url", null, "the jdbc:obproxy URL of the cluster, without user and password: each client's own are used"),
    CONFIG("config", null, "a file of name=value lines with any of these options (the command line wins)"),
    USERS("users", null, "a users file: '<login> <password> [<cluster login> <cluster password>]' per line, for"
            + " clients limited to mysql_native_password and to map front-end users to cluster credentials"),
    TLS_KEYSTORE("tls-keystore", null, "a PKCS12 keystore with the TLS key and certificate; enables TLS"),
    TLS_KEYSTORE_PASSWORD("tls-keystore-password", "", "the keystore's password"),
    TLS_CERT("tls-cert", null, "a PEM certificate (chain) for TLS, with --tls-key; enables TLS"),
    TLS_KEY("tls-key", null, "the PEM private key (PKCS#8, 'BEGIN PRIVATE KEY') of --tls-cert"),
    THREADS("threads", "auto", "how clients are served: 'platform' threads (most throughput per core, an operating"
            + " system thread each), 'virtual' threads (JDK 21+: little memory each), or 'auto': platform threads for"
            + " the first --platform-threads clients at once, virtual threads beyond them (platform only before JDK 21)"),
    PLATFORM_THREADS("platform-threads", "256", "with --threads auto: how many clients at once get platform threads"
            + " before virtual threads take the rest"),
    MAX_CONNECTIONS("max-connections", "10000", "clients served at once; more are refused with error 1040"),
    HANDSHAKE_TIMEOUT("handshake-timeout", "10000", "milliseconds a client has to log in"),
    IDLE_TIMEOUT("idle-timeout", "28800000", "milliseconds a client may stay idle between commands (8 h, MySQL's"
            + " wait_timeout); 0 never closes it"),
    NET_READ_TIMEOUT("net-read-timeout", "30000", "milliseconds a logged-in client has to send the whole of a command"
            + " once its first byte arrived (MySQL's net_read_timeout); a slower one is closed"),
    MAX_PACKET("max-packet", "67108864", "largest packet a client may send, in bytes (MySQL's max_allowed_packet);"
            + " larger ones get error 1153 and the connection is closed; before login at most 65536 (a handshake"
            + " response with its connection attributes)"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "10000", "milliseconds a stop (SIGTERM) waits for running commands to end"
            + " before it closes their connections"),
    SERVER_VERSION("server-version", "", "the version string the greeting announces (printable ASCII, at most 60"
            + " characters); empty: the cluster's own, as its servers announce it, learned at the first login"
            + " (before it: 8.0.36-obproxy-jdbc-<version>)"),
    METRICS_LISTEN("metrics-listen", null, "host:port to serve /metrics (Prometheus text format) and /health (JSON)"
            + " over HTTP on (port 0: any free port); off unless given (docs/metrics.md)"),
    LOCAL_INFILE("local-infile", "on", "'on': clients may LOAD DATA LOCAL INFILE (the greeting offers"
            + " CLIENT_LOCAL_FILES); the file comes from the client, relayed to the server, never from the front end's"
            + " host. 'off': not offered; such a statement gets the error a server gives a client that did not enable it"
            + " (1148; MariaDB: 4166)"),
    PASS_THROUGH("pass-through", "on", "'on': a text of one statement and a prepared statement's execution are"
            + " routed as always, then sent as the client sent them and the server's reply is copied back as it comes"
            + " (rows as the server sent them); 'off': every reply is decoded and encoded again (docs/frontend.md,"
            + " Pass-through)");

    private final String name;
    private final String defaultValue;
    private final String description;

    FrontendOption(String name, String defaultValue, String description) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the name: {@code --name} on the command line, {@code name=} in a config file */
    public String optionName() {
        return name;
    }

    /** @return the default, or null when the option has none */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** @return the option with this name, or null */
    static FrontendOption named(String name) {
        for (FrontendOption o : values()) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** @return the options as a Markdown table, for docs/frontend.md */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| option | default | what it does |\n|---|---|---|\n");
        for (FrontendOption o : values()) {
            sb.append("| `--").append(o.name).append("` | ")
                    .append(o.defaultValue == null || o.defaultValue.isEmpty() ? "-" : "`" + o.defaultValue + "`")
                    .append(" | ").append(o.description.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** @return {@code --help}'s text */
    public static String help() {
        StringBuilder sb = new StringBuilder("Usage: java -jar obproxy-jdbc-<version>-all.jar --url 'jdbc:obproxy://host:port/db'"
                + " [options]\n\nA MySQL-protocol front end: every client connection is one logical connection of the"
                + " obproxy-jdbc driver.\n\nOptions:\n");
        for (FrontendOption o : values()) {
            sb.append(String.format("  --%-22s %s%s%n", o.name + " <value>", o.description,
                    o.defaultValue == null || o.defaultValue.isEmpty() ? "" : " (default " + o.defaultValue + ")"));
        }
        sb.append("  --help                   this text\n\nPrints 'frontend <host>:<port>' and 'ready' once it accepts"
                + " clients; SIGTERM stops it gracefully.\n");
        return sb.toString();
    }
}
