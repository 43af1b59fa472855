package io.obproxy.frontend;

import io.obproxy.frontend.PacketIO.PacketTooLargeException;
import io.obproxy.frontend.PayloadReader.MalformedPacketException;
import io.obproxy.process.ProcessEntry;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the front end, on its own thread, blocking, from its socket's accept to its close:
 * the login ({@link ClientLogin}), then one command at a time ({@link Commands}) until the client
 * quits, is idle too long, sends what is not a packet, is killed, or the front end stops. This
 * class owns the client's lifetime only: its deadlines, the error it is told when it ends badly,
 * and the release of what it held.
 *
 * <p>Hostile input: before login a packet may be at most {@link Handshake#MAX_LOGIN_PACKET} bytes;
 * once the first byte of a command arrived the rest must follow within the net read timeout (the
 * sweeper closes a client that trickles), and so must each packet of a file a LOAD DATA LOCAL reads; whatever fails, the client gets an error packet before
 * the close, and {@link #close} releases everything it held, each part whatever the others did.
 */
final class ClientConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Socket socket;
    private final FrontendServer server;
    private final ProcessEntry process;
    private final PacketIO io;
    /** How log lines name this client ({@link #who(ProcessEntry, Socket)}). */
    private final String who;
    private final Cleanup cleanup;
    /** The connection phase, made on the client's thread (its scramble is not the acceptor's work). */
    private ClientLogin login;
    /** The logged-in client's session; null before login and for a client that was refused. */
    private ClientSession session;
    private volatile boolean closing;
    private volatile boolean killed;
    /** When the sweeper closes this client (System.nanoTime), or NO_DEADLINE while a command runs. */
    private volatile long deadline = NO_DEADLINE;
    /** What the client is late for when {@link #deadline} passes. */
    private volatile Awaited awaited = Awaited.LOGIN;
    /** Set by the sweeper: the client took too long, it is told so ({@link Awaited}) before the close. */
    private volatile boolean expired;
    /** True while the client's thread waits for the next command (not for a packet inside one). */
    private volatile boolean awaitingCommand;

    ClientConnection(Socket socket, FrontendServer server) throws IOException {
        this.socket = socket;
        this.server = server;
        this.process = server.processes().reserve(socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
        process.onKilled(this::killed);
        this.io = new PacketIO(socket.getInputStream(), socket.getOutputStream(),
                Math.min(Handshake.MAX_LOGIN_PACKET, server.settings().maxPacketBytes()));
        io.countBytes(server.metrics());
        io.onPacketStart(this::packetStarted);
        this.who = who(process, socket);
        this.cleanup = new Cleanup(who);
    }

    /** @return how log lines name a client: its connection id (as SHOW PROCESSLIST shows it) and address */
    static String who(ProcessEntry process, Socket socket) {
        return process.id() + " (" + socket.getRemoteSocketAddress() + ")";
    }

    /** What a client may take too long to send, and MySQL's error that tells it so before the close. */
    private enum Awaited {
        LOGIN(1043, "08S01", "Bad handshake: no login within the handshake timeout"),
        COMMAND(4031, "HY000", "The client was disconnected by the server because of inactivity. See wait_timeout"
                + " and interactive_timeout for configuring this behavior."),
        REST_OF_COMMAND(1159, "08S01", "Got timeout reading communication packets");

        final int code;
        final String sqlState;
        final String message;

        Awaited(int code, String sqlState, String message) {
            this.code = code;
            this.sqlState = sqlState;
            this.message = message;
        }
    }

    /**
     * Sets when the front end closes this client unless it sends something: the end of its login
     * time, of its idle time (0: never), or of the time to send the rest of a command. No socket
     * timeout does this: the JDK would keep the socket non-blocking for good, two more system calls
     * for every read.
     */
    private void waitAtMost(long millis, Awaited what) {
        awaited = what;
        deadline = millis <= 0 ? NO_DEADLINE : System.nanoTime() + millis * 1_000_000;
    }

    /** A logged-in client's command started to arrive: all of it must be here within the net read timeout. */
    private void packetStarted() {
        if (awaitingCommand) {
            waitAtMost(server.settings().netReadTimeoutMillis(), Awaited.REST_OF_COMMAND);
        }
    }

    /**
     * A LOAD DATA LOCAL waits for the next packet of the client's file (true) or has it (false): the
     * packet must come within the net read timeout, as the rest of a command must.
     */
    private void waitingForFile(boolean waiting) {
        if (waiting) {
            waitAtMost(server.settings().netReadTimeoutMillis(), Awaited.REST_OF_COMMAND);
        } else {
            deadline = NO_DEADLINE;
        }
    }

    /** The front end's sweeper: closes this client if it is past its deadline. */
    void closeIfExpired(long nowNanos) {
        long d = deadline;
        if (d != NO_DEADLINE && nowNanos - d >= 0) {
            log.debug("client {}: timeout waiting for {}", who, awaited);
            expired = true;
            closeSoon();
        }
    }

    /**
     * A KILL of this client (from any thread): it ends at once when it waits for a command, else its
     * command fails as MySQL's killed ones do (1927), whatever the driver saw of the kill.
     */
    private void killed() {
        killed = true;
        closeSoon();
        if (awaitingCommand) { // nothing to answer: the socket goes now, which ends a read its shutdown may not
            cleanup.quietly("close the socket of a killed client", socket::close);
        }
    }

    /** Asks the connection to end after its current command (the front end stops, or it was killed). */
    void closeSoon() {
        closing = true;
        try {
            socket.shutdownInput(); // a read between commands ends at once
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void run() {
        try {
            waitAtMost(server.settings().handshakeTimeoutMillis(), Awaited.LOGIN);
            login = new ClientLogin(io, socket, server, process);
            session = login.run(cleanup);
            if (session != null) {
                session.onFileWait(this::waitingForFile);
                io.streamsSettled(socket.getChannel()); // the streams stay these from now on (TLS, if any, started during the login)
                serve(session);
            }
        } catch (PacketTooLargeException e) {
            sendQuietly(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes: " + e.getMessage());
        } catch (MalformedPacketException e) {
            sendQuietly(1835, "HY000", "Malformed communication packet: " + e.getMessage());
        } catch (IOException e) {
            if (expired) {
                sendQuietly(awaited.code, awaited.sqlState, awaited.message);
            } else if (e instanceof EOFException) {
                log.debug("client {} disconnected", who);
            } else {
                log.debug("client {}: {}", who, e.toString());
            }
        } catch (RuntimeException e) {
            log.warn("client {}: closed after an unexpected failure", who, e);
            sendQuietly(1105, "HY000", "Internal error of the front end (" + e.getClass().getSimpleName()
                    + "); the connection is closed");
        } finally {
            close();
        }
    }

    /**
     * One command after another until the client is done: each must arrive whole within the net
     * read timeout once it started, and no idle timeout runs while it is answered.
     */
    private void serve(ClientSession session) throws IOException {
        Commands commands = new Commands(session, login, server, () -> killed, who);
        waitAtMost(server.settings().idleTimeoutMillis(), Awaited.COMMAND);
        while (!closing) {
            io.resetSequence();
            awaitingCommand = true;
            byte[] packet = io.read();
            awaitingCommand = false;
            if (killed) { // killed while the command came: the socket's shutdown does not always end the read first
                sendQuietly(1927, "70100", "Connection was killed");
                return;
            }
            deadline = NO_DEADLINE; // busy: no idle timeout while a command runs
            if (!commands.run(packet)) {
                return;
            }
            io.flush();
            waitAtMost(server.settings().idleTimeoutMillis(), Awaited.COMMAND);
        }
    }

    private void sendQuietly(int code, String sqlState, String message) {
        try {
            new Replies(io, false).error(code, sqlState, message);
            io.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /**
     * Ends the connection with a FIN before the close, as a plain socket's close does and a channel's
     * does not: a client that sent bytes the front end did not read (a refused packet) would
     * otherwise get a reset, which can overtake the error it was sent last.
     */
    private void closeSocket() {
        if (!socket.isClosed() && !socket.isOutputShutdown()) {
            cleanup.quietly("end the socket's output", socket::shutdownOutput);
        }
        cleanup.quietly("close the socket", socket::close);
    }

    /** Releases everything the client held: each part is let go whatever happened to the others. */
    private void close() {
        try {
            if (session != null) {
                session.close();
            }
            cleanup.quietly("leave the processlist", () -> server.processes().unregister(process));
            closeSocket();
        } finally {
            server.closed(this);
        }
    }
}
