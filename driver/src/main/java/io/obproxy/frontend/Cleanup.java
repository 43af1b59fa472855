package io.obproxy.frontend;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Letting go of what one client held, one step at a time: each step runs whatever happened to the
 * ones before it (a statement that fails to close must not keep the logical connection open, nor
 * the client in the processlist), and a failed step is only logged, at DEBUG, naming the client.
 */
final class Cleanup {
    private static final Logger log = LoggerFactory.getLogger(Cleanup.class);

    /** One step of a close. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final String who;

    /** @param who how log lines name the client (its connection id and address) */
    Cleanup(String who) {
        this.who = who;
    }

    /** Runs {@code step}; a failure is logged as "{@code what} failed" and goes no further. */
    void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.debug("client {}: {} failed: {}", who, what, e.toString());
        }
    }

    /** Closes a logical connection; one whose close fails is aborted (its physical connections dropped). */
    void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("client {}: closing its connection failed ({}); aborting it", who, e.toString());
            quietly("abort the connection", () -> connection.abort(Runnable::run));
        }
    }
}
