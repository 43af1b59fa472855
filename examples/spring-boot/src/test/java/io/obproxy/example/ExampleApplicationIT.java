package io.obproxy.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example application against a 3-node sandbox cluster, given its URL and credentials only:
 * Flyway's migration (tables, a trigger, a procedure), JPA, transactions that commit and roll back.
 */
class ExampleApplicationIT {
    private static SandboxCluster cluster;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start(SandboxConfig.builder().clusterName("examplecluster").build());
        context = SpringApplication.run(ExampleApplication.class,
                "--spring.datasource.url=jdbc:obproxy://" + cluster.seeds() + "/" + cluster.config().database(),
                "--spring.datasource.username=" + cluster.tenantUser(),
                "--spring.datasource.password=" + cluster.password(),
                "--spring.main.web-application-type=none",
                "--example.demo=false");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void flywayRanTheMigrationWithItsTriggerAndProcedure() {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT success FROM flyway_schema_history WHERE version = '1'", Boolean.class))
                .isTrue();
        assertThat(jdbc.queryForList("SELECT trigger_name FROM information_schema.triggers"
                + " WHERE trigger_schema = DATABASE()", String.class)).contains("orders_count");
    }

    @Test
    void ordersCommitTogetherOrNotAtAll() {
        OrderService service = context.getBean(OrderService.class);
        Orders orders = context.getBean(Orders.class);
        long ada = service.newCustomer("Ada").getId();
        assertThat(service.placeOrders(ada, List.of(new BigDecimal("12.50"), new BigDecimal("7.25")))).hasSize(2);
        assertThatThrownBy(() -> service.placeOrders(ada, List.of(new BigDecimal("100.00"), new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(orders.countByCustomerId(ada)).isEqualTo(2);
        assertThat(service.customer(ada).getOrderCount()).as("kept by the trigger").isEqualTo(2);
        assertThat(service.total(ada)).isEqualByComparingTo("19.75");
    }

    @Test
    void theClusterIsHealthy() {
        assertThat(context.getBean(HealthEndpoint.class).healthForPath("obproxy").getStatus()).isEqualTo(Status.UP);
    }
}
