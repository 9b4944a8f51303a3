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
