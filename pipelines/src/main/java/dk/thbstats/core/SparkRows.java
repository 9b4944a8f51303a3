package dk.thbstats.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Small helpers for building and reading {@link Row}s from Java without Scala types leaking. */
public final class SparkRows {
  private SparkRows() {}

  /** A Java list as the Scala sequence Spark's row encoder expects for ARRAY columns. */
  public static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  /** The ARRAY value at {@code field} as a Java list; empty when null. */
  public static <T> List<T> list(Row row, String field) {
    int i = row.fieldIndex(field);
    if (row.isNullAt(i)) {
      return new ArrayList<>();
    }
    return new ArrayList<>(row.<T>getList(i));
  }

  /** The value at {@code field}, or null. */
  @SuppressWarnings("unchecked")
  public static <T> T get(Row row, String field) {
    int i = row.fieldIndex(field);
    return row.isNullAt(i) ? null : (T) row.get(i);
  }
}
