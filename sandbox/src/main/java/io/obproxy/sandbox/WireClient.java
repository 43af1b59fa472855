package io.obproxy.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A bare MySQL-protocol client for tests and benchmarks of the front end: it logs in with
 * {@code mysql_native_password} (a login of the front end's users file) and then sends whatever
 * packets it is given, well-formed or not, and reads the raw replies. Nothing else: no TLS, no
 * result parsing, so that one costs a few kilobytes and tests can send what real clients never do.
 */
public final class WireClient implements AutoCloseable {
    /** Capabilities sent: PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH, DEPRECATE_EOF, MULTI_RESULTS, TRANSACTIONS. */
    private static final int CAPABILITIES = 1 << 9 | 1 << 15 | 1 << 19 | 1 << 24 | 1 << 17 | 1 << 13 | 1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int sequence;
    private long connectionId;
    private byte[] greeting;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting, without logging in. */
    public static WireClient connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.setTcpNoDelay(true);
            WireClient c = new WireClient(s);
            c.greeting = c.read();
            if ((c.greeting[0] & 0xFF) == 0x0A) {
                int nul = indexOf(c.greeting, 1);
                c.connectionId = le(c.greeting, nul + 1, 4);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Connects and logs in; the reply (OK or ERR) is returned by {@link #login}. */
    public static WireClient login(InetSocketAddress address, String user, String password, int timeoutMillis)
            throws IOException {
        return login(address, user, password, timeoutMillis, 0);
    }

    /**
     * As {@link #login(InetSocketAddress, String, String, int)}, asking for more capabilities than the
     * usual ones (for example CLIENT_SESSION_TRACK, {@code 1 << 23}).
     */
    public static WireClient login(InetSocketAddress address, String user, String password, int timeoutMillis,
                                   int moreCapabilities) throws IOException {
        WireClient c = connect(address, timeoutMillis);
        byte[] reply = c.login(user, password, moreCapabilities);
        if (reply[0] != 0) {
            c.close();
            throw new IOException("login refused: " + describe(reply));
        }
        return c;
    }

    /** @return the first packet the server sent: a greeting (0x0A) or an error (0xFF) */
    public byte[] greeting() {
        return greeting.clone();
    }

    /** @return the connection id of the greeting */
    public long connectionId() {
        return connectionId;
    }

    /** Sends the handshake response for {@code user} and returns the server's answer (after a plugin switch, if any). */
    public byte[] login(String user, String password) throws IOException {
        return login(user, password, 0);
    }

    /** As {@link #login(String, String)}, asking for {@code moreCapabilities} too. */
    public byte[] login(String user, String password, int moreCapabilities) throws IOException {
        return login(user, password, moreCapabilities, 0);
    }

    /**
     * As {@link #login(String, String, int)}; with {@code mariadbCapabilities} (MariaDB's extended
     * capabilities, bits 32 and up shifted down) not 0, as a MariaDB client: CLIENT_MYSQL (bit 0)
     * clear, and those capabilities in the last 4 of the 23 reserved bytes.
     */
    public byte[] login(String user, String password, int moreCapabilities, int mariadbCapabilities) throws IOException {
        byte[] scramble = scramble();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        int capabilities = CAPABILITIES | moreCapabilities;
        writeLe(r, mariadbCapabilities == 0 ? capabilities : capabilities & ~1, 4);
        writeLe(r, 1 << 24, 4);
        r.write(45); // utf8mb4_general_ci
        r.write(new byte[19], 0, 19);
        writeLe(r, mariadbCapabilities, 4);
        r.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        r.write(0);
        byte[] proof = nativeProof(password, scramble);
        r.write(proof.length);
        r.writeBytes(proof);
        r.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        r.write(0);
        write(r.toByteArray());
        byte[] reply = read();
        if ((reply[0] & 0xFF) == 0xFE && reply.length > 1) { // switch: to native, with a new scramble
            int nul = indexOf(reply, 1);
            byte[] fresh = Arrays.copyOfRange(reply, nul + 1, nul + 21);
            write(nativeProof(password, fresh));
            reply = read();
        }
        return reply;
    }

    /** Sends one command packet (sequence 0) and returns the first reply packet. */
    public byte[] command(byte[] payload) throws IOException {
        sequence = 0;
        write(payload);
        return read();
    }

    /** Sends one command packet (sequence 0) that has no reply (COM_STMT_SEND_LONG_DATA, COM_STMT_CLOSE). */
    public void commandWithoutReply(byte[] payload) throws IOException {
        sequence = 0;
        write(payload);
    }

    /** Sends one packet with the next sequence number (no reply read). */
    public void write(byte[] payload) throws IOException {
        writeRaw(header(payload.length, sequence++));
        writeRaw(payload);
        out.flush();
    }

    /** Writes bytes as they are: a header announcing more than follows, half a packet, anything. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** @return the next packet's payload; end of stream is an {@link EOFException} */
    public byte[] read() throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new EOFException("connection closed by the server");
        }
        int length = (int) le(header, 0, 3);
        sequence = (header[3] & 0xFF) + 1;
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a packet");
        }
        return payload;
    }

    /** @return true when the server closed the connection (reads end) within the socket timeout */
    public boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // drain whatever came before the close
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return an ERR packet as {@code code (state): message}, anything else as its first byte */
    public static String describe(byte[] packet) {
        if (packet.length >= 9 && (packet[0] & 0xFF) == 0xFF) {
            return le(packet, 1, 2) + " (" + new String(packet, 4, 5, StandardCharsets.US_ASCII) + "): "
                    + new String(packet, 9, packet.length - 9, StandardCharsets.UTF_8);
        }
        return packet.length == 0 ? "(empty)" : String.format("packet 0x%02X, %d bytes", packet[0] & 0xFF, packet.length);
    }

    /** @return a 4-byte header for a payload of {@code length} bytes */
    public static byte[] header(int length, int sequence) {
        return new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) sequence};
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private byte[] scramble() {
        int nul = indexOf(greeting, 1);
        int at = nul + 1 + 4;
        byte[] s = new byte[20];
        System.arraycopy(greeting, at, s, 0, 8);
        at += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
        System.arraycopy(greeting, at, s, 8, 12);
        return s;
    }

    private static byte[] nativeProof(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(scramble);
            byte[] mix = sha1.digest(stage2);
            for (int i = 0; i < mix.length; i++) {
                mix[i] ^= stage1[i];
            }
            return mix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static void writeLe(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
