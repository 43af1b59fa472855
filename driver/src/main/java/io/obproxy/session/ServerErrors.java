package io.obproxy.session;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The error packets servers sent while one piece of work of the front end ran on this thread
 * ({@link #capture}), as they came: code, SQLSTATE and the message's bytes. Connector/J keeps the
 * code and text of an error packet but not always its SQLSTATE: it puts its own mapping in place
 * of a server's HY000 (1205 becomes 40001) and reports every 22xxx as a data truncation, 22001.
 * A client of the front end must get what the server said, so the packets are read as they arrive
 * ({@link ConnectorJ}'s reader of each physical connection records them here) and the failure the
 * driver throws is matched to the last packet with its code ({@link #asSent}).
 *
 * <p>Applications of the driver keep Connector/J's exceptions (its SQLSTATEs and exception classes,
 * which frameworks read): nothing is recorded on a thread without a capture open, and a capture
 * changes no exception.
 *
 * <p>A capture belongs to one thread and ends with {@link #close}, so nothing is held between two
 * pieces of work (no capture outlives the command it was opened for).
 */
public final class ServerErrors implements AutoCloseable {
    /** The capture open on this thread, if any. */
    private static final ThreadLocal<ServerErrors> CURRENT = new ThreadLocal<>();
    /** Errors kept: the last ones of one command (a retried statement fails once per attempt). */
    private static final int KEPT = 8;

    /** Made at the first error: most pieces of work get none. */
    private Deque<Sent> sent;
    private final ServerErrors outer;

    /**
     * An error packet as a server sent it.
     *
     * @param code     the error code
     * @param sqlState the SQLSTATE (HY000 when the packet had none)
     * @param message  the message's bytes, in the character set the server sent them in (its
     *                 character_set_results, which the front end keeps equal to the client's)
     * @param afterEnd the packet before it ended a result set's rows and announced more results:
     *                 the error is a later result's (a procedure's SIGNAL after its SELECTs), not
     *                 one in place of a row
     */
    public record Sent(int code, String sqlState, byte[] message, boolean afterEnd) {
    }

    private ServerErrors(ServerErrors outer) {
        this.outer = outer;
    }

    /** @return a capture of the error packets read on this thread until {@link #close} */
    public static ServerErrors capture() {
        ServerErrors c = new ServerErrors(CURRENT.get());
        CURRENT.set(c);
        return c;
    }

    /** An error packet was read on this thread: kept when a capture is open, else ignored. */
    static void record(int code, String sqlState, byte[] message, boolean afterEnd) {
        ServerErrors c = CURRENT.get();
        if (c == null) {
            return;
        }
        if (c.sent == null) {
            c.sent = new ArrayDeque<>(2);
        } else if (c.sent.size() == KEPT) {
            c.sent.removeFirst();
        }
        c.sent.addLast(new Sent(code, sqlState, message, afterEnd));
    }

    /**
     * @return the error packet {@code e} reports: the last one captured with its code, or null when
     * the failure is none a server sent (the driver's own, Connector/J's, or from before the capture)
     */
    public Sent asSent(SQLException e) {
        if (sent == null || e == null || e.getErrorCode() <= 0 || !ConnectorJ.madeByConnectorJ(e)) {
            return null; // the driver's own failures (its outcomes, KILL) keep what they say
        }
        for (var it = sent.descendingIterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.code() == e.getErrorCode()) {
                return s;
            }
        }
        return null;
    }

    /** @return the error packet {@code e} reports, from the capture open on this thread (null without one) */
    public static Sent current(SQLException e) {
        ServerErrors c = CURRENT.get();
        return c == null ? null : c.asSent(e);
    }

    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.set(outer); // null at the outermost: the thread's entry stays, for its next piece of work
        }
    }
}
