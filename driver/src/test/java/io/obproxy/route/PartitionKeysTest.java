package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.PartitionLevel.KeyColumn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    private static final KeyColumn INT = new KeyColumn("i", 4, Collations.BINARY);
    private static final KeyColumn UBIGINT = new KeyColumn("u", 10, Collations.BINARY);
    private static final KeyColumn DECIMAL = new KeyColumn("d", 15, Collations.BINARY);
    private static final KeyColumn DATETIME = new KeyColumn("dt", 17, Collations.BINARY);
    private static final KeyColumn TIMESTAMP = new KeyColumn("ts", 18, Collations.BINARY);
    private static final KeyColumn DATE = new KeyColumn("day", 19, Collations.BINARY);
    private static final KeyColumn TIME = new KeyColumn("t", 20, Collations.BINARY);
    private static final KeyColumn YEAR = new KeyColumn("y", 21, Collations.BINARY);
    private static final KeyColumn NAME = new KeyColumn("n", 22, Collations.UTF8MB4_GENERAL_CI);

    @Test
    void literalsAreUnquotedAndHexIsBytes() {
        assertEquals("it's\n", PartitionKeys.literal("'it''s\\n'"));
        assertEquals("x", PartitionKeys.literal("\"x\""));
        assertEquals(65, ((byte[]) PartitionKeys.literal("X'41'"))[0]);
        assertEquals(1, ((byte[]) PartitionKeys.literal("0x1")).length);
        assertNull(PartitionKeys.literal("NULL"));
        assertEquals("-12", PartitionKeys.literal("-12"));
    }

    @Test
    void integersKeepTheirRange() throws Exception {
        assertEquals(PartitionKey.ofLong(-5), PartitionKeys.of("-5", INT));
        assertEquals(PartitionKey.ofLong(255), PartitionKeys.of(new byte[] {(byte) 0xFF}, INT));
        assertEquals(PartitionKey.ofUnsigned(-1L), PartitionKeys.of("18446744073709551615", UBIGINT));
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("-1", UBIGINT));
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("9223372036854775808", INT));
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("1.5", INT));
        assertEquals(PartitionKey.ofLong(2), PartitionKeys.of(new BigDecimal("2.000"), INT));
    }

    @Test
    void decimalsAreExact() throws Exception {
        assertEquals(PartitionKeys.of("1.50", DECIMAL), PartitionKeys.of(new BigDecimal("1.5"), DECIMAL));
        assertEquals(PartitionKey.ofDecimal(new BigDecimal("1.5")), PartitionKeys.of("1.5000", DECIMAL),
                "a column of unknown scale: the value as given");
    }

    @Test
    void temporalValuesAreTheirInt64Encodings() throws Exception {
        assertEquals(PartitionKey.ofLong(19737), PartitionKeys.of("2024-01-15", DATE));
        assertEquals(PartitionKey.ofLong(19737), PartitionKeys.of(LocalDate.of(2024, 1, 15), DATE));
        assertEquals(PartitionKey.ofLong(-1), PartitionKeys.of("1969-12-31", DATE));
        long micros = 19737L * 86_400_000_000L + (10 * 3600 + 30) * 1_000_000L + 250_000;
        assertEquals(PartitionKey.ofLong(micros), PartitionKeys.of("2024-01-15 10:00:30.25", DATETIME));
        assertEquals(PartitionKey.ofLong(micros), PartitionKeys.of(LocalDateTime.of(2024, 1, 15, 10, 0, 30, 250_000_000), DATETIME));
        assertEquals(PartitionKey.ofLong(19737L * 86_400_000_000L), PartitionKeys.of("2024-01-15", DATETIME));
        assertEquals(PartitionKey.ofLong(-(838L * 3600 + 59 * 60 + 59) * 1_000_000L), PartitionKeys.of("-838:59:59", TIME));
        assertEquals(PartitionKey.ofLong(3_723_500_000L), PartitionKeys.of(LocalTime.of(1, 2, 3, 500_000_000), TIME));
        assertEquals(PartitionKey.ofLong(124), PartitionKeys.of("2024", YEAR));
        NotRoutableException tz = assertThrows(NotRoutableException.class, () -> PartitionKeys.of("2024-01-15", TIMESTAMP));
        assertTrue(tz.getMessage().contains("time zone"), tz.getMessage());
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("yesterday", DATE));
    }

    @Test
    void stringsCarryTheirCollationAndUnsupportedOnesSayWhy() throws Exception {
        assertEquals(PartitionKey.ofString("Ab", Collations.UTF8MB4_GENERAL_CI), PartitionKeys.of("Ab", NAME));
        NotRoutableException e = assertThrows(NotRoutableException.class,
                () -> PartitionKeys.of("x", new KeyColumn("n", 22, 224)));
        assertEquals("collation 224 of column n is not supported", e.getMessage());
    }

    /** Hostile numbers are refused from their precision and scale, never expanded (an OutOfMemoryError before). */
    @Test
    void hugeNumbersAreNotRoutableAndCostNothing() {
        KeyColumn decimal122 = new KeyColumn("d", 15, Collations.BINARY, null, 12, 2, -1);
        KeyColumn decimalInt = new KeyColumn("d", 50, Collations.BINARY, null, 12, 2, -1);
        for (String hostile : new String[] {"1e999999999", "1E2147483647", "-1e999999999", "1e-999999999",
                "1E-2147483647", "123456789012345678901234567890123456789012345678901234567890123456"}) {
            for (KeyColumn column : new KeyColumn[] {INT, UBIGINT, DECIMAL, decimal122, decimalInt}) {
                NotRoutableException e = assertThrows(NotRoutableException.class, () -> PartitionKeys.of(hostile, column),
                        hostile + " for " + column);
                assertTrue(e.getMessage().length() < 200, e.getMessage());
                assertThrows(NotRoutableException.class, () -> PartitionKeys.of(new BigDecimal(hostile), column));
            }
        }
    }

    /** The rules OceanBase's recorded values do not cover, each from its source (see TemporalKeys, PartitionKeys). */
    @Test
    void valuesAreHashedAsTheColumnStoresThem() throws Exception {
        assertEquals(PartitionKeys.of("abc", NAME), PartitionKeys.of("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8), NAME),
                "a hex literal for a utf8mb4 column is the text it converts to");
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of(new byte[] {(byte) 0xFF}, NAME), "not UTF-8");
        KeyColumn fixed = new KeyColumn("f", 12, Collations.BINARY, null, 8, 2, -1);
        long h = PartitionFunctions.keyHash(PartitionKeys.of("1.005", fixed), 0);
        byte[] text = "1.00".getBytes(java.nio.charset.StandardCharsets.US_ASCII); // 1.005 is stored as 1.00 (binary 1.00499...)
        assertEquals(MurmurHash64A.hash(text, 0, text.length, 0), h, "DOUBLE(8,2): its decimal text (ob_fcvt)");
        assertEquals(PartitionKey.ofLong(0), PartitionKeys.of("0", YEAR), "YEAR 0000");
        assertEquals(PartitionKey.ofLong(120), PartitionKeys.of("2020", YEAR));
        NotRoutableException zone = assertThrows(NotRoutableException.class,
                () -> PartitionKeys.of("2020-01-01 00:00:00", TIMESTAMP), "no session zone");
        assertTrue(zone.getMessage().contains("time zone"), zone.getMessage());
        assertEquals(PartitionKey.ofLong(1577836800L * 1_000_000 - 8 * 3600L * 1_000_000),
                PartitionKeys.of("2020-01-01 00:00:00", TIMESTAMP, java.time.ZoneOffset.ofHours(8)));
    }
}
