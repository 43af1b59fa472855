package io.obproxy.frontend;

import io.obproxy.session.ConnectorJ.RequestedFiles;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of LOAD DATA LOCAL INFILE for one command: the stream a server's requests for a
 * file are answered from ({@code PreClassified.executeWithLocalFiles}). Each request is told its file's
 * name as the server's request has it ({@link #requested}); at the first read after it the client gets
 * the LOCAL INFILE request (0xFB and that name, in the client's character set), then its packets are
 * read, each one's bytes in turn, up to the empty packet that ends the file. In a text whose LOAD DATA
 * follows other statements the request comes while the next result is asked for: the previous
 * result's end is written before it ({@link BeforeRequest}). A client whose file is
 * missing or refused sends the empty packet at once: the server gets an empty file, as from that
 * client directly, and answers as it would. Connector/J closes the stream after each file, which
 * readies it for the next request of the same text; {@link #end} closes it for good when the command
 * is answered.
 *
 * <p>Nothing here reads a file: the bytes are the client's. A request with no name, or after
 * {@link #end} (the connection keeps the stream until the next one is lent: a later request there is
 * none of this command's), gets an empty file without asking the client. When the client fails (goes
 * away, sends a packet over its limit) the read throws; the driver then aborts the server connection
 * mid-file, so the server drops the statement, and {@link #clientFailure} tells the caller that the
 * client is done. While it waits for the client's next packet the client has a deadline, as while a
 * command arrives ({@link Waiting}: the net read timeout), so a client that stops mid-file is closed.
 */
final class ClientFileRelay extends InputStream implements RequestedFiles {
    private static final Logger log = LoggerFactory.getLogger(ClientFileRelay.class);
    private static final byte[] NONE = new byte[0];

    /** Told when the relay starts and stops waiting for the client's next packet (the client's deadline). */
    @FunctionalInterface
    interface Waiting {
        void waiting(boolean forClient);
    }

    /** Writes what must reach the client before a request: the end of the text's result before it. */
    @FunctionalInterface
    interface BeforeRequest {
        void write() throws IOException;
    }

    private final PacketIO io;
    private final Waiting wait;
    private final BeforeRequest before;
    private final ClientCharset charset;
    /** The name of the file the server asked for last, not yet asked of the client; null when none. */
    private String requested;
    /** The client's packet being read; null while no request is open. */
    private byte[] packet;
    private int at;
    /** The file's end came (the client's empty packet, or a request refused here): -1 until closed. */
    private boolean ended;
    /** The command is answered: every later request gets an empty file. */
    private boolean over;
    private IOException failure;

    /** @param charset what the client reads the file's name in */
    ClientFileRelay(PacketIO io, Waiting wait, BeforeRequest before, ClientCharset charset) {
        this.io = io;
        this.wait = wait;
        this.before = before;
        this.charset = charset;
    }

    @Override
    public void requested(String fileName) {
        requested = fileName;
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
                wait.waiting(true);
                packet = io.read();
                wait.waiting(false);
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

    /** Sends the client the request for the file the server asked for. @return false when it is not the client's to answer */
    private boolean ask() throws IOException {
        String name = requested;
        requested = null;
        if (over || name == null) {
            log.warn("a server asked for a local file outside the client's LOAD DATA LOCAL INFILE: it gets an empty file");
            return false;
        }
        before.write();
        io.write(new PayloadWriter().int1(0xFB).bytes(name.getBytes(charset.javaCharset())));
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

    /** The command is answered: no later request asks the client. */
    void end() {
        over = true;
    }

    /** @return how the client failed while its file was read, or null when it did not */
    IOException clientFailure() {
        return failure;
    }
}
