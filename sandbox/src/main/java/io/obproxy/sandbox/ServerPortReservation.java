package io.obproxy.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a free TCP port for a MariaDB server and holds it until the server is about to bind it.
 *
 * <p>The port is taken below the kernel's ephemeral range ({@code ip_local_port_range}): a node
 * that is killed and restarted must get its port back, and while it is down every outgoing
 * connection of the machine (replication threads of its peers retrying it, relays, clients) could
 * otherwise be given that very port as its local port and make the restart fail with "address
 * already in use". Ports below the range are never handed out implicitly.
 */
final class ServerPortReservation implements AutoCloseable {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Lowest port tried; below it live many well-known services. */
    private static final int LOWEST = 10_000;
    /** Where the ephemeral range starts when the kernel does not say (Linux's default). */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 200;

    private final ServerSocket socket;

    private ServerPortReservation(ServerSocket socket) {
        this.socket = socket;
    }

    /** Binds a random free port in [10000, start of the ephemeral range) on the loopback address. */
    static ServerPortReservation take() throws IOException {
        int end = ephemeralStart();
        if (end <= LOWEST) {
            ServerSocket any = new ServerSocket(0); // nothing below the range to choose from
            return new ServerPortReservation(any);
        }
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return new ServerPortReservation(s);
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw new IOException("no free port in [" + LOWEST + ", " + end + ") after " + ATTEMPTS + " attempts", last);
    }

    static int ephemeralStart() {
        try {
            // readAllLines, not readString: /proc files report size 0 and readString stops short
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START; // not Linux, or /proc unreadable
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Releases the port so that the server can bind it. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
