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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads CSV deliveries with Commons CSV as their contract says. {@link #inspect} reads the whole
 * file once (an unclosed quote only fails at the end) and decides whether it can be loaded;
 * {@link #rows} then streams its rows.
 */
final class CsvFiles {
  private CsvFiles() {}

  private static CSVFormat format(SourceContract c) {
    return CSVFormat.DEFAULT.builder()
        .setDelimiter(c.csv().delimiter().charAt(0))
        .setQuote(c.csv().quote() == null ? '"' : c.csv().quote().charAt(0))
        .setRecordSeparator("\r\n")
        .setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(false)
        .get();
  }

  static String headerKey(String name) {
    return Normalizer.normalize(name.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** Reads the whole file: encoding, hash, header against the contract, row count, quoting. */
  static FileInspection inspect(DeliveryFile file, SourceContract contract, FileSystem fs) throws IOException {
    FileInspection result = tryInspect(file, contract, fs, Bytes.UTF8);
    if (result != null) {
      return result;
    }
    result = tryInspect(file, contract, fs, Bytes.CP1252);
    if (result != null) {
      return result;
    }
    String sha = Bytes.open(fs, file.uri(), Bytes.UTF8).sha256();
    return FileInspection.rejected(file, sha, null, "encoding", 0, null,
        "the file is neither UTF-8 nor Windows-1252 text");
  }

  /** Null when the charset does not decode the file. */
  private static FileInspection tryInspect(DeliveryFile file, SourceContract contract, FileSystem fs, Charset cs)
      throws IOException {
    Bytes.Opened opened = Bytes.open(fs, file.uri(), cs);
    String encoding = cs == Bytes.UTF8 ? (opened.bom() ? "UTF-8 with BOM" : "UTF-8") : "windows-1252";
    long rows = 0;
    List<String> unknown = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (Reader reader = opened.reader(); CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format(contract)).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      long lastLine = 0;
      try {
        if (!it.hasNext()) {
          return FileInspection.rejected(file, opened.sha256(), encoding, "empty_file", 0, null, "the file is empty");
        }
        CSVRecord header = it.next();
        lastLine = parser.getCurrentLineNumber();
        FileInspection bad = checkHeader(file, contract, header, unknown, missing, opened, encoding);
        if (bad != null) {
          return bad;
        }
        while (it.hasNext()) {
          it.next();
          lastLine = parser.getCurrentLineNumber();
          rows++;
        }
      } catch (UncheckedIOException e) {
        IOException cause = e.getCause();
        if (cause instanceof CharacterCodingException) {
          return null;
        }
        if (cause instanceof Bytes.BinaryContentException) {
          return FileInspection.rejected(file, opened.sha256(), encoding, "binary_content", 0, null,
              "the file holds binary content (NUL bytes), not delimited text");
        }
        int line = (int) lastLine + 1;
        return FileInspection.rejected(file, opened.sha256(), encoding, "unbalanced_quotes", line, null,
            "malformed quoting: a quoted field starting at or after line " + line + " is not closed properly");
      } catch (IllegalStateException | IllegalArgumentException e) {
        int line = (int) lastLine + 1;
        return FileInspection.rejected(file, opened.sha256(), encoding, "unbalanced_quotes", line, null,
            "malformed quoting at or after line " + line);
      }
      String sha = opened.sha256();
      if (rows == 0) {
        return FileInspection.rejected(file, sha, encoding, "no_rows", 0, null, "the file has a header but no data rows");
      }
      return FileInspection.ok(file, sha, encoding, rows, unknown, missing);
    } catch (CharacterCodingException e) {
      return null;
    } catch (Bytes.BinaryContentException e) {
      return FileInspection.rejected(file, opened.sha256(), encoding, "binary_content", 0, null,
          "the file holds binary content (NUL bytes), not delimited text");
    }
  }

  private static FileInspection checkHeader(DeliveryFile file, SourceContract contract, CSVRecord header,
      List<String> unknown, List<String> missing, Bytes.Opened opened, String encoding) throws IOException {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String key = headerKey(header.get(i));
      if (key.isEmpty()) {
        continue;
      }
      if (index.put(key, i) != null) {
        return FileInspection.rejected(file, opened.sha256(), encoding, "duplicate_column", 1, header.get(i).trim(),
            "the header names column '" + header.get(i).trim() + "' twice");
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
          wrongDelimiter ? "wrong_delimiter" : "missing_column", 1, missingRequired.get(0), message);
    }
    for (int i = 0; i < header.size(); i++) {
      String key = headerKey(header.get(i));
      boolean known = contract.columns().stream().anyMatch(c -> headerKey(c.name()).equals(key));
      if (!known && !key.isEmpty()) {
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
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(headerKey(header.get(i)), i);
    }
    int headerSize = header.size();
    long[] lastLine = {parser.getCurrentLineNumber()};
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public RawRow next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        CSVRecord rec = it.next();
        int line = (int) lastLine[0] + 1;
        lastLine[0] = parser.getCurrentLineNumber();
        return new CsvRow(rec, index, headerSize, line);
      }

      @Override
      public void close() throws IOException {
        parser.close();
      }
    };
  }

  private record CsvRow(CSVRecord rec, Map<String, Integer> index, int headerSize, int line) implements RawRow {
    @Override
    public String text(ColumnSpec column) {
      Integer i = index.get(headerKey(column.name()));
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
      for (String part : v.split(java.util.regex.Pattern.quote(sep))) {
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
