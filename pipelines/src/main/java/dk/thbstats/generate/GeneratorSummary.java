package dk.thbstats.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one run of the generator wrote.
 *
 * @param out the output directory
 * @param persons persons generated (rows of {@code truth/persons.csv})
 * @param victimSide persons on the victim side (role VICTIM: victims, persons assessed as not
 *     victims, contacts)
 * @param suspects persons with role SUSPECT
 * @param identified persons whose truth status is IDENTIFIED
 * @param presumed persons whose truth status is PRESUMED
 * @param deliveries the delivery dates, ascending
 * @param sources per source folder ({@code ngo}, {@code police}, {@code dis}, in that order) the
 *     files, distinct records and rows written
 * @param files every file written, relative to {@code out}, sorted
 */
public record GeneratorSummary(
    Path out,
    int persons,
    int victimSide,
    int suspects,
    int identified,
    int presumed,
    List<LocalDate> deliveries,
    Map<String, SourceCounts> sources,
    List<Path> files) {

  /**
   * Counts of one source.
   *
   * @param files files written (one per delivery, NGOs one per organisation and delivery)
   * @param records distinct record ids ever delivered (rows of {@code truth/records.csv})
   * @param rows rows written over all deliveries (full exports repeat records; incremental
   *     exports repeat only changed records)
   */
  public record SourceCounts(int files, long records, long rows) {}

  /** Copies the collections; {@code sources} keeps its order. */
  public GeneratorSummary {
    deliveries = List.copyOf(deliveries);
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    files = List.copyOf(files);
  }

  /** Number of files written, truth files included. */
  public int filesWritten() {
    return files.size();
  }

  /** Distinct records delivered by {@code source} ({@code ngo}, {@code police}, {@code dis}), 0 if unknown. */
  public long records(String source) {
    SourceCounts c = sources.get(source);
    return c == null ? 0 : c.records();
  }

  /** A few human-readable lines, e.g. for the CLI. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("persons: " + persons + " (victim side " + victimSide + ", suspects " + suspects
        + "; registered victims: identified " + identified + ", presumed " + presumed + ")");
    lines.add("deliveries: " + deliveries.stream().map(LocalDate::toString).collect(Collectors.joining(", ")));
    for (Map.Entry<String, SourceCounts> e : sources.entrySet()) {
      SourceCounts c = e.getValue();
      lines.add(e.getKey() + ": " + c.files() + " files, " + c.records() + " records, " + c.rows() + " rows");
    }
    lines.add("files written: " + files.size() + " under " + out);
    return lines;
  }

  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
