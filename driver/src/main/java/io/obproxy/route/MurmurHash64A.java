package io.obproxy.route;

/**
 * MurmurHash64A (Austin Appleby's 64-bit MurmurHash2 variant; m = 0xc6a4a7935bd1e995, r = 47),
 * the hash OceanBase's KEY partitioning chains over key columns. Blocks are read little-endian.
 */
public final class MurmurHash64A {
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    /** @return the hash of {@code data[offset, offset + length)} with {@code seed} */
    public static long hash(byte[] data, int offset, int length, long seed) {
        long h = seed ^ (length * M);
        int blocks = length >>> 3;
        int p = offset;
        for (int i = 0; i < blocks; i++, p += 8) {
            long k = (data[p] & 0xffL) | (data[p + 1] & 0xffL) << 8 | (data[p + 2] & 0xffL) << 16
                    | (data[p + 3] & 0xffL) << 24 | (data[p + 4] & 0xffL) << 32 | (data[p + 5] & 0xffL) << 40
                    | (data[p + 6] & 0xffL) << 48 | (data[p + 7] & 0xffL) << 56;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) {
                h ^= (data[p + i] & 0xffL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    public static long hash(byte[] data, long seed) {
        return hash(data, 0, data.length, seed);
    }

    /** @return the hash of a 64-bit value written as 8 bytes little-endian */
    public static long hashLong(long value, long seed) {
        long h = seed ^ (8 * M);
        long k = value * M;
        k ^= k >>> R;
        k *= M;
        h ^= k;
        h *= M;
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
