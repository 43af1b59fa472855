package io.obproxy.session;

import java.sql.SQLException;

/**
 * The caller's own data for a statement (a LOAD DATA LOCAL file lent as a stream) failed mid-way,
 * so the driver aborted the server connection that waited for the rest: SQLSTATE 08S01, judged as
 * any write whose connection broke after it was sent. The server did nothing wrong, so nothing is
 * learnt from it: its health and the cluster's locations stay as they are, and another caller's
 * statements go where they went before.
 */
public final class CallerDataBrokeOff extends SQLException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what  what broke off and what was done about it
     * @param cause the caller's own failure
     */
    public CallerDataBrokeOff(String what, Throwable cause) {
        super(what, "08S01", cause);
    }
}
