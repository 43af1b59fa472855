package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VariableNamesTest {
    @Test
    void eightZeroNamesBecomeTheOlderOnes() {
        assertEquals("SELECT @@session.tx_isolation, @@tx_read_only AS ro",
                VariableNames.toOldNames("SELECT @@session.transaction_isolation, @@transaction_read_only AS ro"));
        assertEquals("SET @@SESSION.tx_isolation = 'READ-COMMITTED'",
                VariableNames.toOldNames("SET @@SESSION.transaction_isolation = 'READ-COMMITTED'"));
    }

    @Test
    void otherTextIsLeftAlone() {
        String sql = "SELECT transaction_isolation FROM t WHERE @@transaction_isolationx = 1";
        assertEquals(sql, VariableNames.toOldNames(sql));
        String plain = "SELECT 1";
        assertSame(plain, VariableNames.toOldNames(plain));
    }
}
