package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.PartitionLevel.KeyColumn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The partition functions against values OceanBase itself printed (resources/oceanbase/: its
 * mysqltest results and unit-test results, each row naming its file, line and commit). Nothing
 * expected here was computed by this project. Rows of types the driver declines (ENUM, SET) and
 * OceanBase's own error rows are counted, not skipped silently: {@link #everyRowIsUsedOrAccountedFor}.
 */
class OceanBaseVectorsTest {
    /** One row of partition-vectors.tsv. */
    record Vector(String kind, String sql, List<String> types, List<String> values, String expected, int partitions,
                  String source, boolean newFormat) {
        @Override
        public String toString() {
            return kind + " " + types + " " + values + " -> " + expected + " (" + source + ")";
        }

        boolean isError() {
            return expected.startsWith("ERROR");
        }

        boolean declined() {
            return types.stream().anyMatch(t -> t.startsWith("enum") || t.startsWith("set"));
        }
    }

    /** The tenant time zone of OceanBase's mysqltest runs, in which TIMESTAMP literals are read. */
    private static final ZoneOffset MYSQLTEST_ZONE = ZoneOffset.ofHours(8);
    private static final Pattern TYPE = Pattern.compile(
            "(tinyint|smallint|mediumint|int|bigint|float|double|decimal|datetime|date|timestamp|time|year|char|varchar"
                    + "|binary|varbinary|text|blob|null)(?:\\((\\d+)(?:,(\\d+))?\\))?( unsigned)?(?: (\\w+))?.*");

    static List<Vector> vectors() throws IOException {
        List<Vector> rows = new ArrayList<>();
        try (InputStream in = OceanBaseVectorsTest.class.getResourceAsStream("/oceanbase/partition-vectors.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                rows.add(new Vector(f[0], f[1], List.of(f[2].split("\\|")), List.of(f[3].split("\\|")), f[4],
                        f[5].isEmpty() ? 0 : Integer.parseInt(f[5]), f[6], f[8].startsWith("new-format")));
            }
        }
        return rows;
    }

    static Stream<Vector> keyHashes() throws IOException {
        return vectors().stream().filter(v -> v.kind().equals("partition_key") && !v.declined());
    }

    static Stream<Vector> hashValues() throws IOException {
        return vectors().stream().filter(v -> v.kind().equals("partition_hash") && !v.isError());
    }

    static Stream<Vector> partitionIndexes() throws IOException {
        return vectors().stream().filter(v -> v.kind().equals("partition_index"));
    }

    /** @return the column OceanBase's metadata would describe for a declared type, in the tenant's format */
    static KeyColumn column(String declared, boolean newFormat) {
        Matcher m = TYPE.matcher(declared.replace(" (literal)", "").trim().toLowerCase(Locale.ROOT));
        assertTrue(m.matches(), "type " + declared);
        boolean unsigned = m.group(4) != null;
        int length = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        int collation = m.group(5) != null ? Collations.UTF8MB4_GENERAL_CI : Collations.BINARY;
        return switch (m.group(1)) {
            case "tinyint" -> integer(unsigned ? 6 : 1);
            case "smallint" -> integer(unsigned ? 7 : 2);
            case "mediumint" -> integer(unsigned ? 8 : 3);
            case "int" -> integer(unsigned ? 9 : 4);
            case "bigint" -> integer(unsigned ? 10 : 5);
            case "float" -> integer(unsigned ? 13 : 11);
            case "double" -> integer(unsigned ? 14 : 12);
            case "decimal" -> new KeyColumn("c", newFormat ? 50 : 15, Collations.BINARY, null, length, scale, -1);
            case "datetime" -> integer(newFormat ? 53 : 17);
            case "timestamp" -> integer(18);
            case "date" -> integer(newFormat ? 52 : 19);
            case "time" -> integer(20);
            case "year" -> integer(21);
            case "varchar" -> new KeyColumn("c", 22, collation, null, -1, -1, length);
            case "char" -> new KeyColumn("c", 23, collation, null, -1, -1, length);
            case "varbinary" -> new KeyColumn("c", 22, Collations.BINARY, null, -1, -1, length);
            case "binary" -> new KeyColumn("c", 23, Collations.BINARY, null, -1, -1, length);
            case "text" -> new KeyColumn("c", 28, collation, null, -1, -1, -1);
            case "blob" -> new KeyColumn("c", 28, Collations.BINARY, null, -1, -1, -1);
            default -> integer(5); // a literal NULL: any type, NULL hashes alike
        };
    }

    private static KeyColumn integer(int obType) {
        return new KeyColumn("c", obType, Collations.BINARY);
    }

    private static List<PartitionKey> keys(Vector v) throws NotRoutableException {
        List<PartitionKey> keys = new ArrayList<>();
        for (int i = 0; i < v.values().size(); i++) {
            keys.add(PartitionKeys.of(PartitionKeys.literal(v.values().get(i)), column(v.types().get(i), v.newFormat()),
                    MYSQLTEST_ZONE));
        }
        return keys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyHashes")
    void keyHashIsWhatOceanBasePrinted(Vector v) throws NotRoutableException {
        long h = 0;
        for (PartitionKey key : keys(v)) {
            h = PartitionFunctions.keyHash(key, h);
        }
        assertEquals(Long.parseLong(v.expected()), PartitionFunctions.positive(h), v.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashValues")
    void hashValueIsWhatOceanBasePrinted(Vector v) throws NotRoutableException {
        long expected = Long.parseLong(v.expected());
        assertEquals(expected % 5, PartitionFunctions.hash(keys(v).get(0), 5), v.toString());
        assertEquals(expected % 7, PartitionFunctions.hash(keys(v).get(0), 7), v.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partitionIndexes")
    void partitionIsTheOneOceanBaseChose(Vector v) throws NotRoutableException {
        int expected = Integer.parseInt(v.expected().substring(1));
        List<PartitionKey> keys = keys(v);
        int actual;
        if (v.types().get(1 % v.types().size()).contains("HASH expression a+b")) {
            // HASH(a + b): the expression is the table's, evaluated here; NULL in either gives NULL
            boolean anyNull = keys.stream().anyMatch(PartitionKey::isNull);
            PartitionKey sum = anyNull ? PartitionKey.ofNull() : PartitionKey.ofLong(keys.get(0).bits() + keys.get(1).bits());
            actual = PartitionFunctions.hash(sum, v.partitions());
        } else if (v.sql().toUpperCase(Locale.ROOT).contains("HASH")) {
            actual = PartitionFunctions.hash(keys.get(0), v.partitions());
        } else {
            actual = PartitionFunctions.key(keys, v.partitions());
        }
        assertEquals(expected, actual, v.toString());
    }

    @Test
    void everyRowIsUsedOrAccountedFor() throws IOException {
        List<Vector> all = vectors();
        long used = keyHashes().count() + hashValues().count() + partitionIndexes().count();
        long declined = all.stream().filter(Vector::declined).count();
        long errors = all.stream().filter(Vector::isError).count();
        assertEquals(all.size(), used + declined + errors, "rows: " + all.size());
        assertEquals(175, all.size(), "the data file has the rows its README counts");
    }
}
