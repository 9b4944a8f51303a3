package dk.thbstats.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.apache.spark.sql.Row;

/**
 * Writes CSV that spreadsheets open correctly: RFC 4180 (CRLF, double-quote escaping), UTF-8 with
 * a BOM, nulls as empty fields, numbers as numbers. A text value that a spreadsheet would read as
 * a formula (starting with {@code = + - @}, tab or carriage return) is prefixed with an apostrophe.
 */
public final class CsvExport {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CsvExport() {}

  /** Writes {@code header} and the rows (streamed) to {@code file}; returns the row count. */
  public static long write(Path file, List<String> header, Iterator<Row> rows) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.MINIMAL).setRecordSeparator("\r\n").get();
    long n = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(BOM);
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      try (CSVPrinter printer = new CSVPrinter(w, format)) {
        printer.printRecord(header);
        while (rows.hasNext()) {
          Row r = rows.next();
          Object[] values = new Object[r.size()];
          for (int i = 0; i < r.size(); i++) {
            values[i] = safe(r.isNullAt(i) ? null : r.get(i));
          }
          printer.printRecord(values);
          n++;
        }
      }
    }
    return n;
  }

  /** Writes {@code header} and the records (lists of values) to {@code file}, as {@link #write} does. */
  public static long writeRecords(Path file, List<String> header, List<List<Object>> records) throws IOException {
    java.util.Iterator<List<Object>> it = records.iterator();
    return write(file, header, new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        return org.apache.spark.sql.RowFactory.create(it.next().toArray());
      }
    });
  }

  /** Neutralises spreadsheet formulas in text; leaves numbers and nulls alone. */
  public static Object safe(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number) {
      return value;
    }
    String s = value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }
}
