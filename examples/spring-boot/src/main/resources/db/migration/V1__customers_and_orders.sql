-- Two tables and a trigger: Flyway sends the trigger's BEGIN ... END body as one statement, which the
-- driver routes like any other (DDL goes to one server and reaches the others through the cluster).
CREATE TABLE customers (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    order_count INT          NOT NULL DEFAULT 0
);

CREATE TABLE orders (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT        NOT NULL,
    amount      DECIMAL(10,2) NOT NULL,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);

DELIMITER //
CREATE TRIGGER orders_count AFTER INSERT ON orders FOR EACH ROW
BEGIN
    UPDATE customers SET order_count = order_count + 1 WHERE id = NEW.customer_id;
END//

CREATE PROCEDURE customer_total(IN customer BIGINT, OUT total DECIMAL(12,2))
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM orders WHERE customer_id = customer;
END//
DELIMITER ;
