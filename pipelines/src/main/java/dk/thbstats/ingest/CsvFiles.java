package dk.thbstats.ingest;

import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.ColumnSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads CSV deliveries with Commons CSV as their contract says. {@link #inspect} reads the whole
 * file once (an unclosed quote only fails at the end) and decides whether it can be loaded;
 * {@link #rows} then streams its rows.
 *
 * <p>Encoding: UTF-8 (with or without BOM) is tried first; a file without BOM that is not valid
 * UTF-8 is read as Windows-1252, unless its header then shows UTF-8 mojibake ("Ã¸"). A file
 * with a BOM is UTF-8 by its own declaration: an invalid byte rejects it with the line.
 * Blank lines are skipped but counted, so line numbers are physical lines.
 */
final class CsvFiles {
  /** What Windows-1252 makes of a UTF-8 letter such as ø (C3 B8 → "Ã¸"). */
  private static final Pattern MOJIBAKE = Pattern.compile("[ÃÂ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]");

  private CsvFiles() {}

  private static CSVFormat format(SourceContract c) {
    return CSVFormat.DEFAULT.builder()
        .setDelimiter(c.csv().delimiter().charAt(0))
        .setQuote(c.csv().quote() == null ? '"' : c.csv().quote().charAt(0))
        .setRecordSeparator("\r\n")
        .setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(false)
        .get();
  }

  static String headerKey(String name) {
    return Normalizer.normalize(name.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  private static boolean blank(CSVRecord r) {
    return r.size() == 1 && r.get(0).isBlank();
  }

  /** Reads the whole file: encoding, hash, header against the contract, row count, quoting. */
  static FileInspection inspect(DeliveryFile file, SourceContract contract, FileSystem fs) throws IOException {
    if (Bytes.looksBinary(fs, file.uri())) {
      return FileInspection.rejected(file, Bytes.open(fs, file.uri(), Bytes.UTF8).sha256(), null, "binary_content", 0,
          null, "the file holds binary content (NUL bytes: a spreadsheet, an archive or UTF-16), not delimited text");
    }
    Attempt utf8 = tryInspect(file, contract, fs, Bytes.UTF8);
    if (utf8.result() != null) {
      return utf8.result();
    }
    if (utf8.bom()) {
      int line = Bytes.firstUndecodableLine(fs, file.uri(), Bytes.UTF8);
      return FileInspection.rejected(file, Bytes.open(fs, file.uri(), Bytes.UTF8).sha256(), "UTF-8 with BOM",
          "encoding", line, null, "the file starts with a UTF-8 BOM but line " + line + " holds bytes that are not UTF-8");
    }
    Attempt cp1252 = tryInspect(file, contract, fs, Bytes.CP1252);
    if (cp1252.result() != null) {
      return cp1252.result();
    }
    int line = Bytes.firstUndecodableLine(fs, file.uri(), Bytes.CP1252);
    return FileInspection.rejected(file, Bytes.open(fs, file.uri(), Bytes.UTF8).sha256(), null, "encoding",
        line, null, "the file is neither UTF-8 nor Windows-1252 text (first bad bytes on line " + line + ")");
  }

  /** The outcome of reading with one charset: a result, or where decoding failed. */
  private record Attempt(FileInspection result, boolean bom, int badLine) {}

  private static Attempt tryInspect(DeliveryFile file, SourceContract contract, FileSystem fs, Charset cs)
      throws IOException {
    Bytes.Opened opened = Bytes.open(fs, file.uri(), cs);
    String encoding = cs == Bytes.UTF8 ? (opened.bom() ? "UTF-8 with BOM" : "UTF-8") : "windows-1252";
    long rows = 0;
    long lastLine = 0;
    List<String> unknown = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (Reader reader = opened.reader();
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format(contract)).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      try {
        CSVRecord header = null;
        while (it.hasNext()) {
          CSVRecord r = it.next();
          lastLine = parser.getCurrentLineNumber();
          if (!blank(r)) {
            header = r;
            break;
          }
        }
        if (header == null) {
          return done(FileInspection.rejected(file, opened.sha256(), encoding, "empty_file", 0, null, "the file is empty"));
        }
        if (cs == Bytes.CP1252 && MOJIBAKE.matcher(String.join(" ", header.values())).find()) {
          return done(FileInspection.rejected(file, opened.sha256(), null, "encoding", (int) lastLine, null,
              "the header reads as UTF-8 text damaged by a wrong byte (mixed encodings); deliver clean UTF-8"));
        }
        FileInspection bad = checkHeader(file, contract, header, (int) lastLine, unknown, missing, opened, encoding);
        if (bad != null) {
          return done(bad);
        }
        while (it.hasNext()) {
          CSVRecord r = it.next();
          lastLine = parser.getCurrentLineNumber();
          if (!blank(r)) {
            rows++;
          }
        }
      } catch (UncheckedIOException e) {
        IOException cause = e.getCause();
        if (cause instanceof CharacterCodingException) {
          return new Attempt(null, opened.bom(), (int) lastLine + 1);
        }
        if (cause instanceof Bytes.BinaryContentException) {
          return done(FileInspection.rejected(file, opened.sha256(), encoding, "binary_content", 0, null,
              "the file holds binary content (NUL bytes), not delimited text"));
        }
        int line = (int) lastLine + 1;
        return done(FileInspection.rejected(file, opened.sha256(), encoding, "unbalanced_quotes", line, null,
            "malformed quoting: a quoted field starting at or after line " + line + " is not closed properly"));
      } catch (IllegalStateException | IllegalArgumentException e) {
        int line = (int) lastLine + 1;
        return done(FileInspection.rejected(file, opened.sha256(), encoding, "unbalanced_quotes", line, null,
            "malformed quoting at or after line " + line));
      }
      String sha = opened.sha256();
      if (rows == 0) {
        return done(FileInspection.rejected(file, sha, encoding, "no_rows", 0, null, "the file has a header but no data rows"));
      }
      return done(FileInspection.ok(file, sha, encoding, rows, unknown, missing));
    } catch (CharacterCodingException e) {
      return new Attempt(null, opened.bom(), (int) lastLine + 1);
    } catch (Bytes.BinaryContentException e) {
      return done(FileInspection.rejected(file, opened.sha256(), encoding, "binary_content", 0, null,
          "the file holds binary content (NUL bytes), not delimited text"));
    }
  }

  private static Attempt done(FileInspection result) {
    return new Attempt(result, false, 0);
  }

  private static FileInspection checkHeader(DeliveryFile file, SourceContract contract, CSVRecord header,
      int headerLine, List<String> unknown, List<String> missing, Bytes.Opened opened, String encoding)
      throws IOException {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String key = headerKey(header.get(i));
      if (!key.isEmpty()) {
        index.putIfAbsent(key, i);
      }
    }
    List<String> missingRequired = new ArrayList<>();
    for (ColumnSpec col : contract.columns()) {
      if (!index.containsKey(headerKey(col.name()))) {
        if (col.required()) {
          missingRequired.add(col.name());
        } else {
          missing.add(col.name());
        }
      }
    }
    if (!missingRequired.isEmpty()) {
      String delimiter = contract.csv().delimiter();
      boolean wrongDelimiter = header.size() == 1 && contract.columns().size() > 1;
      String message = wrongDelimiter
          ? "the header has one column: the contract expects '" + delimiter + "'-separated columns (wrong delimiter?)"
              + "; missing required column(s) " + String.join(", ", missingRequired)
          : "missing required column(s) " + String.join(", ", missingRequired);
      return FileInspection.rejected(file, opened.sha256(), encoding,
          wrongDelimiter ? "wrong_delimiter" : "missing_column", headerLine, missingRequired.get(0), message);
    }
    // Only now is the first row known to be a header; its names can be reported.
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String key = headerKey(header.get(i));
      if (key.isEmpty()) {
        continue;
      }
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        boolean known = contract.columns().stream().anyMatch(c -> headerKey(c.name()).equals(key));
        return FileInspection.rejected(file, opened.sha256(), encoding, "duplicate_column", headerLine,
            known ? header.get(i).trim() : null,
            "header positions " + (first + 1) + " and " + (i + 1) + " have the same name"
                + (known ? " ('" + header.get(i).trim() + "')" : ""));
      }
      boolean known = contract.columns().stream().anyMatch(c -> headerKey(c.name()).equals(key));
      if (!known) {
        unknown.add(header.get(i).trim());
      }
    }
    return null;
  }

  /** Streams the data rows of an inspected, readable file. The caller closes the iterator. */
  static CloseableIterator<RawRow> rows(DeliveryFile file, SourceContract contract, FileSystem fs,
      FileInspection inspection) throws IOException {
    Charset cs = "windows-1252".equals(inspection.encoding()) ? Bytes.CP1252 : Bytes.UTF8;
    Bytes.Opened opened = Bytes.open(fs, file.uri(), cs);
    CSVParser parser = CSVParser.builder().setReader(opened.reader()).setFormat(format(contract)).get();
    Iterator<CSVRecord> it = parser.iterator();
    CSVRecord header = it.next();
    while (blank(header)) {
      header = it.next();
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(headerKey(header.get(i)), i);
    }
    Map<String, Integer> columnIndex = new HashMap<>();
    for (ColumnSpec col : contract.columns()) {
      Integer i = index.get(headerKey(col.name()));
      if (i != null) {
        columnIndex.put(col.name(), i);
      }
    }
    int headerSize = header.size();
    long[] lastLine = {parser.getCurrentLineNumber()};
    return new CloseableIterator<>() {
      private CSVRecord next = advance();

      private CSVRecord advance() {
        while (it.hasNext()) {
          CSVRecord r = it.next();
          if (!blank(r)) {
            return r;
          }
          lastLine[0] = parser.getCurrentLineNumber();
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public RawRow next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        CSVRecord rec = next;
        int line = (int) lastLine[0] + 1;
        lastLine[0] = parser.getCurrentLineNumber();
        next = advance();
        return new CsvRow(rec, columnIndex, headerSize, line);
      }

      @Override
      public void close() throws IOException {
        parser.close();
      }
    };
  }

  private record CsvRow(CSVRecord rec, Map<String, Integer> columnIndex, int headerSize, int line) implements RawRow {
    @Override
    public String text(ColumnSpec column) {
      Integer i = columnIndex.get(column.name());
      if (i == null || i >= rec.size()) {
        return null;
      }
      String v = rec.get(i).trim();
      return v.isEmpty() ? null : v;
    }

    @Override
    public List<String> texts(ColumnSpec column) {
      String v = text(column);
      List<String> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      String sep = column.separator() == null ? "|" : column.separator();
      for (String part : v.split(Pattern.quote(sep))) {
        String p = part.trim();
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
      return out;
    }

    @Override
    public List<Map<String, String>> objects(ColumnSpec column) {
      throw new WrongShape("a CSV column cannot hold a list of objects");
    }

    @Override
    public List<String> structureProblems() {
      if (rec.size() != headerSize) {
        return List.of("the row has " + rec.size() + " fields, the header has " + headerSize);
      }
      return List.of();
    }
  }
}
