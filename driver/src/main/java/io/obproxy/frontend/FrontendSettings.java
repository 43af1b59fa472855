package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyDriver;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The front end's configuration, validated: from the command line ({@code --name value}) over a
 * config file ({@code --config}) over the defaults of {@link FrontendOption}. A bad value is an
 * {@link IllegalArgumentException} naming the option, the value and what is allowed.
 */
public final class FrontendSettings {
    private final Map<FrontendOption, String> values;
    private final UsersFile users;
    /** Numbers and choices, parsed once: some are read for every command. */
    private final int maxConnections;
    private final int handshakeTimeoutMillis;
    private final int idleTimeoutMillis;
    private final int netReadTimeoutMillis;
    private final int maxPacketBytes;
    private final int shutdownTimeoutMillis;
    private final String threads;
    private final int platformThreads;
    private final boolean localInfile;
    private final boolean passThrough;

    private FrontendSettings(Map<FrontendOption, String> values, UsersFile users) {
        this.values = values;
        this.users = users;
        validate();
        this.maxConnections = integer(FrontendOption.MAX_CONNECTIONS, 1, 1_000_000);
        this.handshakeTimeoutMillis = integer(FrontendOption.HANDSHAKE_TIMEOUT, 100, 3_600_000);
        this.idleTimeoutMillis = integer(FrontendOption.IDLE_TIMEOUT, 0, Integer.MAX_VALUE);
        this.netReadTimeoutMillis = integer(FrontendOption.NET_READ_TIMEOUT, 100, Integer.MAX_VALUE);
        this.maxPacketBytes = integer(FrontendOption.MAX_PACKET, 1024, 1 << 30);
        this.shutdownTimeoutMillis = integer(FrontendOption.SHUTDOWN_TIMEOUT, 0, 3_600_000);
        this.threads = parseThreads();
        this.platformThreads = integer(FrontendOption.PLATFORM_THREADS, 0, 100_000);
        this.localInfile = onOff(FrontendOption.LOCAL_INFILE);
        this.passThrough = onOff(FrontendOption.PASS_THROUGH);
    }

    /** @return the settings the arguments give; {@code --help} is the caller's business */
    public static FrontendSettings parse(String... args) throws IOException {
        Map<FrontendOption, String> given = new EnumMap<>(FrontendOption.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            FrontendOption o = arg.startsWith("--") ? FrontendOption.named(arg.substring(2)) : null;
            if (o == null) {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (--help lists the options)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + o.optionName() + " needs a value");
            }
            given.put(o, args[++i]);
        }
        Map<FrontendOption, String> values = new EnumMap<>(FrontendOption.class);
        String config = given.get(FrontendOption.CONFIG);
        if (config != null) {
            values.putAll(readConfig(Path.of(config)));
        }
        values.putAll(given);
        return of(values, null);
    }

    /**
     * Settings from option values (unnamed ones take their defaults).
     *
     * @param users users the front end checks itself, or null to read {@code --users} (if given)
     */
    public static FrontendSettings of(Map<FrontendOption, String> given, Map<String, String[]> users) throws IOException {
        Map<FrontendOption, String> values = new EnumMap<>(FrontendOption.class);
        for (FrontendOption o : FrontendOption.values()) {
            String v = given.getOrDefault(o, o.defaultValue());
            if (v != null) {
                values.put(o, v);
            }
        }
        return new FrontendSettings(values, users != null ? UsersFile.of(users)
                : values.containsKey(FrontendOption.USERS) ? UsersFile.read(Path.of(values.get(FrontendOption.USERS)))
                : UsersFile.empty());
    }

    private static Map<FrontendOption, String> readConfig(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<FrontendOption, String> values = new EnumMap<>(FrontendOption.class);
        for (String name : p.stringPropertyNames()) {
            FrontendOption o = FrontendOption.named(name);
            if (o == null || o == FrontendOption.CONFIG) {
                throw new IllegalArgumentException(file + ": unknown option '" + name + "' (--help lists the options)");
            }
            values.put(o, p.getProperty(name).trim());
        }
        return values;
    }

    private void validate() {
        String url = values.get(FrontendOption.URL);
        if (url == null || !new ObProxyDriver().acceptsURL(url)) {
            throw new IllegalArgumentException("--url " + (url == null ? "is missing" : "'" + url + "' is not a"
                    + " jdbc:obproxy:// URL") + " (expected: jdbc:obproxy://host:port[,host:port...]/database)");
        }
        int query = url.indexOf('?');
        for (String parameter : query < 0 ? new String[0] : url.substring(query + 1).split("&")) {
            String name = parameter.split("=", 2)[0];
            if (name.equals("user") || name.equals("password")) {
                throw new IllegalArgumentException("--url: remove '" + name + "': clients log in with their own"
                        + " credentials (to give them others, map them with --users)");
            }
        }
        listenHost();
        metricsListen();
        if (values.containsKey(FrontendOption.TLS_CERT) != values.containsKey(FrontendOption.TLS_KEY)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        String version = values.getOrDefault(FrontendOption.SERVER_VERSION, "");
        if (version.length() > 60 || !version.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("--server-version '" + version + "': expected at most 60 printable ASCII"
                    + " characters (a greeting's version string), or empty for the cluster's own");
        }
    }

    private int integer(FrontendOption o, int min, int max) {
        String v = values.get(o);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + o.optionName() + " '" + v + "': expected an integer from " + min
                + " to " + max);
    }

    private boolean onOff(FrontendOption o) {
        String v = values.get(o).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("on") && !v.equals("off")) {
            throw new IllegalArgumentException("--" + o.optionName() + " '" + values.get(o) + "': expected on or off");
        }
        return v.equals("on");
    }

    String get(FrontendOption o) {
        return values.get(o);
    }

    String url() {
        return values.get(FrontendOption.URL);
    }

    String listenHost() {
        return host(FrontendOption.LISTEN);
    }

    int listenPort() {
        return port(FrontendOption.LISTEN);
    }

    /** @return where to serve /metrics and /health (unresolved), or null when off */
    InetSocketAddress metricsListen() {
        return values.containsKey(FrontendOption.METRICS_LISTEN)
                ? InetSocketAddress.createUnresolved(host(FrontendOption.METRICS_LISTEN), port(FrontendOption.METRICS_LISTEN))
                : null;
    }

    /** @return the host of a host:port option */
    private String host(FrontendOption o) {
        String listen = values.get(o);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--" + o.optionName() + " '" + listen + "': expected host:port");
        }
        port(o);
        return listen.substring(0, colon);
    }

    /** @return the port of a host:port option */
    private int port(FrontendOption o) {
        String listen = values.get(o);
        String port = listen.substring(listen.lastIndexOf(':') + 1);
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + o.optionName() + " '" + listen + "': port '" + port
                + "' (expected: 0..65535)");
    }

    int maxConnections() {
        return maxConnections;
    }

    int handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    int idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** @return how long a logged-in client has to send the rest of a command once its first byte came */
    int netReadTimeoutMillis() {
        return netReadTimeoutMillis;
    }

    int maxPacketBytes() {
        return maxPacketBytes;
    }

    int shutdownTimeoutMillis() {
        return shutdownTimeoutMillis;
    }

    /** @return "virtual", "platform" or "auto" */
    String threads() {
        return threads;
    }

    private String parseThreads() {
        String v = values.get(FrontendOption.THREADS).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("auto") && !v.equals("virtual") && !v.equals("platform")) {
            throw new IllegalArgumentException("--threads '" + values.get(FrontendOption.THREADS)
                    + "': expected auto, virtual or platform");
        }
        return v;
    }

    /** @return with {@code --threads auto}: clients served on platform threads at once */
    int platformThreads() {
        return platformThreads;
    }

    /** @return whether clients may LOAD DATA LOCAL INFILE ({@code --local-infile}) */
    boolean localInfile() {
        return localInfile;
    }

    /** @return whether servers' replies are copied to clients as they come ({@code --pass-through}) */
    boolean passThrough() {
        return passThrough;
    }

    UsersFile users() {
        return users;
    }

    /** @return the version the greeting must announce ({@code --server-version}), or null to announce the cluster's */
    String serverVersion() {
        String v = values.get(FrontendOption.SERVER_VERSION);
        return v == null || v.isEmpty() ? null : v;
    }
}
