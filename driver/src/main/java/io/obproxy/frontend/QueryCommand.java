package io.obproxy.frontend;

import io.obproxy.sql.SqlInfo;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * COM_QUERY: the client's text, decoded and classified once ({@link ClientSession#text}), then
 * either answered here or run on the logical connection with every result streamed to the client
 * ({@link StatementResults}).
 *
 * <p>Answered here, as a server would: an empty text (1065), {@code SET NAMES} and
 * {@code SET CHARACTER SET} (they change what the client's texts are in, see {@link ClientCharset};
 * their OK reports the character set variables to a client that tracks them, {@link SessionTracking}),
 * and several statements while the client has them off (1064). Everything else runs on the
 * session's one COM_QUERY statement; a failure drops that statement, since its results may be left
 * half read.
 *
 * <p>LOAD DATA LOCAL INFILE: a client that did not ask for CLIENT_LOCAL_FILES (or was not offered it)
 * gets what the cluster's servers give it ({@link ClientSession#fileRelay}), and nothing runs.
 * Otherwise the text runs as any write (routed and pinned as one), with the servers' requests for
 * the files answered from the client ({@link ClientFileRelay}); a client that fails mid-file is done:
 * its logical connection is aborted (a server connection may still wait for the rest of a file) and
 * its IOException thrown.
 */
final class QueryCommand {
    private final ClientSession session;
    private final Replies replies;

    QueryCommand(ClientSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    /** COM_QUERY with {@code bytes}, the text after the command byte: every result of the text, rows streamed. */
    void run(byte[] bytes) throws SQLException, IOException {
        ClientSession.Text text = session.text(bytes);
        String sql = text.sql();
        SqlInfo info = text.info();
        if (sql.isBlank()) {
            throw Protocol.emptyQuery();
        }
        if (setNames(info)) {
            return;
        }
        if (!session.multiStatements() && info.isMulti()) {
            // what a server without CLIENT_MULTI_STATEMENTS answers: the second statement is a syntax error
            replies.error(1064, "42000", "You have an error in your SQL syntax: this connection runs one statement"
                    + " per query (multi-statements are off)");
            return;
        }
        if (info.has(SqlInfo.FLAG_LOCAL_INFILE)) {
            loadLocalFiles(text);
            return;
        }
        Statement st = session.queryStatement();
        try {
            session.run(st, text);
        } catch (SQLException | IOException | RuntimeException e) {
            session.dropQueryStatement();
            throw e;
        }
    }

    private void loadLocalFiles(ClientSession.Text text) throws SQLException, IOException {
        ClientFileRelay files = session.fileRelay();
        Statement st = session.queryStatement();
        try {
            session.runWithLocalFiles(st, text, files);
        } catch (SQLException | IOException | RuntimeException e) {
            IOException gone = session.abortIfClientGone(files); // first: a close could talk to a server mid-file
            session.dropQueryStatement();
            if (gone != null) {
                throw gone;
            }
            throw e;
        } finally {
            files.end();
        }
    }

    /**
     * {@code SET NAMES} / {@code SET CHARACTER SET} / {@code SET character_set_client = x}: not run as
     * written (the front end's own connections stay utf8mb4), but as the client's character set, see
     * {@link ClientCharset}.
     *
     * @return true when the text was one of those (and is answered)
     */
    private boolean setNames(SqlInfo info) throws SQLException, IOException {
        ClientCharset.Change change;
        ClientCharset clientSide;
        try {
            change = ClientCharset.change(info);
            clientSide = change == null ? ClientCharset.clientSide(info) : null;
        } catch (IllegalArgumentException unknown) {
            replies.error(1115, "42000", unknown.getMessage());
            return true;
        }
        SessionStateInfo state;
        if (change != null) {
            session.execute(change.charset().sessionStatement(change.collation()));
            session.charset(change.charset());
            state = session.tracking().charset(session.connection(), change.charset(), false);
        } else if (clientSide != null) {
            session.clientCharset(clientSide); // SET character_set_client = x: how the client's text is read
            state = session.tracking().charset(session.connection(), clientSide, true);
        } else {
            return false;
        }
        replies.ok(0, 0, session.status(), 0, null, state);
        return true;
    }
}
