package io.obproxy.frontend;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar obproxy-jdbc-<version>-all.jar --listen 127.0.0.1:2883 --url 'jdbc:obproxy://...'}:
 * runs the front end until SIGTERM (or Ctrl-C). Prints {@code frontend <host>:<port>} and
 * {@code ready} once it accepts clients; a bad option prints what is wrong and exits with 2.
 */
public final class FrontendMain {
    private FrontendMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || Arrays.asList(args).contains("--help")) {
            System.out.print(FrontendOption.help());
            System.exit(args.length == 0 ? 2 : 0);
        }
        FrontendServer server;
        try {
            server = FrontendServer.start(FrontendSettings.parse(args));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("obproxy front end: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "obproxy-frontend-shutdown"));
        System.out.println("frontend " + server.address().getHostString() + ":" + server.address().getPort());
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
