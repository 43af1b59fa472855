package io.obproxy.route;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OceanBase's MySQL-mode partition functions, computed client-side (odp-facts section 2). Pure.
 *
 * <ul>
 *   <li>HASH: NULL is 0; the value as signed 64 bits (unsigned reinterpreted); its absolute value,
 *   INT64_MIN taken as INT64_MAX; modulo the partition count.</li>
 *   <li>KEY: MurmurHash64A chained over the key columns (the seed of each is the hash so far,
 *   starting at 0); integers and date/time values hashed as 8 bytes little-endian, NULL as a 4-byte
 *   0, doubles as their 8 bytes with -0.0 folded to 0.0 (a DOUBLE of fixed scale as its decimal
 *   text), decimals in their storage format
 *   ({@link DecimalHashes}), strings by collation ({@link Collations}: utf8mb4_bin without trailing
 *   spaces, binary as every byte, general_ci by weights); then the absolute value (INT64_MIN as
 *   INT64_MAX) modulo the partition count.</li>
 * </ul>
 */
final class PartitionFunctions {
    /** What KEY hashes for NULL: OceanBase's {@code null_hash} hashes the int {@code ObNullType} (0), 4 bytes. */
    private static final byte[] NULL_TYPE = new byte[4];

    private PartitionFunctions() {
    }

    /** @return the HASH partition index of an integer key */
    public static int hash(PartitionKey key, int partitions) throws NotRoutableException {
        if (key.isNull()) {
            return 0;
        }
        if (key.kind() != PartitionKey.Kind.INTEGER && key.kind() != PartitionKey.Kind.UNSIGNED) {
            throw new NotRoutableException("HASH of a " + key.kind() + " value is not computed");
        }
        return (int) (positive(key.bits()) % partitions);
    }

    /** @return the KEY partition index of the key columns' values, in key order */
    public static int key(List<PartitionKey> keys, int partitions) throws NotRoutableException {
        long h = 0;
        for (PartitionKey key : keys) {
            h = keyHash(key, h);
        }
        return (int) (positive(h) % partitions);
    }

    static long keyHash(PartitionKey key, long seed) throws NotRoutableException {
        switch (key.kind()) {
            case NULL:
                return MurmurHash64A.hash(NULL_TYPE, 0, NULL_TYPE.length, seed);
            case DOUBLE:
                if (key.string() != null) {
                    byte[] text = key.string().getBytes(StandardCharsets.US_ASCII);
                    return MurmurHash64A.hash(text, 0, text.length, seed);
                }
                return MurmurHash64A.hashLong(key.bits(), seed);
            case INTEGER:
            case UNSIGNED:
                return MurmurHash64A.hashLong(key.bits(), seed);
            case BYTES:
                return MurmurHash64A.hash(key.bytes(), 0, key.bytes().length, seed);
            case DECIMAL:
                return DecimalHashes.number(key.decimal(), seed);
            case DECIMAL_INT:
                return DecimalHashes.decimalInt(key.decimal().unscaledValue(), seed);
            case STRING:
                return stringHash(key, seed);
            default:
                throw new IllegalStateException("no KEY hash for " + key.kind());
        }
    }

    private static long stringHash(PartitionKey key, long seed) throws NotRoutableException {
        switch (key.collation()) {
            case Collations.UTF8MB4_GENERAL_CI:
                return Collations.hashGeneralCi(key.string(), seed);
            case Collations.UTF8MB4_BIN:
                byte[] stripped = key.string().substring(0, Collations.withoutTrailingSpaces(key.string()))
                        .getBytes(StandardCharsets.UTF_8);
                return MurmurHash64A.hash(stripped, 0, stripped.length, seed);
            case Collations.BINARY:
                byte[] all = key.utf8();
                return MurmurHash64A.hash(all, 0, all.length, seed);
            default:
                throw new NotRoutableException("collation " + key.collation() + " of a string key is not supported");
        }
    }

    /** @return |v|, with INT64_MIN (whose negation overflows) taken as INT64_MAX */
    static long positive(long v) {
        if (v == Long.MIN_VALUE) {
            return Long.MAX_VALUE;
        }
        return v < 0 ? -v : v;
    }
}
