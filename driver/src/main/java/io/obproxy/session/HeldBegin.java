package io.obproxy.session;

import io.obproxy.sql.SqlInfo;

/**
 * A {@code BEGIN}, {@code START TRANSACTION} or {@code XA START} the session holds until the next
 * statement, to send it on that statement's server (as ODP does).
 *
 * @param sql  the text as the application sent it
 * @param info its classification
 */
record HeldBegin(String sql, SqlInfo info) {
}
