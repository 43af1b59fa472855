package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabletReplicasTest {
    private static List<Replica> led(String host) {
        return List.of(new Replica(new ServerAddress(host, 2881), true, 0));
    }

    @Test
    void aTabletsReplicasAreFoundByItsIdAndTheCopyEqualsWhatItWasMadeFrom() {
        Map<Long, List<Replica>> source = new HashMap<>();
        source.put(200_001L, led("a"));
        source.put(-5L, led("b"));
        source.put(1_152_921_504_606_846_977L, led("c"));
        TableLocation location = new TableLocation("test", "t", 1, 1, null, List.of(), 200_001L, source);

        assertEquals(led("a"), location.replicasOf(200_001L));
        assertEquals(led("b"), location.replicasOf(-5L));
        assertEquals(led("c"), location.replicasOf(1_152_921_504_606_846_977L));
        assertNull(location.replicasOf(200_002L), "a tablet the metadata does not list");
        assertEquals(new ServerAddress("a", 2881), location.leader(200_001L));
        assertEquals(source, location.replicas(), "the same entries as a Map");
        assertEquals(source.hashCode(), location.replicas().hashCode());
        assertEquals(led("a"), location.replicas().get(200_001L), "found by a boxed id too");
        assertNull(location.replicas().get("200001"), "not by another type");
        assertEquals(List.of(-5L, 200_001L, 1_152_921_504_606_846_977L), new ArrayList<>(location.replicas().keySet()),
                "in tablet-id order");

        source.put(7L, led("d"));
        assertNull(location.replicasOf(7L), "a copy: later changes of the source do not show");
        assertEquals(location, new TableLocation("test", "t", 1, 1, null, List.of(), 200_001L,
                Map.of(200_001L, led("a"), -5L, led("b"), 1_152_921_504_606_846_977L, led("c"))),
                "equal to a location made from an equal map");
        assertSame(location.replicas(), new TableLocation("test", "t", 1, 1, null, List.of(), 200_001L,
                location.replicas()).replicas(), "not copied again");
    }
}
