package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.cluster.PartitionLevel.KeyColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decimal encodings worked by hand from OceanBase's formats (see {@link DecimalHashes}). */
class DecimalHashesTest {
    private static final KeyColumn NUMBER_10_2 = new KeyColumn("d", 15, Collations.BINARY, "", 10, 2);
    private static final KeyColumn DECIMAL_INT_10_2 = new KeyColumn("d", 50, Collations.BINARY, "", 10, 2);

    private static byte[] words(int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < 4; j++) {
                b[i * 4 + j] = (byte) (values[i] >>> (8 * j));
            }
        }
        return b;
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void numberHeadIsSignAndBase1e9Exponent() {
        assertEquals((byte) 0x80, DecimalHashes.numberHead(d("0")));
        assertEquals((byte) 0xC0, DecimalHashes.numberHead(d("123.45")), "positive, first word at 10^0");
        assertEquals((byte) 0xC1, DecimalHashes.numberHead(d("1000000000")), "first word at 10^9");
        assertEquals((byte) 0xBF, DecimalHashes.numberHead(d("0.5")), "first word at 10^-9");
        assertEquals((byte) 0xBE, DecimalHashes.numberHead(d("0.0000000001")), "first non-zero word at 10^-18");
        assertEquals((byte) 0x40, DecimalHashes.numberHead(d("-5")), "negative: 0x40 negated in 7 bits");
        assertEquals((byte) 0x41, DecimalHashes.numberHead(d("-0.5")), "negative: 0x3F negated");
        assertEquals((byte) 0x3F, DecimalHashes.numberHead(d("-1000000000")), "negative: 0x41 negated");
    }

    @Test
    void numberWordsAreBase1e9DigitsAlignedAtThePointWithoutZeroWords() {
        assertArrayEquals(new byte[0], DecimalHashes.numberWords(d("0.00")));
        assertArrayEquals(words(123, 450_000_000), DecimalHashes.numberWords(d("123.45")));
        assertArrayEquals(words(123, 450_000_000), DecimalHashes.numberWords(d("-123.4500")), "magnitude, trailing zeros dropped");
        assertArrayEquals(words(1), DecimalHashes.numberWords(d("1000000000")), "trailing zero word dropped");
        assertArrayEquals(words(1), DecimalHashes.numberWords(d("1E+9")));
        assertArrayEquals(words(1, 0, 0, 5), DecimalHashes.numberWords(d("1000000000000000000.000000005")),
                "inner zero words stay");
        assertArrayEquals(words(500_000_000), DecimalHashes.numberWords(d("0.5")));
        assertArrayEquals(words(100_000_000), DecimalHashes.numberWords(d("0.0000000001")), "leading zero word dropped");
        assertArrayEquals(words(12, 345_678_901, 230_000_000), DecimalHashes.numberWords(d("12345678901.23")));
    }

    @Test
    void numberHashChainsTheHeadThenTheWords() {
        long head = MurmurHash64A.hash(new byte[] {(byte) 0xC0}, 0, 1, 7);
        byte[] w = words(123, 450_000_000);
        assertEquals(MurmurHash64A.hash(w, 0, w.length, head), DecimalHashes.number(d("123.45"), 7));
        long zero = MurmurHash64A.hash(new byte[] {(byte) 0x80}, 0, 1, 0);
        assertEquals(MurmurHash64A.hash(new byte[0], 0, 0, zero), DecimalHashes.number(d("0"), 0));
    }

    @Test
    void decimalIntWordsAreTheFewestThatHoldTheValueWithItsSign() {
        assertArrayEquals(words(0), DecimalHashes.decimalIntWords(BigInteger.ZERO));
        assertArrayEquals(words(12345), DecimalHashes.decimalIntWords(BigInteger.valueOf(12345)));
        assertArrayEquals(words(-1), DecimalHashes.decimalIntWords(BigInteger.valueOf(-1)));
        assertArrayEquals(words(Integer.MAX_VALUE), DecimalHashes.decimalIntWords(BigInteger.valueOf(Integer.MAX_VALUE)));
        assertArrayEquals(words(Integer.MIN_VALUE), DecimalHashes.decimalIntWords(BigInteger.valueOf(Integer.MIN_VALUE)));
        assertArrayEquals(words(Integer.MIN_VALUE, 0), DecimalHashes.decimalIntWords(BigInteger.ONE.shiftLeft(31)),
                "2^31 needs a second word for its sign");
        assertArrayEquals(words(Integer.MAX_VALUE, -1), DecimalHashes.decimalIntWords(BigInteger.ONE.shiftLeft(31)
                .add(BigInteger.ONE).negate()), "-2^31-1");
        assertArrayEquals(words(0, 0, 1), DecimalHashes.decimalIntWords(BigInteger.ONE.shiftLeft(64)));
    }

    @Test
    void keyColumnsOfEitherFormatHashAtTheColumnsScale() throws Exception {
        PartitionKey number = PartitionKeys.of("1.5", NUMBER_10_2);
        assertEquals(PartitionKeys.of(d("1.50"), NUMBER_10_2), number);
        assertEquals((int) (PartitionFunctions.positive(DecimalHashes.number(d("1.5"), 0)) % 7),
                PartitionFunctions.key(List.of(number), 7));
        PartitionKey decimalInt = PartitionKeys.of("-1.5", DECIMAL_INT_10_2);
        byte[] w = words(-150);
        assertEquals((int) (PartitionFunctions.positive(MurmurHash64A.hash(w, 0, w.length, 0)) % 7),
                PartitionFunctions.key(List.of(decimalInt), 7), "-1.5 at scale 2 is the integer -150");
    }

    @Test
    void valuesBeyondTheColumnsScaleOrPrecisionAreNotRoutable() {
        NotRoutableException scale = assertThrows(NotRoutableException.class, () -> PartitionKeys.of("1.505", NUMBER_10_2));
        assertEquals("value 1.505 has more decimals than column d (scale 2)", scale.getMessage());
        NotRoutableException range = assertThrows(NotRoutableException.class,
                () -> PartitionKeys.of("123456789.5", DECIMAL_INT_10_2));
        assertEquals("value 123456789.5 is out of range for column d (DECIMAL(10,2))", range.getMessage());
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("-1", new KeyColumn("u", 16, 63, "", 10, 0)));
        assertThrows(NotRoutableException.class, () -> PartitionKeys.of("1", new KeyColumn("d", 50, 63)),
                "a DECIMAL_INT column of unknown scale");
    }
}
