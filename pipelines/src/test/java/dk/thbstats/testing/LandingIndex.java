package dk.thbstats.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a generated landing area independently of the pipeline: which source record id sits at
 * each {@code <path>:<line>}. Assumes no line breaks inside CSV fields (the generator writes none).
 */
public final class LandingIndex {
  private final Map<String, String> recordIdAt = new HashMap<>();

  public LandingIndex(Path landing) {
    try (Stream<Path> files = Files.walk(landing)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = landing.relativize(f).toString().replace('\\', '/');
        if (rel.indexOf('/') < 0) {
          continue; // the landing's own files (the synthetic mark), not a delivery
        }
        String source = rel.substring(0, rel.indexOf('/'));
        if (rel.endsWith(".jsonl")) {
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          ObjectMapper m = new ObjectMapper();
          for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
              JsonNode n = m.readTree(lines.get(i));
              recordIdAt.put(rel + ":" + (i + 1), n.path("case_number").asText());
            }
          }
        } else {
          char delimiter = "ngo".equals(source) ? ';' : ',';
          String text = Files.readString(f, StandardCharsets.UTF_8);
          if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
          }
          try (Reader r = new java.io.StringReader(text);
              CSVParser p = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader()
                  .setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : p) {
              recordIdAt.put(rel + ":" + (rec.getRecordNumber() + 1), rec.get(0));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw record id at {@code path:line}, or null. */
  public String recordIdAt(String path, int line) {
    return recordIdAt.get(path + ":" + line);
  }
}
