package io.obproxy.jdbc;

import io.obproxy.session.CallerDataBrokeOff;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.ConnectorJ.RequestedFiles;
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
 * {@code localInfileFromStreams} (the bundled front end): the file's data comes from a stream lent
 * for an execution, or is empty.
 *
 * <p>The safety rule: nothing reads a file of this host. Connector/J, which must be told
 * {@code allowLoadLocalInfile} to use a stream at all, reads the named file of this host whenever
 * its connection has no stream; so every such connection has one from its open on ({@link #NO_FILE},
 * set by {@link PhysicalConnector}), and {@link #lend} replaces it with another, never with none. A
 * server that asks for a file with no stream lent (a statement that is not the client's LOAD DATA
 * LOCAL, a hostile server) gets an empty one, as from a client whose file is missing.
 *
 * <p>A lent stream stays the connection's after its execution returned: a text's later statements
 * ask for their files while its results are read, after {@code execute} returned, so the lender ends
 * the stream once it read them (the front end's relay answers nothing after its command: an empty
 * file). It is replaced by {@link #NO_FILE} when the execution fails, and by the next lent one.
 *
 * <p>When the lent stream fails mid-file (its client went away) the server still waits for the rest
 * of the file and Connector/J sent no end: the connection can carry nothing else. It is aborted, so
 * the server drops the statement as it does when any client disconnects mid-file, and the
 * execution fails as a broken connection ({@link CallerDataBrokeOff}, 08S01), judged as any write
 * whose connection broke after it was sent: never sent again, a transaction it was in is lost. The
 * server is not blamed: its health stays as it was. The stream is told each file's name
 * as the server's request has it ({@link RequestedFiles}).
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
     * Runs {@code call} on {@code physical} with its connection's LOAD DATA LOCAL INFILE requests answered
     * from {@code files}.
     *
     * @throws SQLException 08S01 when {@code files} failed mid-file (the connection is then aborted)
     */
    static <T> T lend(Statement physical, InputStream files, LogicalStatement.PhysicalCall<T> call)
            throws SQLException {
        Watched source = new Watched(files);
        Connection c = physical.getConnection();
        ConnectorJ.localInfileSource(c, source);
        try {
            return call.call(physical);
        } catch (SQLException | RuntimeException e) {
            if (source.failure == null) {
                ConnectorJ.localInfileSource(c, NO_FILE);
                throw e;
            }
            c.abort(Runnable::run);
            SQLException broken = new CallerDataBrokeOff("LOAD DATA LOCAL INFILE: the file's data broke off ("
                    + source.failure.getMessage() + "); the server connection was closed, so the server drops the"
                    + " statement", source.failure);
            broken.addSuppressed(e);
            throw broken;
        }
    }

    /**
     * The lent stream, remembering how it failed (Connector/J turns the failure into its own message),
     * passing on the names of the files asked for.
     */
    private static final class Watched extends FilterInputStream implements RequestedFiles {
        private IOException failure;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public void requested(String fileName) {
            if (in instanceof RequestedFiles files) {
                files.requested(fileName);
            }
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
