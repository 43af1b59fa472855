package io.obproxy.route;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * String keys under the collations OceanBase's MySQL mode partitions by: how they compare (RANGE /
 * LIST COLUMNS bounds) and how KEY partitioning hashes them (odp-facts section 2). Pure.
 *
 * <ul>
 *   <li>{@code utf8mb4_bin} (46) and {@code utf8mb4_general_ci} (45) are PAD SPACE: trailing spaces
 *   do not count. {@code binary} (63) compares and hashes every byte.</li>
 *   <li>{@code utf8mb4_general_ci} maps each character to its sort weight: a 16-bit value from a
 *   table of the Basic Multilingual Plane (case and most accents folded: 'a', 'A' and 'à' all weigh
 *   0x41), U+FFFD for every character above U+FFFF. The table is the resource
 *   {@code utf8mb4_general_ci.weights}, loaded on first use of such a key.</li>
 *   <li>KEY hashing of a general_ci string: the weights, 2 bytes little-endian each, fill a 128-byte
 *   buffer; MurmurHash64A runs over the buffer, seeded with the hash so far, each time the next
 *   weight would not fit, and once at the end (also when empty).</li>
 * </ul>
 */
final class Collations {
    /** Collation ids OceanBase's metadata uses ({@code part_key_collation_type}). */
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int UTF8MB4_BIN = 46;
    public static final int BINARY = 63;

    private static final int HASH_BUFFER = 128;
    private static final int SPACE = ' ';

    private Collations() {
    }

    /** @return true for the collations whose strings the driver compares and hashes */
    public static boolean isSupported(int collation) {
        return collation == UTF8MB4_GENERAL_CI || collation == UTF8MB4_BIN || collation == BINARY;
    }

    /** @return the general_ci sort weight of one code point */
    static int generalCiWeight(int codePoint) {
        return codePoint > 0xFFFF ? 0xFFFD : GeneralCiTable.WEIGHTS[codePoint];
    }

    /** KEY partitioning's hash of a general_ci string, chained from {@code seed}. */
    static long hashGeneralCi(String s, long seed) {
        byte[] buffer = new byte[HASH_BUFFER];
        int length = 0;
        long h = seed;
        int end = withoutTrailingSpaces(s);
        for (int i = 0; i < end; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int w = generalCiWeight(cp);
            if (length + 2 > HASH_BUFFER) {
                h = MurmurHash64A.hash(buffer, 0, length, h);
                length = 0;
            }
            buffer[length++] = (byte) w;
            buffer[length++] = (byte) (w >>> 8);
        }
        return length > 0 ? MurmurHash64A.hash(buffer, 0, length, h) : h; // an empty or all-space value leaves the seed
    }

    /**
     * Compares two strings of one collation, as the server orders them: general_ci by weights,
     * utf8mb4_bin by code points, both padded with spaces to equal length; binary by unsigned bytes.
     */
    static int compare(String a, String b, int collation) throws NotRoutableException {
        switch (collation) {
            case BINARY:
                return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8));
            case UTF8MB4_BIN:
            case UTF8MB4_GENERAL_CI:
                return comparePadded(a, b, collation == UTF8MB4_GENERAL_CI);
            default:
                throw new NotRoutableException("collation " + collation + " of a string key is not supported");
        }
    }

    private static int comparePadded(String a, String b, boolean byWeight) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int ca = SPACE;
            int cb = SPACE;
            if (i < a.length()) {
                ca = a.codePointAt(i);
                i += Character.charCount(ca);
            }
            if (j < b.length()) {
                cb = b.codePointAt(j);
                j += Character.charCount(cb);
            }
            if (byWeight) {
                ca = generalCiWeight(ca);
                cb = generalCiWeight(cb);
            }
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
        }
        return 0;
    }

    /** @return the length of {@code s} without its trailing spaces (PAD SPACE collations ignore them) */
    static int withoutTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    /** The general_ci weight of every BMP code point, built from the runs of the resource file. */
    private static final class GeneralCiTable {
        static final char[] WEIGHTS = load();

        private static char[] load() {
            char[] weights = new char[0x10000];
            for (int cp = 0; cp < weights.length; cp++) {
                weights[cp] = (char) cp;
            }
            try (InputStream in = Collations.class.getResourceAsStream("utf8mb4_general_ci.weights")) {
                if (in == null) {
                    throw new IllegalStateException("resource utf8mb4_general_ci.weights is missing from the driver jar");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty() || line.charAt(0) == '#') {
                        continue;
                    }
                    String[] f = line.split(" ");
                    int first = Integer.parseInt(f[0], 16);
                    int count = Integer.parseInt(f[1], 16);
                    int weight = Integer.parseInt(f[2], 16);
                    int step = Integer.parseInt(f[3]);
                    for (int k = 0; k < count; k++) {
                        weights[first + k] = (char) (weight + step * k);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read utf8mb4_general_ci.weights", e);
            }
            return weights;
        }
    }
}
