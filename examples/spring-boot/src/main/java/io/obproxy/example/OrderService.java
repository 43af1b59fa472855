package io.obproxy.example;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders. Each call is one transaction: the driver keeps all of its statements on the server
 * of the first one (the transaction's pin) until the commit or rollback, whichever servers the
 * statements would go to on their own.
 */
@Service
public class OrderService {
    private final Customers customers;
    private final Orders orders;
    private final JdbcTemplate jdbc;

    public OrderService(Customers customers, Orders orders, JdbcTemplate jdbc) {
        this.customers = customers;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    @Transactional
    public Customer newCustomer(String name) {
        return customers.save(new Customer(name));
    }

    /**
     * Places every order or none: an amount that is not positive fails the call after the orders
     * before it were inserted, and the rollback takes them back.
     */
    @Transactional
    public List<PurchaseOrder> placeOrders(long customerId, List<BigDecimal> amounts) {
        return amounts.stream().map(amount -> {
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException("amount must be positive: " + amount);
            }
            return orders.saveAndFlush(new PurchaseOrder(customerId, amount));
        }).toList();
    }

    /** @return the customer as the database has it now (its order count is the trigger's) */
    @Transactional(readOnly = true)
    public Customer customer(long id) {
        return customers.findById(id).orElseThrow();
    }

    /** @return the sum of the customer's orders, computed by the {@code customer_total} procedure */
    public BigDecimal total(long customerId) {
        return jdbc.execute("{call customer_total(?, ?)}", (CallableStatement call) -> {
            call.setLong(1, customerId);
            call.registerOutParameter(2, Types.DECIMAL);
            call.execute();
            return call.getBigDecimal(2);
        });
    }
}
