package io.obproxy.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of LOAD DATA LOCAL INFILE: the stream a server's requests for a file are
 * answered from ({@code PreClassified.executeWithLocalFiles}). At the first read after a request the
 * client gets the LOCAL INFILE request (0xFB and the file's name as its statement wrote it: what a
 * server asks for is the name it read there), then its packets are read, each one's bytes in turn, up
 * to the empty packet that ends the file. A client whose file is missing or refused sends the empty
 * packet at once: the server gets an empty file, as from that client directly, and answers as it
 * would. The files of a text with several LOAD DATA LOCAL statements are asked for in order;
 * Connector/J closes the stream after each file, which readies it for the next request.
 *
 * <p>Nothing here reads a file: the bytes are the client's. A request beyond the text's statements
 * (none the client made) gets an empty file without asking the client. When the client fails (goes
 * away, sends a packet over its limit) the read throws; the driver then aborts the server connection
 * mid-file, so the server drops the statement, and {@link #clientFailure} tells the caller that the
 * client is done.
 */
final class ClientFileRelay extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(ClientFileRelay.class);
    private static final byte[] NONE = new byte[0];

    private final PacketIO io;
    private final List<byte[]> names;
    /** Requests the client was asked for so far. */
    private int asked;
    /** The client's packet being read; null while no request is open. */
    private byte[] packet;
    private int at;
    /** The file's end came (the client's empty packet, or a request refused here): -1 until closed. */
    private boolean ended;
    private IOException failure;

    /**
     * @param names the files of the text's LOAD DATA LOCAL statements, in order, each as the client
     *              encodes it ({@link #fileName} of the literal)
     */
    ClientFileRelay(PacketIO io, List<byte[]> names) {
        this.io = io;
        this.names = names;
    }

    /**
     * @return the names of {@code literals} (as {@code SqlInfo.localFiles} has them) in the client's
     * character set
     */
    static List<byte[]> names(List<String> literals, boolean noBackslashEscapes, ClientCharset charset) {
        List<byte[]> names = new ArrayList<>(literals.size());
        for (String literal : literals) {
            names.add(fileName(literal, noBackslashEscapes).getBytes(charset.javaCharset()));
        }
        return names;
    }

    /**
     * @return the value of a quoted string literal as a server reads it: a doubled quote is one, and
     * unless the SQL mode has NO_BACKSLASH_ESCAPES, {@code \0 \b \n \r \t \Z} are control characters,
     * {@code \%} and {@code \_} stay as written, and a backslash before any other character is dropped
     */
    static String fileName(String literal, boolean noBackslashEscapes) {
        char quote = literal.charAt(0);
        StringBuilder sb = new StringBuilder(literal.length());
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == quote) {
                i++; // the second of a doubled quote
            } else if (c == '\\' && !noBackslashEscapes && i + 1 < literal.length() - 1) {
                char e = literal.charAt(++i);
                switch (e) {
                    case '0' -> c = '\0';
                    case 'b' -> c = '\b';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'Z' -> c = '\u001A';
                    case '%', '_' -> sb.append('\\');
                    default -> { }
                }
                if (c == '\\') {
                    c = e;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (packet == null && !ask()) {
                ended = true;
                return -1;
            }
            while (at == packet.length) {
                packet = io.read();
                at = 0;
                if (packet.length == 0) {
                    ended = true;
                    return -1;
                }
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        int n = Math.min(len, packet.length - at);
        System.arraycopy(packet, at, b, off, n);
        at += n;
        return n;
    }

    /** Sends the client the request for its next file. @return false when the text names no further file */
    private boolean ask() throws IOException {
        if (asked == names.size()) {
            log.warn("a server asked for local file #{} of a text with {}: it gets an empty file", asked + 1,
                    names.size());
            return false;
        }
        io.write(new PayloadWriter().int1(0xFB).bytes(names.get(asked++)));
        io.flush();
        packet = NONE;
        at = 0;
        return true;
    }

    /** The end of one file (Connector/J closes the stream after each): the next read is a new request. */
    @Override
    public void close() {
        if (ended) {
            ended = false;
            packet = null;
        }
    }

    /** @return how the client failed while its file was read, or null when it did not */
    IOException clientFailure() {
        return failure;
    }
}
