package io.obproxy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerPortReservationTest {
    @Test
    void theEphemeralRangeIsReadFromTheKernel() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int expected = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
        assertEquals(expected, ServerPortReservation.ephemeralStart());
    }

    @Test
    void aReservedPortLiesBelowTheEphemeralRangeAndIsHeldUntilClosed() throws IOException {
        int port;
        try (ServerPortReservation reservation = ServerPortReservation.take()) {
            port = reservation.port();
            assertTrue(port < ServerPortReservation.ephemeralStart(), "port " + port);
            try (ServerSocket other = new ServerSocket()) {
                assertThrows(IOException.class, () -> other.bind(new InetSocketAddress("127.0.0.1", port)));
            }
        }
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", port)); // released: the server can have it
        }
    }
}
