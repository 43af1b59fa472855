package io.obproxy.cluster;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a failed physical open says about its server, read from the error (docs/high-availability.md,
 * "Which failed logins count"). Only {@link #UNREACHABLE} and {@link #ABORTED} can be the server's
 * failure; the rest are answers or not the server's doing.
 */
enum ConnectFailure {
    /**
     * The server answered: it refused the login (credentials, database, method: {@link LoginRefusal}),
     * or sent its own error instead of completing it: 1040 too many connections, 1203 / 1226 the
     * user's connection limits, 1129 host blocked after connection errors, 1043 bad handshake, 1135
     * no thread, and any other server error. A server that sends an error packet is up.
     */
    ANSWERED,
    /** No login was tried: no login slot for the server came free in time ({@link LoginSlots}). */
    NOT_TRIED,
    /**
     * No TCP connection was made: refused (nothing listens), no route, unknown host, or the connect
     * timed out (SYNs unanswered). Nothing answers at that address.
     */
    UNREACHABLE,
    /**
     * The TCP connection was made (or the error does not say otherwise) but the login did not
     * complete: the connection was closed or reset, or the greeting or login timed out. A hung,
     * stopped or dying server does this, and so does a healthy one swamped by logins: only the
     * server's other logins tell them apart ({@link ServerHealth}).
     */
    ABORTED;

    /** MySQL's client-side error codes (CR_*, 2000 to 2999) are the client's, not the server's. */
    private static final int CLIENT_CODES_FROM = 2000;
    private static final int CLIENT_CODES_TO = 2999;

    static ConnectFailure of(SQLException e) {
        if (e instanceof LoginSlots.Timeout) {
            return NOT_TRIED;
        }
        if (LoginRefusal.is(e)) {
            return ANSWERED;
        }
        int code = serverCode(e);
        if (code > 0 && (code < CLIENT_CODES_FROM || code > CLIENT_CODES_TO)) {
            return ANSWERED;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof UnknownHostException) {
                return UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out")) {
                return UNREACHABLE; // the JDK's "Connect timed out"; a read timeout is "Read timed out"
            }
            if (t instanceof LoginSlots.Timeout) {
                return NOT_TRIED;
            }
        }
        return ABORTED;
    }

    /** @return the vendor code of the error or of the first wrapped SQLException that has one */
    private static int serverCode(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() != 0) {
                return s.getErrorCode();
            }
        }
        return 0;
    }
}
