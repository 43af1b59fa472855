package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.LoginSlots;
import io.obproxy.cluster.ServerAddress;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    @Test
    void urlWithSeedsDatabaseAndParameters() throws SQLException {
        ConnectionUrl url = ConnectionUrl.parse("jdbc:obproxy://10.0.0.1:2881,host2,[::1]:3306/my%20db?user=root%40t&x=1&flag");
        assertEquals(List.of(new ServerAddress("10.0.0.1", 2881), new ServerAddress("host2", 2881),
                new ServerAddress("::1", 3306)), url.seeds());
        assertEquals("my db", url.database());
        assertEquals("root@t", url.parameters().get("user"));
        assertEquals("", url.parameters().get("flag"));
        assertNull(ConnectionUrl.parse("jdbc:obproxy://h:1/").database());
    }

    @Test
    void badUrlsSayWhatIsWrongWithoutShowingThePassword() {
        SQLException port = assertThrows(SQLException.class,
                () -> ConnectionUrl.parse("jdbc:obproxy://h:99999/db?password=secret"));
        assertTrue(port.getMessage().contains("Invalid port '99999'"), port.getMessage());
        assertFalse(port.getMessage().contains("secret"), port.getMessage());
        assertThrows(SQLException.class, () -> ConnectionUrl.parse("jdbc:mysql://h/db"));
        SQLException noHost = assertThrows(SQLException.class, () -> DriverConfig.parse("jdbc:obproxy:///db?user=u", null));
        assertTrue(noHost.getMessage().contains("or the property clusters or configUrl"), noHost.getMessage());
    }

    @Test
    void clustersPropertyNamesSeedLists() throws SQLException {
        DriverConfig config = DriverConfig.parse("jdbc:obproxy:///db?user=u@t&clusters="
                + "primary%3D10.0.0.1%3A2881%2C10.0.0.2%3B%20standby%3D10.1.0.1%3A3881", null);
        assertEquals(List.of("primary", "standby"), List.copyOf(config.clusters().keySet()));
        assertEquals(List.of(new ServerAddress("10.0.0.1", 2881), new ServerAddress("10.0.0.2", 2881)),
                config.clusters().get("primary"));
        assertEquals(List.of(new ServerAddress("10.1.0.1", 3881)), config.clusters().get("standby"));
        assertTrue(config.seeds().isEmpty());
        for (String bad : new String[] {"=h:1", "a=h:1;a=h:2", "a=", "a b=h"}) {
            SQLException e = assertThrows(SQLException.class, () -> ConnectionUrl.parseClusters(bad), bad);
            assertEquals("HY024", e.getSQLState(), bad);
            assertTrue(e.getMessage().contains("property clusters"), e.getMessage());
        }
    }

    @Test
    void userNamesInOdpForms() throws SQLException {
        assertEquals(new ObUserName("root", "test", null, null), ObUserName.parse("root@test"));
        assertEquals(new ObUserName("root", "test", "obcluster", 7L), ObUserName.parse("root@test#obcluster:7"));
        assertEquals(new ObUserName("root", null, "c1", null), ObUserName.parse("root#c1"));
        assertEquals(new ObUserName("app", "t1", "c1", null), ObUserName.parse("c1:t1:app"));
        assertEquals(new ObUserName("plain", null, null, null), ObUserName.parse("plain"));
        assertEquals("root@test", ObUserName.parse("root@test#c:1").serverLogin());
        assertEquals("28000", assertThrows(SQLException.class, () -> ObUserName.parse("root@")).getSQLState());
        assertThrows(SQLException.class, () -> ObUserName.parse("root@t#c:x"));
        assertThrows(SQLException.class, () -> ObUserName.parse(null));
    }

    @Test
    void badPropertyValuesNamePropertyValueAndWhatIsAllowed() {
        Properties p = new Properties();
        p.setProperty("user", "u@t");
        p.setProperty("sqlCacheSize", "-5");
        SQLException e = assertThrows(SQLException.class, () -> DriverConfig.parse("jdbc:obproxy://h:1/db", p));
        assertEquals("Invalid value '-5' for property sqlCacheSize: expected an integer from 0 to 10000000", e.getMessage());
        assertEquals("HY024", e.getSQLState());
        SQLException b = assertThrows(SQLException.class,
                () -> DriverConfig.parse("jdbc:obproxy://h:1/db?user=u&discoverServers=yes", new Properties()));
        assertEquals("Invalid value 'yes' for property discoverServers: expected true or false", b.getMessage());
    }

    @Test
    void maxLoginsPerServerIsBoundedAndZeroMeansNoBound() throws SQLException {
        assertEquals(32, DriverConfig.parse("jdbc:obproxy://h:1/db?user=u", null)
                .getInt(ObProxyProperty.MAX_LOGINS_PER_SERVER));
        assertEquals(0, DriverConfig.parse("jdbc:obproxy://h:1/db?user=u&maxLoginsPerServer=0", null)
                .getInt(ObProxyProperty.MAX_LOGINS_PER_SERVER));
        for (String bad : new String[] {"-1", "10001", "many"}) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverConfig.parse("jdbc:obproxy://h:1/db?user=u&maxLoginsPerServer=" + bad, null), bad);
            assertEquals("Invalid value '" + bad + "' for property maxLoginsPerServer: expected an integer from 0 to"
                    + " 10000", e.getMessage());
            assertEquals("HY024", e.getSQLState());
        }
    }

    @Test
    void urlWinsAndUnknownPropertiesPassThroughWithTheServerLogin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "ignored@x");
        p.setProperty("password", "pw");
        p.setProperty("useServerPrepStmts", "true");
        DriverConfig config = DriverConfig.parse("jdbc:obproxy://h:1/db?user=app@t1%23c1&SQLCACHESIZE=7", p);
        assertEquals(7, config.getInt(ObProxyProperty.SQL_CACHE_SIZE));
        Properties physical = config.physicalProperties();
        assertEquals("app@t1", physical.getProperty("user"));
        assertEquals("pw", physical.getProperty("password"));
        assertEquals("true", physical.getProperty("useServerPrepStmts"));
        assertNull(physical.getProperty("sqlCacheSize"));
        assertFalse(config.toString().contains("pw"), config.toString());
    }

    @Test
    void propertyInfoListsEveryPropertyAndHidesThePassword() throws SQLException {
        DriverPropertyInfo[] info;
        try (ObProxyDriver driver = new ObProxyDriver()) {
            info = driver.getPropertyInfo("jdbc:obproxy://h:1/db?password=secret", new Properties());
            assertFalse(driver.jdbcCompliant());
            assertTrue(driver.acceptsURL("JDBC:OBPROXY://h"));
            assertNull(driver.connect("jdbc:mysql://h/db", new Properties()));
        }
        assertEquals(ObProxyProperty.values().length, info.length);
        for (DriverPropertyInfo i : info) {
            assertFalse(i.description == null || i.description.isEmpty(), i.name);
            assertFalse("secret".equals(i.value), "password shown");
        }
        assertEquals(List.of("true", "false"), Arrays.asList(Arrays.stream(info)
                .filter(i -> i.name.equals("discoverServers")).findFirst().orElseThrow().choices));
    }

    @Test
    void dataSourceHasASetterPerProperty() {
        for (ObProxyProperty p : ObProxyProperty.values()) {
            String name = p == ObProxyProperty.DEFAULT_DATABASE ? "setDatabase"
                    : "set" + p.propertyName().substring(0, 1).toUpperCase(Locale.ROOT) + p.propertyName().substring(1);
            assertTrue(Arrays.stream(ObProxyDataSource.class.getMethods()).map(Method::getName).anyMatch(name::equals),
                    "ObProxyDataSource." + name + " is missing");
        }
        ObProxyDataSource ds = new ObProxyDataSource();
        ds.setPassword("secret");
        assertFalse(ds.toString().contains("secret"));
        ds.close();
    }

    /** docs/configuration.md is generated from the registry; run with -Dobproxy.updateDocs=true to rewrite it. */
    @Test
    void configurationDocIsCurrent() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        String expected = ConfigurationDoc.render();
        if (Boolean.getBoolean("obproxy.updateDocs")) {
            Files.writeString(doc, expected);
        }
        assertTrue(Files.exists(doc), doc.toAbsolutePath() + " is missing: run mvn -pl driver test -Dobproxy.updateDocs=true");
        assertEquals(expected, Files.readString(doc),
                "docs/configuration.md is stale: run mvn -pl driver test -Dobproxy.updateDocs=true");
    }

    @Test
    void noServerIsOfferedAPasswordInClearUnlessTheApplicationOptsIn() throws SQLException {
        String url = "jdbc:obproxy://h:1/db?user=u";
        assertEquals(PhysicalConnector.CLEAR_PASSWORD,
                connector(url).property("disabledAuthenticationPlugins"));
        assertEquals("sha256_password," + PhysicalConnector.CLEAR_PASSWORD,
                connector(url + "&disabledAuthenticationPlugins=sha256_password")
                .property("disabledAuthenticationPlugins"), "the application's own list is kept");
        assertNull(connector(url + "&allowCleartextPasswords=true").property("disabledAuthenticationPlugins"));
    }

    private static PhysicalConnector connector(String url) throws SQLException {
        return new PhysicalConnector(DriverConfig.parse(url, null), new OpenWatchdog(), new LoginSlots());
    }
}
