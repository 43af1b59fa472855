package io.obproxy.session;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Where {@link PacketRelay} hands a statement's reply as the server sent it: the packets of a result
 * set's head and rows as they are, and each result's end as numbers (the end is what differs
 * between a server connection's protocol options and a client's, so the receiver writes it in its
 * own). The front end implements it to copy a server's reply to its client.
 *
 * <p>A reply is any number of results, each announcing with {@code more} whether another follows:
 * a result set ({@link #columnCount}, {@link #definition} for each column, {@link #definitionsEnd},
 * {@link #row} for each row, {@link #rowsEnd}) or an update count ({@link #ok}).
 */
public interface RelaySink {
    /**
     * The relay starts reading the server's reply; {@code killQuery} stops the statement on its server
     * (KILL QUERY from a connection of its own), from any thread, while the reply is read.
     */
    void started(ConnectorJ.ServerCall killQuery);

    /**
     * @return whether column definitions should carry MariaDB's extended type information (the
     * client asked for it): the relay adds or removes that field to match ({@link ExtendedTypeInfo})
     */
    boolean extendedTypeInfo();

    /** A result set's column count packet, its first {@code length} bytes, as the server sent it. */
    void columnCount(byte[] payload, int length) throws IOException;

    /**
     * A column definition packet, its first {@code length} bytes, as the server sent it but for its
     * extended type information, as {@link #extendedTypeInfo} says.
     */
    void definition(byte[] payload, int length) throws IOException;

    /** The column definitions of the current result set all came; its rows follow. */
    void definitionsEnd() throws IOException;

    /** A row packet (or a part of a long one), its first {@code length} bytes, as the server sent it. */
    void row(byte[] payload, int length) throws IOException;

    /** The current result set's rows ended; {@code warnings} as the server counted them. */
    void rowsEnd(int warnings, boolean more) throws IOException;

    /**
     * An update count (the server's OK packet); {@code info} its info string, null when it has none.
     * The session state changes it reported reach the physical session's listeners, as Connector/J's
     * own OKs do.
     *
     * @throws IOException  the client failed
     * @throws SQLException the session's state could not be read for the client
     */
    void ok(long affectedRows, long lastInsertId, int warnings, String info, boolean more)
            throws IOException, SQLException;

    /**
     * @return true once part of the reply reached this sink: the server ran the statement, in part at
     * least (a later result's error comes after earlier results), and the client may have seen some of
     * it, so it must not be sent again, whatever failed ({@link Attempt#resendable})
     */
    boolean delivered();
}
