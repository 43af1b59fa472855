package io.obproxy.route;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The bytes OceanBase's KEY partitioning hashes for a DECIMAL value, in its two storage formats.
 * Pure. The formats are OceanBase's own (its {@code ObNumber} and decimal-int types, as ODP hashes
 * them); they are unverified against a live cluster.
 *
 * <ul>
 *   <li><b>NUMBER</b> ({@code ObNumberType}): a sign-and-exponent byte, then the value's digits in
 *   base 10<sup>9</sup> as 32-bit little-endian words, most significant first, aligned at the
 *   decimal point, without leading or trailing zero words. The byte is {@code sign << 7 | exp}
 *   with sign 1 for positive values and zero, 0 for negative ones; for a positive value {@code exp}
 *   is {@code 0x40} plus the base-10<sup>9</sup> exponent of its first word, for a negative one
 *   that 7-bit number negated ({@code (0x80 - e) & 0x7f}); zero is the byte {@code 0x80} and no
 *   words. The byte is hashed, then the words, seeded with that hash.</li>
 *   <li><b>DECIMAL_INT</b> ({@code ObDecimalIntType}, OceanBase 4.2.1 and later): the value times
 *   10<sup>scale</sup> (the column's scale) as a two's-complement integer, in as few 32-bit
 *   little-endian words as hold it with its sign.</li>
 * </ul>
 */
final class DecimalHashes {
    private static final int WORD_DIGITS = 9;
    private static final byte[] NO_BYTES = new byte[0];

    private DecimalHashes() {
    }

    /** @return the KEY hash of a NUMBER value, chained from {@code seed} */
    static long number(BigDecimal value, long seed) {
        byte[] head = {numberHead(value)};
        byte[] words = numberWords(value);
        long h = MurmurHash64A.hash(head, 0, 1, seed);
        return MurmurHash64A.hash(words, 0, words.length, h);
    }

    /** @return the KEY hash of a DECIMAL_INT value: {@code unscaled} is the value times 10^scale */
    static long decimalInt(BigInteger unscaled, long seed) {
        byte[] words = decimalIntWords(unscaled);
        return MurmurHash64A.hash(words, 0, words.length, seed);
    }

    /** @return NUMBER's sign-and-exponent byte */
    static byte numberHead(BigDecimal value) {
        if (value.signum() == 0) {
            return (byte) 0x80;
        }
        int exp = 0x40 + firstWordExponent(value.abs());
        return (byte) (value.signum() > 0 ? 0x80 | exp : (0x80 - exp) & 0x7f);
    }

    /** @return NUMBER's digit words, little-endian, without leading or trailing zero words */
    static byte[] numberWords(BigDecimal value) {
        if (value.signum() == 0) {
            return NO_BYTES;
        }
        String digits = alignedDigits(value.abs());
        int first = 0;
        while (first < digits.length() && isZeroWord(digits, first)) {
            first += WORD_DIGITS;
        }
        int end = digits.length();
        while (end > first && isZeroWord(digits, end - WORD_DIGITS)) {
            end -= WORD_DIGITS;
        }
        byte[] bytes = new byte[(end - first) / WORD_DIGITS * 4];
        for (int w = first, at = 0; w < end; w += WORD_DIGITS, at += 4) {
            putLittleEndian(bytes, at, Integer.parseInt(digits, w, w + WORD_DIGITS, 10));
        }
        return bytes;
    }

    /** @return the two's-complement words of {@code v}, as few as hold it with its sign, little-endian */
    static byte[] decimalIntWords(BigInteger v) {
        int words = (v.bitLength() + 32) / 32; // bitLength leaves out the sign bit
        byte[] bigEndian = v.toByteArray();
        byte[] bytes = new byte[words * 4];
        byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
        for (int i = 0; i < bytes.length; i++) {
            int from = bigEndian.length - 1 - i;
            bytes[i] = from >= 0 ? bigEndian[from] : fill;
        }
        return bytes;
    }

    /**
     * @return the base-10^9 exponent of the first non-zero word of a positive value: 0 for
     * 1 <= v < 10^9, 1 up to 10^18, -1 for 10^-9 <= v < 1, ...
     */
    private static int firstWordExponent(BigDecimal positive) {
        int decimalExponent = positive.precision() - positive.scale() - 1; // of the first digit: 0 for 1..9
        return Math.floorDiv(decimalExponent, WORD_DIGITS);
    }

    /**
     * @return the decimal digits of a positive value, padded with zeros on both sides so that the
     * decimal point falls on a multiple of 9 and the length is one
     */
    private static String alignedDigits(BigDecimal positive) {
        int scale = Math.max(0, positive.scale());
        int fractionDigits = (scale + WORD_DIGITS - 1) / WORD_DIGITS * WORD_DIGITS;
        String digits = positive.setScale(fractionDigits).unscaledValue().toString();
        int pad = (WORD_DIGITS - digits.length() % WORD_DIGITS) % WORD_DIGITS;
        return "0".repeat(pad) + digits;
    }

    private static boolean isZeroWord(String digits, int from) {
        for (int i = from; i < from + WORD_DIGITS; i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static void putLittleEndian(byte[] into, int at, int v) {
        into[at] = (byte) v;
        into[at + 1] = (byte) (v >>> 8);
        into[at + 2] = (byte) (v >>> 16);
        into[at + 3] = (byte) (v >>> 24);
    }
}
