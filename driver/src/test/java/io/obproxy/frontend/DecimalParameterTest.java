package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecimalParameterTest {
    private static BigDecimal parse(String s) throws SQLException {
        return DecimalParameter.parse(s.getBytes(StandardCharsets.US_ASCII), 2);
    }

    @Test
    void numbersInMysqlsRangeAreTakenAsTheyAre() throws SQLException {
        assertEquals(new BigDecimal("-12.50"), parse("-12.50"));
        assertEquals(new BigDecimal("1E+60"), parse("1E60"));
        assertEquals("0.000000000000000000000000000001", parse("5E-31").toPlainString(), "rounded to 30 decimals");
        assertEquals(BigDecimal.ZERO, parse("1E-2147483647"), "far below the smallest step: 0, at once");
    }

    @Test
    void textThatIsNoNumberIsError1366() {
        for (String bad : new String[] {"abc", "", "----------", "1E2147483648"}) {
            SQLException e = assertThrows(SQLException.class, () -> parse(bad), bad);
            assertEquals(1366, e.getErrorCode(), bad);
            assertEquals("Incorrect decimal value: '" + bad + "' for parameter 2", e.getMessage());
        }
    }

    @Test
    void aHugeExponentIsOutOfRangeWithoutSpellingItsDigits() {
        SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(SQLException.class, () -> parse("1E2147483647")));
        assertEquals(1264, e.getErrorCode());
        assertEquals("22003", e.getSQLState());
    }
}
