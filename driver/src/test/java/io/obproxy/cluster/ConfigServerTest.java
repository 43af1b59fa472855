package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigServerTest {
    private static final String ONE = "{\"Code\":200,\"Message\":\"successful\",\"Success\":true,\"Data\":{\"ObCluster\":"
            + "\"c1\",\"ObClusterId\":1,\"Type\":\"PRIMARY\",\"RsList\":[{\"address\":\"10.0.0.1:2882\",\"role\":"
            + "\"LEADER\",\"sql_port\":2881},{\"address\":\"10.0.0.2:2882\",\"role\":\"FOLLOWER\",\"sql_port\":2881}]}}";

    @Test
    void oneClusterOrAList() {
        List<ConfigServer.Entry> one = ConfigServer.entries(Json.parse(ONE));
        assertEquals(List.of(new ConfigServer.Entry("c1", 1, "PRIMARY", List.of(new ServerAddress("10.0.0.1", 2881),
                new ServerAddress("10.0.0.2", 2881)))), one);
        String two = "{\"Code\":200,\"Success\":true,\"Data\":[" + ONE.substring(ONE.indexOf("{\"ObCluster"),
                ONE.length() - 1) + ",{\"ObCluster\":\"c2\",\"ObClusterId\":2,\"Type\":\"STANDBY\",\"RsList\":"
                + "[{\"address\":\"[::1]:2882\",\"role\":\"LEADER\",\"sql_port\":3881}]}]}";
        List<ConfigServer.Entry> both = ConfigServer.entries(Json.parse(two));
        assertEquals(2, both.size());
        assertEquals(new ConfigServer.Entry("c2", 2, "STANDBY", List.of(new ServerAddress("[::1]", 3881))), both.get(1));
    }

    @Test
    void failuresAndNonsenseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConfigServer.entries(Json.parse(
                "{\"Code\":404,\"Success\":false,\"Message\":\"no cluster\"}")));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"Code\":200,"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
        assertThrows(ClassCastException.class, () -> ConfigServer.entries(Json.parse("[]")));
    }

    @Test
    void jsonValues() {
        assertEquals(Map.of("a", List.of(1L, 2.5, "x\n\u00e9", true), "b", Map.of()),
                Json.parse(" {\"a\": [1, 2.5, \"x\\n\\u00e9\", true], \"b\": {}} "));
        assertEquals(null, Json.parse("null"));
    }
}
