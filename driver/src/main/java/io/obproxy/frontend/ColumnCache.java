package io.obproxy.frontend;

import java.util.List;

/**
 * The column definitions a client that caches metadata (MariaDB's MARIADB_CLIENT_CACHE_METADATA)
 * holds for one of its prepared statements: the last ones it received for it. An execution whose
 * definitions are byte for byte these is answered without them ({@link ReplyRelay}), as a MariaDB
 * server answers when a statement's definitions did not change since it last sent them.
 *
 * <p>Unknown (null) until the front end relays an execution's definitions, and again whenever the
 * client received definitions the front end did not record (the decoding path): the next execution
 * then sends them, which a client must always accept.
 */
final class ColumnCache {
    private List<byte[]> definitions;

    /** @return the definitions the client holds, or null when unknown */
    List<byte[]> definitions() {
        return definitions;
    }

    /** The client received these definitions (each a column definition's payload). */
    void received(List<byte[]> sent) {
        definitions = List.copyOf(sent);
    }

    /** The client may hold other definitions than the recorded ones. */
    void forget() {
        definitions = null;
    }
}
