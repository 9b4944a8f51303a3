package dk.thbstats.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Small helpers for building and reading {@link Row}s from Java. No Scala type: an ARRAY value is
 * built as a Java array, which Spark's row encoder and {@code createDataFrame} take as they take a
 * Scala sequence, and read back with {@link Row#getList}.
 */
public final class SparkRows {
  private SparkRows() {}

  /** A Java list as the value of an ARRAY column of a {@link Row}. */
  public static Object[] array(List<?> list) {
    return list.toArray();
  }

  /** The value of {@code field} by {@code schema} (rows inside map functions may carry none), or null. */
  @SuppressWarnings("unchecked")
  public static <T> T get(Row row, org.apache.spark.sql.types.StructType schema, String field) {
    int i = schema.fieldIndex(field);
    return row.isNullAt(i) ? null : (T) row.get(i);
  }

  /** The ARRAY value of {@code field} by {@code schema}, as a Java list; empty when null. */
  public static <T> List<T> list(Row row, org.apache.spark.sql.types.StructType schema, String field) {
    int i = schema.fieldIndex(field);
    if (row.isNullAt(i)) {
      return new ArrayList<>();
    }
    return new ArrayList<>(row.<T>getList(i));
  }
}
