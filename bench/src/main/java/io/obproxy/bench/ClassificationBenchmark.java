package io.obproxy.bench;

import io.obproxy.sql.SqlClassifier;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of classifying an OLTP statement: from the cache (the common case) and from scratch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassificationBenchmark {
    /** An OLTP statement; a field, not a constant, so that the JIT cannot fold the lookup away. */
    public String sql = "UPDATE sbtest1 SET c = ? WHERE id = ? AND k IN (SELECT k FROM sbtest2 WHERE id = ?)";

    private final SqlClassifier classifier = new SqlClassifier(10_000);

    @Benchmark
    public SqlInfo cached() {
        return classifier.classify(sql);
    }

    @Benchmark
    public SqlInfo uncached() {
        return StatementParser.parse(sql);
    }
}
