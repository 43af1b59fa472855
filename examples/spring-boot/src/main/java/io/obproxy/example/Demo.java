package io.obproxy.example;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Places a few orders at startup and prints what happened, lines starting {@code example:}. */
@Component
@ConditionalOnProperty(name = "example.demo", havingValue = "true", matchIfMissing = true)
class Demo implements CommandLineRunner {
    private final OrderService service;
    private final HealthEndpoint health;
    private final MeterRegistry registry;
    private final PrintStream out = System.out;

    Demo(OrderService service, HealthEndpoint health, MeterRegistry registry) {
        this.service = service;
        this.health = health;
        this.registry = registry;
    }

    @Override
    public void run(String... args) {
        Customer ada = service.newCustomer("Ada");
        service.placeOrders(ada.getId(), List.of(new BigDecimal("12.50"), new BigDecimal("7.25")));
        out.println("example: 2 orders placed for " + ada.getName() + " in one transaction");
        try {
            service.placeOrders(ada.getId(), List.of(new BigDecimal("100.00"), new BigDecimal("-1")));
        } catch (IllegalArgumentException e) {
            out.println("example: a third order was rolled back with its batch (" + e.getMessage() + ")");
        }
        out.println("example: order count kept by the trigger: " + service.customer(ada.getId()).getOrderCount());
        out.println("example: total from the procedure: " + service.total(ada.getId()));
        HealthComponent obproxy = health.healthForPath("obproxy");
        out.println("example: health of the cluster: " + (obproxy == null ? "not reported" : obproxy.getStatus()));
        double routes = registry.find("obproxy.routes").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
        out.println("example: statements routed so far (obproxy.routes): " + (long) routes);
    }
}
