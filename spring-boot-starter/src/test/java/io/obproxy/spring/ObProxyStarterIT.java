package io.obproxy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.spring.app.Accounts;
import io.obproxy.spring.app.StarterTestApplication;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application with the starter, HikariCP, JdbcTemplate, Actuator and jOOQ against a
 * 3-node sandbox cluster, given only {@code spring.datasource.url/username/password}: no driver class,
 * no dialect. One cluster and one application context for the class.
 */
class ObProxyStarterIT {
    private static SandboxCluster cluster;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start(SandboxConfig.builder().clusterName("springcluster").build());
        context = new SpringApplicationBuilder(StarterTestApplication.class).run(
                "--spring.datasource.url=jdbc:obproxy://" + cluster.seeds() + "/" + cluster.config().database(),
                "--spring.datasource.username=" + cluster.tenantUser(),
                "--spring.datasource.password=" + cluster.password(),
                "--spring.datasource.hikari.maximum-pool-size=3",
                "--management.endpoint.health.show-details=always",
                "--spring.main.banner-mode=off");
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        jdbc.execute("CREATE TABLE starter_accounts (id INT PRIMARY KEY, balance INT NOT NULL)");
        jdbc.update("INSERT INTO starter_accounts VALUES (1, 100), (2, 0)");
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
    void thePoolIsHikariOverTheDriverThoughNoDriverClassWasGiven() {
        HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
        assertThat(pool.getDriverClassName()).isEqualTo(ObProxyDriver.class.getName());
    }

    @Test
    void aTransactionalServiceCommitsAndRollsBack() {
        Accounts accounts = context.getBean(Accounts.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        assertThat(accounts.transfer(1, 2, 30, false)).as("the logical connection is in a transaction").isTrue();
        assertThatThrownBy(() -> accounts.transfer(1, 2, 50, true)).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.queryForList("SELECT balance FROM starter_accounts ORDER BY id", Integer.class))
                .containsExactly(70, 30);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHealthEndpointReportsTheCluster() {
        HealthComponent health = context.getBean(HealthEndpoint.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        HealthComponent obproxy = ((SystemHealth) health).getComponents().get("obproxy");
        assertThat(obproxy).isNotNull().isNotInstanceOf(CompositeHealth.class);
        assertThat(obproxy.getStatus()).isEqualTo(Status.UP);
        Map<String, Object> clusters = (Map<String, Object>) ((org.springframework.boot.actuate.health.Health) obproxy)
                .getDetails().get("clusters");
        assertThat(clusters).hasSize(1);
        Map<String, Object> detail = (Map<String, Object>) clusters.values().iterator().next();
        assertThat(detail).containsEntry("active", 3L).containsEntry("dead", 0L)
                .containsKeys("servers", "locationCache", "serverListAgeSeconds", "logicalConnections");
        assertThat((Map<String, Object>) detail.get("servers")).hasSize(3);
        assertThat((long) detail.get("serverListAgeSeconds")).isBetween(0L, 600L);
    }

    @Test
    void theDriversMetricsAreInTheApplicationsRegistry() {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        double before = routes(registry);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        for (int i = 0; i < 5; i++) {
            jdbc.queryForObject("SELECT balance FROM starter_accounts WHERE id = 1", Integer.class);
        }
        assertThat(routes(registry) - before).isGreaterThanOrEqualTo(5);
        assertThat(registry.find("obproxy.physical.connections").gauges()).hasSize(3);
    }

    private static double routes(MeterRegistry registry) {
        return registry.find("obproxy.routes").functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    @Test
    void jooqSpeaksMySql() {
        DSLContext dsl = context.getBean(DSLContext.class);
        assertThat(dsl.dialect()).isEqualTo(SQLDialect.MYSQL);
        // In jOOQ's DEFAULT dialect this would be a plain INSERT, failing on the duplicate key.
        int inserted = dsl.insertInto(DSL.table("starter_accounts"), DSL.field("id"), DSL.field("balance"))
                .values(1, 0).onDuplicateKeyIgnore().execute();
        assertThat(inserted).isZero();
    }
}
