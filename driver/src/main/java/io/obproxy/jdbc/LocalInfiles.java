package io.obproxy.jdbc;

import io.obproxy.session.ConnectorJ;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOAD DATA LOCAL INFILE on the physical connections of a driver instance with
 * {@code localInfileFromStreams} (the bundled front end): the file's data comes from a stream handed
 * over for one execution, or is empty.
 *
 * <p>The safety rule: nothing reads a file of this host. Connector/J, which must be told
 * {@code allowLoadLocalInfile} to use a stream at all, reads the named file of this host whenever
 * its connection has no stream; so every such connection has one from its open on
 * ({@link #NO_FILE}, set by {@link PhysicalConnector}), {@link #execute} lends it another for one
 * execution and puts {@link #NO_FILE} back after it, whatever happened. A server that asks for a
 * file at any other time (a statement that is not the client's LOAD DATA LOCAL, a hostile server)
 * gets an empty one, as from a client whose file is missing.
 *
 * <p>When the lent stream fails mid-file (its client went away) the server still waits for the rest
 * of the file and Connector/J sent no end: the connection can carry nothing else. It is aborted, so
 * the server drops the statement as it does when any client disconnects mid-file, and the
 * execution fails as a broken connection (08S01), judged as any write whose connection broke after
 * it was sent: never sent again, a transaction it was in is lost.
 */
final class LocalInfiles {
    private static final Logger log = LoggerFactory.getLogger(LocalInfiles.class);

    /** An empty file, for every request no execution lent a stream for. Stateless: shared by all connections. */
    static final InputStream NO_FILE = new InputStream() {
        @Override
        public int read() {
            return refuse();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return refuse();
        }

        private int refuse() {
            log.warn("a server asked for a local file outside a client's LOAD DATA LOCAL INFILE: it gets an empty file");
            return -1;
        }
    };

    private LocalInfiles() {
    }

    /**
     * Runs {@code sql} on {@code physical} with its connection's LOAD DATA LOCAL INFILE requests
     * answered from {@code files}.
     *
     * @return what {@link Statement#execute(String)} returned
     * @throws SQLException 08S01 when {@code files} failed mid-file (the connection is then aborted)
     */
    static boolean execute(Statement physical, String sql, InputStream files) throws SQLException {
        Watched source = new Watched(files);
        Connection c = physical.getConnection();
        ConnectorJ.localInfileSource(c, source);
        try {
            return physical.execute(sql);
        } catch (SQLException | RuntimeException e) {
            if (source.failure == null) {
                throw e;
            }
            c.abort(Runnable::run);
            SQLException broken = new SQLException("LOAD DATA LOCAL INFILE: the file's data broke off ("
                    + source.failure.getMessage() + "); the server connection was closed, so the server drops the"
                    + " statement", "08S01", source.failure);
            broken.addSuppressed(e);
            throw broken;
        } finally {
            if (!c.isClosed()) {
                ConnectorJ.localInfileSource(c, NO_FILE);
            }
        }
    }

    /** The lent stream, remembering how it failed (Connector/J turns the failure into its own message). */
    private static final class Watched extends FilterInputStream {
        private IOException failure;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
