package dk.thbstats.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Small helpers for building and reading {@link Row}s from Java. No Scala type: an ARRAY value is
 * built as a Java array, which Spark's row encoder and {@code createDataFrame} take as they take a
 * Scala sequence; {@link #list} reads it back either way — Spark hands a row built by one map
 * function straight to the next when nothing lies between them (the Java array as it was put),
 * and a decoded row's array as a Scala sequence that {@link Row#getList} wraps.
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
    return list(row, i);
  }

  /**
   * The ARRAY value at {@code i} as a Java list: a Java array as {@link #array} built it (a row that
   * one map function hands straight to the next, never encoded in between), or what Spark's
   * decoder gives ({@link Row#getList}).
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> list(Row row, int i) {
    Object v = row.get(i);
    if (v instanceof Object[] a) {
      return new ArrayList<>((List<T>) java.util.Arrays.asList(a));
    }
    return new ArrayList<>(row.<T>getList(i));
  }
}
