package dk.thbstats.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.ColumnSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads JSON Lines deliveries with Jackson: one JSON object per line, UTF-8 (a BOM is tolerated).
 * {@link #inspect} parses every line before any row is accepted; a malformed line rejects the
 * whole file. Error messages give line and column only: Jackson's own messages can quote data.
 */
final class JsonLinesFiles {
  private static final ObjectMapper MAPPER = Json.data();

  private JsonLinesFiles() {}

  static FileInspection inspect(DeliveryFile file, SourceContract contract, FileSystem fs) throws IOException {
    if (Bytes.looksBinary(fs, file.uri())) {
      return FileInspection.rejected(file, Bytes.open(fs, file.uri(), Bytes.UTF8).sha256(), null, "binary_content", 0,
          null, "the file holds binary content (NUL bytes: an archive or UTF-16), not JSON Lines");
    }
    Bytes.Opened opened = Bytes.open(fs, file.uri(), Bytes.UTF8);
    String encoding = opened.bom() ? "UTF-8 with BOM" : "UTF-8";
    Set<String> known = new TreeSet<>();
    for (ColumnSpec c : contract.columns()) {
      known.add(topMember(c.name()));
    }
    Set<String> unknown = new TreeSet<>();
    long rows = 0;
    int lineNo = 0;
    try (BufferedReader reader = new BufferedReader(opened.reader())) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
          return FileInspection.rejected(file, opened.sha256(), encoding, "malformed_json", lineNo, null,
              "line " + lineNo + " is not valid JSON (error at character " + col + ")");
        }
        if (node == null || !node.isObject()) {
          return FileInspection.rejected(file, opened.sha256(), encoding, "malformed_json", lineNo, null,
              "line " + lineNo + " is not a JSON object (expected one object per line)");
        }
        node.fieldNames().forEachRemaining(n -> {
          if (!known.contains(n)) {
            unknown.add(n);
          }
        });
        rows++;
      }
    } catch (CharacterCodingException e) {
      int line = Bytes.firstUndecodableLine(fs, file.uri(), Bytes.UTF8);
      return FileInspection.rejected(file, opened.sha256(), null, "encoding", line, null,
          "the file is not UTF-8 (JSON Lines must be UTF-8); first bad bytes on line " + line);
    } catch (Bytes.BinaryContentException e) {
      return FileInspection.rejected(file, opened.sha256(), encoding, "binary_content", lineNo + 1, null,
          "the file holds binary content (NUL bytes), not JSON Lines");
    }
    String sha = opened.sha256();
    if (rows == 0) {
      return FileInspection.rejected(file, sha, encoding, "empty_file", 0, null, "the file holds no JSON objects");
    }
    return FileInspection.ok(file, sha, encoding, rows, new ArrayList<>(unknown), List.of());
  }

  private static String topMember(String pointer) {
    String p = pointer.startsWith("/") ? pointer.substring(1) : pointer;
    int slash = p.indexOf('/');
    return slash < 0 ? p : p.substring(0, slash);
  }

  static CloseableIterator<RawRow> rows(DeliveryFile file, FileSystem fs) throws IOException {
    Bytes.Opened opened = Bytes.open(fs, file.uri(), Bytes.UTF8);
    BufferedReader reader = new BufferedReader(opened.reader());
    return new CloseableIterator<>() {
      private int lineNo = 0;
      private RawRow next = advance();

      private RawRow advance() {
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            lineNo++;
            if (!line.isBlank()) {
              return new JsonRow(MAPPER.readTree(line), lineNo);
            }
          }
          return null;
        } catch (IOException e) {
          // The cause is dropped on purpose: Jackson's messages can quote the data.
          throw new UncheckedIOException(new IOException(
              "cannot read " + file.path() + " at line " + (lineNo + 1) + " (" + e.getClass().getSimpleName() + ")"));
        }
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
        RawRow current = next;
        next = advance();
        return current;
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  private record JsonRow(JsonNode node, int line) implements RawRow {
    private JsonNode at(ColumnSpec column) {
      JsonNode v = node.at(column.name());
      return v == null || v.isMissingNode() || v.isNull() ? null : v;
    }

    @Override
    public String text(ColumnSpec column) {
      JsonNode v = at(column);
      if (v == null) {
        return null;
      }
      if (!v.isValueNode()) {
        throw new WrongShape("expected a single value, found " + (v.isArray() ? "an array" : "an object"));
      }
      String s = v.asText().trim();
      return s.isEmpty() ? null : s;
    }

    @Override
    public List<String> texts(ColumnSpec column) {
      JsonNode v = at(column);
      List<String> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      if (!v.isArray()) {
        throw new WrongShape("expected an array");
      }
      for (JsonNode item : v) {
        if (!item.isValueNode()) {
          throw new WrongShape("expected an array of values");
        }
        String s = item.isNull() ? "" : item.asText().trim();
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return out;
    }

    @Override
    public List<Map<String, String>> objects(ColumnSpec column) {
      JsonNode v = at(column);
      List<Map<String, String>> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      if (!v.isArray()) {
        throw new WrongShape("expected an array of objects");
      }
      for (JsonNode item : v) {
        if (!item.isObject()) {
          throw new WrongShape("expected an array of objects");
        }
        Map<String, String> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          if (f.getValue().isValueNode() && !f.getValue().isNull()) {
            String s = f.getValue().asText().trim();
            if (!s.isEmpty()) {
              m.put(f.getKey(), s);
            }
          }
        }
        out.add(m);
      }
      return out;
    }

    @Override
    public List<String> structureProblems() {
      return List.of();
    }
  }
}
