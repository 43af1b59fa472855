package io.obproxy.frontend;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A real front end for tests that need one but no cluster: it listens on a free port of 127.0.0.1,
 * knows one users-file login ({@value #USER} / {@value #PASSWORD}), and points at a port where no
 * cluster answers, so nothing may get as far as opening a logical connection.
 */
final class TestServer {
    static final String USER = "app";
    static final String PASSWORD = "secret";

    private TestServer() {
    }

    /** @param options options beyond the URL and the listening address */
    static FrontendServer start(Map<FrontendOption, String> options) throws IOException {
        Map<FrontendOption, String> all = new EnumMap<>(FrontendOption.class);
        all.put(FrontendOption.URL, "jdbc:obproxy://127.0.0.1:1/test");
        all.put(FrontendOption.LISTEN, "127.0.0.1:0");
        all.putAll(options);
        return FrontendServer.start(FrontendSettings.of(all, Map.of(USER, new String[] {PASSWORD})));
    }
}
