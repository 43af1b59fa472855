package io.obproxy.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order book over {@code jdbc:obproxy://}: Flyway creates the schema (tables, a trigger, a
 * procedure), JPA maps it, {@link OrderService} writes in transactions, {@link Demo} shows it at
 * startup; Actuator serves {@code /actuator/health} (with the {@code obproxy} cluster details) and
 * {@code /actuator/metrics/obproxy.routes}.
 */
@SpringBootApplication
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
