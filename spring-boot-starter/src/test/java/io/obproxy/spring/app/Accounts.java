package io.obproxy.spring.app;

import io.obproxy.jdbc.ObProxyConnection;
import java.sql.SQLException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Transfers between accounts in one transaction each, as a service of an application would. */
@Service
public class Accounts {
    private final JdbcTemplate jdbc;

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves {@code amount} from one account to another; fails after the debit when {@code failAfterDebit}.
     *
     * @return whether the logical connection said it was in a transaction between the two updates
     */
    @Transactional
    public boolean transfer(int from, int to, int amount, boolean failAfterDebit) {
        jdbc.update("UPDATE starter_accounts SET balance = balance - ? WHERE id = ?", amount, from);
        if (failAfterDebit) {
            throw new IllegalStateException("failed after the debit, on purpose");
        }
        boolean inTransaction = jdbc.execute((ConnectionCallback<Boolean>) c -> inTransaction(c));
        jdbc.update("UPDATE starter_accounts SET balance = balance + ? WHERE id = ?", amount, to);
        return inTransaction;
    }

    private static boolean inTransaction(java.sql.Connection connection) throws SQLException {
        return connection.unwrap(ObProxyConnection.class).inTransaction();
    }
}
