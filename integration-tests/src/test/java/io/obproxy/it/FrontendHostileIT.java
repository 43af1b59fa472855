package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxFrontend;
import io.obproxy.sandbox.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front end against hostile clients (raw sockets): clients that quit oddly, headers announcing
 * more than they send, malformed and truncated packets, every command byte, bad statement ids and
 * parameters, CHANGE_USER garbage, a client that trickles, thousands that connect and drop. Every
 * case gets a well-formed reply or an error packet before a close, never a silent drop; afterwards
 * the front end holds no more than before: client slots, processlist entries, server sessions,
 * descriptors, threads ({@link FrontendCensus}). Inputs are seeded, so a failure repeats.
 */
@ExtendWith(FrontendExtension.class)
class FrontendHostileIT {
    private static final int TIMEOUT = 10_000;
    /** How long a fuzz case waits for its reply: a command without one is then asked for a ping. */
    private static final int CASE_TIMEOUT = 4_000;
    private static final int NET_READ_TIMEOUT = 1_000;
    private static final int MAX_PACKET = 1 << 20;
    /** Commands the front end serves; every other byte is 1047. */
    private static final Set<Integer> KNOWN = Set.of(0x01, 0x02, 0x03, 0x04, 0x09, 0x0c, 0x0e, 0x11, 0x16, 0x17, 0x18,
            0x19, 0x1a, 0x1b, 0x1c, 0x1f);
    private final FrontendEndpoint fe;

    FrontendHostileIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    /** @return a front end of its own with these options, whose processlist shows the tenant user everything */
    private FrontendServer start(Map<FrontendOption, String> options) throws IOException {
        Map<FrontendOption, String> all = new EnumMap<>(options);
        all.put(FrontendOption.URL, FrontendCensus.adminUrl(fe));
        return SandboxFrontend.start(fe.cluster(), 0, null, all);
    }

    private WireClient login(InetSocketAddress at) throws IOException {
        return WireClient.login(at, fe.user(), fe.password(), TIMEOUT);
    }

    private static byte[] command(int code, byte[] body) {
        byte[] p = new byte[body.length + 1];
        p[0] = (byte) code;
        System.arraycopy(body, 0, p, 1, body.length);
        return p;
    }

    private static byte[] text(int code, String text) {
        return command(code, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(byte[] payload, int sequence) {
        byte[] f = Arrays.copyOf(WireClient.header(payload.length, sequence), 4 + payload.length);
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    private static void assertError(int code, String state, byte[] reply) {
        String d = WireClient.describe(reply);
        assertTrue(d.startsWith(code + " (" + state + "): "), d);
    }

    /** @return every packet of a reply up to its end (OK, ERR, or a result's 0xFE end) */
    private static byte[] lastOfReply(WireClient c, byte[] first) throws IOException {
        byte[] p = first;
        while (p[0] != 0 && (p[0] & 0xFF) != 0xFF && (p[0] & 0xFF) != 0xFE) {
            p = c.read();
        }
        return p;
    }

    private static boolean alive(WireClient c) throws IOException {
        return c.command(new byte[] {0x0e})[0] == 0;
    }

    // ------------------------------------------------------------------ item 4: odd clients release everything

    /**
     * 40 clients one after the other, through a front end that serves 20 at once: each runs a
     * statement (so it holds a server session), asks to prepare an empty text, and vanishes. Each
     * must find a free slot, and at the end nothing is left of any of them.
     */
    @Test
    void clientsThatQuitOddlyLeaveNothingBehind() throws Exception {
        FrontendCensus before;
        FrontendCensus after;
        try (FrontendServer limited = start(Map.of(FrontendOption.MAX_CONNECTIONS, "20"))) {
            before = FrontendCensus.take(fe, limited);
            for (int i = 0; i < 40; i++) {
                try (WireClient c = login(limited.address())) {
                    assertEquals(0, lastOfReply(c, c.command(text(0x03, "SELECT 1")))[0] & 0x01, "client " + i);
                    if (i == 0) {
                        FrontendCensus during = FrontendCensus.take(fe, limited);
                        assertTrue(during.serverSessions() > before.serverSessions() && during.clients() > before.clients()
                                && during.processes() > before.processes(), "the census sees a client: " + during);
                    }
                    assertError(1065, "42000", c.command(text(0x16, "")));
                    assertError(1065, "42000", c.command(text(0x16, "  \n")));
                    assertError(1065, "42000", c.command(text(0x03, "")));
                    assertTrue(alive(c), "an empty text is an error, not the end of the client");
                    if (i % 2 == 0) {
                        c.writeRaw(WireClient.header(100, 0)); // and vanish inside a packet
                    }
                }
            }
            after = FrontendCensus.awaitBack(before, fe, limited);
        }
        int threads = FrontendCensus.awaitThreadsBack(before);
        System.out.println("odd clients: before " + before + ", after " + after + ", threads " + threads);
    }

    // ------------------------------------------------------------------ item 5: bounded memory

    @Test
    void headersAnnouncingSixteenMegabytesHoldNoMemory() throws Exception {
        InetSocketAddress at = fe.server().address();
        int[] headerOnly = {0xFF, 0xFF, 0xFF, 0};
        byte[] announce = new byte[14];
        for (int i = 0; i < 4; i++) {
            announce[i] = (byte) headerOnly[i];
        }
        for (int i = 0; i < 20; i++) { // before login: a handshake response is at most 64 KiB
            try (WireClient c = WireClient.connect(at, TIMEOUT)) {
                announce[3] = 1;
                c.writeRaw(announce);
                assertError(1153, "08S01", c.read());
                assertTrue(c.closedByServer());
            }
        }
        long base = usedHeapAfterGc();
        List<WireClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // logged in: buffers grow as bytes arrive, not as announced
                WireClient c = login(at);
                held.add(c);
                announce[3] = 0;
                c.writeRaw(announce);
            }
            Thread.sleep(300);
            long heldBytes = usedHeapAfterGc() - base;
            System.out.println("20 logged-in clients announcing 16 MB each hold " + heldBytes / 1024 + " KB of heap");
            assertTrue(heldBytes < 40L << 20, heldBytes + " bytes held");
        } finally {
            for (WireClient c : held) {
                c.close();
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    // ------------------------------------------------------------------ item 7: login name, slowloris

    @Test
    void anOversizedLoginNameIsRefusedWithoutNamingAnyServer() throws Exception {
        String[] names = {"u".repeat(65_536), "u".repeat(60_000) + "@test", "u".repeat(300)};
        for (String name : names) {
            try (WireClient c = WireClient.connect(fe.server().address(), TIMEOUT)) {
                byte[] reply = c.login(name, "x");
                String d = WireClient.describe(reply);
                assertTrue(d.startsWith("1153 (08S01)") || d.startsWith("1045 (28000): Access denied for user '"),
                        name.length() + " characters: " + d);
                for (var node : fe.cluster().nodes()) {
                    assertFalse(d.contains(fe.cluster().mysqlUrl(node).replaceAll(".*//([^/]*)/.*", "$1")), d);
                }
                assertFalse(d.contains("tried"), d);
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void aCommandTricklingInIsClosedAfterTheNetReadTimeout() throws Exception {
        try (FrontendServer fast = start(Map.of(FrontendOption.NET_READ_TIMEOUT, Integer.toString(NET_READ_TIMEOUT)));
             WireClient c = login(fast.address())) {
            byte[] ping = frame(new byte[] {0x0e}, 0);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(NET_READ_TIMEOUT + 300); // idle between commands is not trickling
                c.writeRaw(ping);
                assertEquals(0, c.read()[0]);
            }
            long t0 = System.nanoTime();
            byte[] query = frame(text(0x03, "SELECT 1"), 0);
            byte[] reply = null;
            try {
                for (byte b : query) {
                    c.writeRaw(new byte[] {b});
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                // closed while trickling
            }
            reply = c.read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertError(1159, "08S01", reply);
            assertTrue(millis < NET_READ_TIMEOUT + 2_000, "closed after " + millis + " ms");
            assertTrue(c.closedByServer());
        }
    }

    // ------------------------------------------------------------------ the fuzzing run

    /** One hostile input on a logged-in connection (or, with {@code beforeLogin}, in place of a login). */
    private record Case(String name, boolean beforeLogin, byte[] setup, byte[] wire, Expect expect) {
    }

    /** What must come back. */
    private record Expect(int code, Boolean aliveAfter, boolean mayCloseSilently) {
        static final Expect ANY_REPLY = new Expect(0, null, false);

        static Expect error(int code, boolean aliveAfter) {
            return new Expect(code, aliveAfter, false);
        }
    }

    private static final String PREPARE = "SELECT ?, ?";

    private static byte[] execute(long id, byte[] params) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x17);
        for (int i = 0; i < 4; i++) {
            b.write((int) (id >>> (8 * i)) & 0xFF);
        }
        b.write(0);
        b.writeBytes(new byte[] {1, 0, 0, 0});
        b.writeBytes(params);
        return b.toByteArray();
    }

    /** Two parameters, both of {@code type}, with these values (length-encoded, each under 251 bytes). */
    private static byte[] params(int type, String first, String second) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0); // no NULLs
        b.write(1); // types follow
        b.writeBytes(new byte[] {(byte) type, 0, (byte) type, 0});
        for (String v : new String[] {first, second}) {
            byte[] bytes = v.getBytes(StandardCharsets.US_ASCII);
            b.write(bytes.length);
            b.writeBytes(bytes);
        }
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static List<Case> cases(Random random) {
        List<Case> cases = new ArrayList<>();
        byte[] prepare = frame(text(0x16, PREPARE), 0);
        for (int code = 0; code <= 0xFF; code++) { // every command byte, with a few random bytes
            byte[] body = new byte[random.nextInt(13)];
            random.nextBytes(body);
            Expect e = code == 0x01 ? new Expect(0, false, true)
                    : KNOWN.contains(code) ? Expect.ANY_REPLY : Expect.error(1047, true);
            cases.add(new Case(String.format("command 0x%02X %s", code, Arrays.toString(body)), false, null,
                    frame(command(code, body), random.nextInt(256)), e));
        }
        for (String[] v : new String[][] {{"abc", "1"}, {"", "1"}, {"----------", "1"}, {"1", "1E2147483648"}}) {
            cases.add(new Case("DECIMAL " + Arrays.toString(v), false, prepare, frame(execute(1, params(0xF6, v[0], v[1])), 0),
                    Expect.error(1366, true)));
        }
        cases.add(new Case("DECIMAL 1E2147483647", false, prepare, frame(execute(1, params(0xF6, "1E2147483647", "2")), 0),
                Expect.error(1264, true)));
        byte[] twoTypes = {0, 1, (byte) 0xFD, 0, (byte) 0xFD, 0};
        cases.add(new Case("length fe ff...ff", false, prepare, frame(execute(1, concat(twoTypes,
                new byte[] {(byte) 0xFE, -1, -1, -1, -1, -1, -1, -1, -1})), 0), Expect.error(1210, true)));
        cases.add(new Case("length fe ff...7f", false, prepare, frame(execute(1, concat(twoTypes,
                new byte[] {(byte) 0xFE, -1, -1, -1, -1, -1, -1, -1, 0x7F})), 0), Expect.error(1210, true)));
        cases.add(new Case("too few parameters", false, prepare, frame(execute(1, new byte[0]), 0),
                Expect.error(1210, true)));
        cases.add(new Case("values missing", false, prepare, frame(execute(1, twoTypes), 0), Expect.error(1210, true)));
        cases.add(new Case("unknown statement id", false, prepare, frame(execute(999, new byte[0]), 0),
                Expect.error(1243, true)));
        for (int i = 0; i < 16; i++) { // parameter types and values at random
            byte[] p = new byte[2 + random.nextInt(20)];
            random.nextBytes(p);
            p[0] = 0;
            p[1] = 1;
            cases.add(new Case("parameters " + Arrays.toString(p), false, prepare, frame(execute(1, p), 0), Expect.ANY_REPLY));
        }
        for (int i = 0; i < 12; i++) { // CHANGE_USER garbage
            byte[] body = new byte[random.nextInt(40)];
            random.nextBytes(body);
            cases.add(new Case("change user " + Arrays.toString(body), false, null, frame(command(0x11, body), 0),
                    Expect.ANY_REPLY));
        }
        cases.add(new Case("change user, long name", false, null,
                frame(text(0x11, "u".repeat(70_000) + "\0\0"), 0), Expect.error(1045, false)));
        for (int i = 0; i < 8; i++) { // truncated: a header announcing more than comes
            byte[] body = new byte[1 + random.nextInt(30)];
            random.nextBytes(body);
            byte[] wire = Arrays.copyOf(WireClient.header(body.length + 1 + random.nextInt(100), 0), 4 + body.length);
            System.arraycopy(body, 0, wire, 4, body.length);
            cases.add(new Case("truncated " + Arrays.toString(body), false, null, wire, Expect.error(1159, false)));
        }
        cases.add(new Case("empty packet", false, null, frame(new byte[0], 0), Expect.error(1835, false)));
        cases.add(new Case("oversized", false, null, WireClient.header(MAX_PACKET + 1, 0), Expect.error(1153, false)));
        cases.add(new Case("oversized, 16 MB", false, null, WireClient.header(0xFFFFFF, 0), Expect.error(1153, false)));
        for (int i = 0; i < 16; i++) { // in place of a handshake response
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            cases.add(new Case("handshake response " + Arrays.toString(body), true, null, frame(body, 1),
                    Expect.ANY_REPLY));
        }
        cases.add(new Case("handshake, 16 MB", true, null, WireClient.header(0xFFFFFF, 1), Expect.error(1153, false)));
        return cases;
    }

    /** @return null when the case got what it must, else what went wrong */
    private static String run(InetSocketAddress at, String user, String password, Case k) {
        try (WireClient c = k.beforeLogin() ? WireClient.connect(at, CASE_TIMEOUT)
                : WireClient.login(at, user, password, CASE_TIMEOUT)) {
            if (k.setup() != null) {
                c.writeRaw(k.setup());
                byte[] ok = c.read();
                if (ok[0] != 0) {
                    return "setup failed: " + WireClient.describe(ok);
                }
                for (int i = 0; i < 4; i++) { // 2 parameter and 2 column definitions, no EOFs (DEPRECATE_EOF)
                    c.read();
                }
            }
            c.writeRaw(k.wire());
            byte[] reply;
            try {
                reply = c.read();
            } catch (EOFException e) {
                return k.expect().mayCloseSilently() ? null : "closed without a reply";
            } catch (SocketTimeoutException e) {
                if (k.expect().code() == 0 && !k.beforeLogin() && alive(c)) {
                    return null; // a command without a reply (COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA)
                }
                return "no reply within " + CASE_TIMEOUT + " ms";
            }
            String d = WireClient.describe(reply);
            if (d.startsWith("1105 ")) {
                return "an internal error: " + d;
            }
            if (k.expect().code() != 0 && !d.startsWith(k.expect().code() + " (")) {
                return "expected error " + k.expect().code() + ", got " + d;
            }
            if (Boolean.TRUE.equals(k.expect().aliveAfter()) && !alive(c)) {
                return "the connection did not go on after " + d;
            }
            if (Boolean.FALSE.equals(k.expect().aliveAfter()) && !c.closedByServer()) {
                return "the connection stayed open after " + d;
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * The fuzzing run: ~330 seeded cases on connections of their own, eight at a time, then 2,000
     * connections opened and dropped; every case answered, nothing left behind.
     */
    @Test
    void aFuzzingRunIsAnsweredAndLeavesNothingBehind() throws Exception {
        FrontendCensus before;
        FrontendCensus after;
        List<Case> cases = cases(new Random(20261206));
        try (FrontendServer fuzzed = start(Map.of(FrontendOption.NET_READ_TIMEOUT, Integer.toString(NET_READ_TIMEOUT),
                FrontendOption.MAX_PACKET, Integer.toString(MAX_PACKET)))) {
            InetSocketAddress at = fuzzed.address();
            before = FrontendCensus.take(fe, fuzzed);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Case k : cases) {
                    done.add(pool.submit(() -> {
                        String failure = run(at, fe.user(), fe.password(), k);
                        if (failure != null) {
                            failures.add(k.name() + ": " + failure);
                        }
                    }));
                }
                AtomicInteger dropped = new AtomicInteger();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                                if (i % 2 == 0) {
                                    s.getInputStream().read(); // the greeting's first byte, then gone
                                }
                                dropped.incrementAndGet();
                            } catch (IOException e) {
                                failures.add("connection " + i + ": " + e);
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                assertEquals(2_000, dropped.get());
            } finally {
                pool.shutdownNow();
            }
            assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases failed:\n"
                    + String.join("\n", failures));
            try (WireClient c = login(at)) {
                assertTrue(alive(c), "the front end serves as before");
            }
            after = FrontendCensus.awaitBack(before, fe, fuzzed);
        }
        int threads = FrontendCensus.awaitThreadsBack(before);
        System.out.println("fuzzing: " + cases.size() + " cases and 2000 dropped connections; before " + before
                + ", after " + after + ", threads " + threads);
    }
}
