package io.obproxy.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Watches the client-to-server bytes of one MySQL connection and tells when a DDL statement is
 * sent: a command packet (sequence id 0, after the login) holding {@code COM_QUERY} whose text
 * starts, after spaces and comments, with CREATE, ALTER, DROP, RENAME, TRUNCATE, GRANT or REVOKE.
 *
 * <p>A state machine over the packet framing (3-byte little-endian length, 1-byte sequence id,
 * payload), fed with whatever chunks the socket gives. A connection that switches to TLS (its
 * first packet is the 32-byte SSL request) or that the sniffer cannot frame is no longer watched.
 * DDL through server-side prepared statements is not seen. Not thread-safe: one pump feeds it.
 */
final class DdlSniffer {
    private static final int COM_QUERY = 0x03;
    private static final int SSL_REQUEST_LENGTH = 32;
    /** Enough of a statement to skip a comment or two and read its first word. */
    private static final int PREFIX = 256;
    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE");

    private enum State { HEADER, PAYLOAD, BLIND }

    private State state = State.HEADER;
    private final byte[] header = new byte[4];
    private int headerFilled;
    private int payloadLeft;
    private boolean command;
    private final byte[] prefix = new byte[PREFIX];
    private int prefixFilled;
    private boolean firstPacket = true;

    /** @return true when a DDL statement's packet ends in (or before) this chunk */
    boolean feed(byte[] bytes, int offset, int length) {
        boolean ddl = false;
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.BLIND) {
            if (state == State.HEADER) {
                header[headerFilled++] = bytes[i++];
                if (headerFilled == 4) {
                    startPayload();
                }
            } else {
                int take = Math.min(payloadLeft, end - i);
                if (command) {
                    int keep = Math.min(take, PREFIX - prefixFilled);
                    System.arraycopy(bytes, i, prefix, prefixFilled, keep);
                    prefixFilled += keep;
                }
                i += take;
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    ddl |= command && isDdl();
                    state = State.HEADER;
                }
            }
        }
        return ddl;
    }

    private void startPayload() {
        headerFilled = 0;
        payloadLeft = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        int sequence = header[3] & 0xff;
        if (firstPacket && payloadLeft == SSL_REQUEST_LENGTH) {
            state = State.BLIND; // TLS follows: the bytes are no longer packets
            return;
        }
        firstPacket = false;
        command = sequence == 0;
        prefixFilled = 0;
        state = State.PAYLOAD;
        if (payloadLeft == 0) {
            state = State.HEADER;
        }
    }

    private boolean isDdl() {
        if (prefixFilled == 0 || prefix[0] != COM_QUERY) {
            return false;
        }
        String text = new String(prefix, 1, prefixFilled - 1, StandardCharsets.UTF_8);
        int at = skipSpacesAndComments(text);
        int word = at;
        while (word < text.length() && Character.isLetter(text.charAt(word))) {
            word++;
        }
        return DDL.contains(text.substring(at, word).toUpperCase(Locale.ROOT));
    }

    private static int skipSpacesAndComments(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? text.length() : close + 2;
            } else if (c == '#' || text.startsWith("-- ", i)) {
                int newline = text.indexOf('\n', i);
                i = newline < 0 ? text.length() : newline + 1;
            } else {
                break;
            }
        }
        return i;
    }
}
