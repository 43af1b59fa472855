package io.obproxy.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The client's side of a physical connection that may ask for MariaDB's extended type information:
 * the handshake response (the first packet written) gets the capability when the server offered it,
 * and every later command's first byte is told to {@link ExtendedMetadataInput}, which then knows
 * what the reply holds. Bytes are written as they come, never held, except the handshake response
 * until it is whole.
 *
 * <p>The capability is asked for only when the rest of the connection can be read as plain packets:
 * not over TLS (the response is then an SSL request, and what follows is encrypted below this
 * stream), not compressed, and not from a client that said it is a MySQL one (CLIENT_MYSQL, which
 * makes a MariaDB server ignore the extended capabilities). Otherwise nothing changes and the
 * input stops watching.
 */
final class ExtendedMetadataOutput extends OutputStream {
    private static final int CLIENT_MYSQL = 1;
    private static final int CLIENT_COMPRESS = 1 << 5;
    private static final int CLIENT_SSL = 1 << 11;
    private static final int CLIENT_DEPRECATE_EOF = 1 << 24;
    /** Capabilities (4), max packet (4), character set (1), then 19 reserved bytes before the extended capabilities. */
    private static final int EXTENDED_CAPABILITIES_AT = 28;

    private final OutputStream out;
    private final ExtendedMetadataInput input;
    /** The handshake response, until it is whole; null after it was written. */
    private byte[] response = new byte[0];
    private boolean watching = true;
    private final byte[] header = new byte[4];
    private int headerFilled;
    /** Payload bytes of the current packet still to come. */
    private int payloadLeft;
    private boolean payloadStart;
    private boolean negotiated;

    ExtendedMetadataOutput(OutputStream out, ExtendedMetadataInput input) {
        this.out = out;
        this.input = input;
    }

    /** @return whether the handshake asked for extended type information of a server that offered it */
    boolean negotiated() {
        return negotiated;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (response != null) {
            handshake(b, off, len);
        } else {
            if (watching) {
                watch(b, off, len);
            }
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * A command packet (sequence 0) was written whole to the socket below this stream, past it: the
     * input is told of it as of one written here.
     */
    void commandWrittenBelow(int command) {
        if (response == null && watching) {
            input.commandSent(command);
        }
    }

    /** Collects the first packet; once whole, asks for the capability in it (or not) and writes it. */
    private void handshake(byte[] b, int off, int len) throws IOException {
        int had = response.length;
        response = Arrays.copyOf(response, had + len);
        System.arraycopy(b, off, response, had, len);
        if (response.length < 4) {
            return;
        }
        int length = (response[0] & 0xFF) | (response[1] & 0xFF) << 8 | (response[2] & 0xFF) << 16;
        if (response.length < 4 + length) {
            return;
        }
        byte[] whole = response;
        response = null;
        int capabilities = length >= 4 ? int4(whole, 4) : 0;
        boolean plain = (capabilities & (CLIENT_MYSQL | CLIENT_COMPRESS | CLIENT_SSL)) == 0;
        if (input.serverOffers() && plain && length > EXTENDED_CAPABILITIES_AT + 4) {
            whole[4 + EXTENDED_CAPABILITIES_AT] |= (byte) ExtendedMetadataInput.EXTENDED_METADATA;
            negotiated = true;
            input.negotiated((capabilities & CLIENT_DEPRECATE_EOF) != 0);
        } else {
            watching = false;
            input.stopWatching();
        }
        out.write(whole, 0, 4 + length);
        if (whole.length > 4 + length) {
            write(whole, 4 + length, whole.length - 4 - length); // bytes past the response (none from Connector/J)
        }
    }

    /** Follows packet boundaries in what is written: a packet with sequence id 0 starts a command. */
    private void watch(byte[] b, int off, int len) {
        int at = off;
        int limit = off + len;
        while (at < limit) {
            if (headerFilled < 4) {
                header[headerFilled++] = b[at++];
                if (headerFilled == 4) {
                    payloadLeft = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
                    payloadStart = header[3] == 0;
                    if (payloadLeft == 0) {
                        headerFilled = 0;
                    }
                }
                continue;
            }
            if (payloadStart) {
                input.commandSent(b[at] & 0xFF);
                payloadStart = false;
            }
            int n = Math.min(payloadLeft, limit - at);
            at += n;
            payloadLeft -= n;
            if (payloadLeft == 0) {
                headerFilled = 0;
            }
        }
    }

    private static int int4(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
