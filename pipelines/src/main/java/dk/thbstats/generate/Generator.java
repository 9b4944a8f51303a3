package dk.thbstats.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.LocalFiles;
import dk.thbstats.core.PipelineException;
import dk.thbstats.ingest.LandingMark;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Source;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes synthetic source exports and their ground truth.
 *
 * <p>Layout below {@code out}: {@code landing/ngo/<date>/<ORG>_<date>.csv} (full exports, one per
 * organisation and delivery), {@code landing/police/<date>/politi_262_<date>.csv} and
 * {@code landing/dis/<date>/udlst_screeninger_<date>.jsonl} (incremental: rows new or changed
 * since the previous delivery, the first delivery holding all history so far), and
 * {@code truth/records.csv}, {@code truth/persons.csv}, {@code truth/README.md}. Every delivery
 * folder of every source gets its files, empty ones with only a header.
 *
 * <p>Deterministic: the same options give byte-identical files. Persons are held in memory;
 * records are rendered one at a time and streamed to the files.
 */
public final class Generator {
  private Generator() {}

  /** Generates everything {@code options} asks for and returns what was written. */
  public static GeneratorSummary generate(GeneratorOptions options) {
    Path out = options.out();
    prepare(out, options.overwrite());
    NamePools pools = NamePools.load();
    CodeLists codeLists = CodeLists.load();
    Map<Source, ExportFormat> formats = new EnumMap<>(Source.class);
    for (Source s : Source.values()) {
      formats.put(s, ExportFormat.load(s, codeLists));
    }

    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom personRandom = root.split();
    SplittableRandom planRandom = root.split();
    PersonFactory factory = new PersonFactory(options, pools, personRandom);
    List<Person> persons = new ArrayList<>(options.persons());
    for (int i = 0; i < options.persons(); i++) {
      persons.add(factory.create(i));
    }
    CasePlanner.Plan plan = CasePlanner.plan(persons, options, planRandom);

    List<LocalDate> dates = options.deliveryDates();
    List<Integer> days = dates.stream().map(Days::of).toList();
    int lastIndex = dates.size() - 1;
    int lastDay = days.get(lastIndex);
    boolean clean = options.clean();
    Truth truth = new Truth(persons, List.copyOf(codeLists.codes("exploitation_form")));
    List<Path> files = new ArrayList<>();
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      counts.put(s.folder(), new long[3]);
    }

    Map<String, List<NgoCase>> ngoByOrg = new LinkedHashMap<>();
    for (String org : CasePlanner.ORGANISATIONS) {
      ngoByOrg.put(org, new ArrayList<>());
    }
    for (NgoCase c : plan.ngo()) {
      ngoByOrg.get(c.org()).add(c);
    }
    int[] policeFinal = plan.police().stream().mapToInt(r -> r.finalDelivery(days)).toArray();
    int[] disFinal = plan.dis().stream().mapToInt(r -> r.finalDelivery(days)).toArray();
    ExportFormat ngoFormat = formats.get(Source.NGO);
    ExportFormat policeFormat = formats.get(Source.POLICE);
    ExportFormat disFormat = formats.get(Source.DIS);
    ObjectMapper mapper = Json.data();

    for (int k = 0; k < dates.size(); k++) {
      String date = dates.get(k).toString();
      int day = days.get(k);
      for (Map.Entry<String, List<NgoCase>> e : ngoByOrg.entrySet()) {
        Path file = out.resolve("landing/ngo/" + date + "/" + e.getKey() + "_" + date + ".csv");
        try (CSVPrinter csv = csv(file, ngoFormat, "\r\n")) {
          for (NgoCase c : e.getValue()) {
            if (c.contact() > day) {
              continue;
            }
            Person p = persons.get(c.person());
            Map<String, Object> rec = RecordBuilder.ngo(c, p, day, clean, ngoFormat);
            printRow(csv, ngoFormat.csvRow(rec));
            counts.get("ngo")[2]++;
            if (k == lastIndex) {
              truth.accept(c.person(), rec, ngoFormat);
            }
          }
        } catch (IOException ex) {
          throw ioFailed(file, ex);
        }
        files.add(file);
        counts.get("ngo")[0]++;
      }

      Path policeFile = out.resolve("landing/police/" + date + "/politi_262_" + date + ".csv");
      try (CSVPrinter csv = csv(policeFile, policeFormat, "\n")) {
        for (int i = 0; i < plan.police().size(); i++) {
          PoliceRow row = plan.police().get(i);
          if (!row.deliveredIn(k, days)) {
            continue;
          }
          Map<String, Object> rec = RecordBuilder.police(row, persons.get(row.person()), day, clean, policeFormat);
          printRow(csv, policeFormat.csvRow(rec));
          counts.get("police")[2]++;
          if (policeFinal[i] == k) {
            truth.accept(row.person(), rec, policeFormat);
          }
        }
      } catch (IOException ex) {
        throw ioFailed(policeFile, ex);
      }
      files.add(policeFile);
      counts.get("police")[0]++;

      Path disFile = out.resolve("landing/dis/" + date + "/udlst_screeninger_" + date + ".jsonl");
      try (Writer w = writer(disFile)) {
        for (int i = 0; i < plan.dis().size(); i++) {
          DisCase c = plan.dis().get(i);
          if (!c.deliveredIn(k, days)) {
            continue;
          }
          Map<String, Object> rec = RecordBuilder.dis(c, persons.get(c.person()), day, clean, disFormat);
          w.write(mapper.writeValueAsString(disFormat.json(rec)));
          w.write('\n');
          counts.get("dis")[2]++;
          if (disFinal[i] == k) {
            truth.accept(c.person(), rec, disFormat);
          }
        }
      } catch (IOException ex) {
        throw ioFailed(disFile, ex);
      }
      files.add(disFile);
      counts.get("dis")[0]++;
    }

    Path records = out.resolve("truth/records.csv");
    try (CSVPrinter csv = truthCsv(records, Truth.RECORDS_HEADER)) {
      for (NgoCase c : plan.ngo()) {
        if (c.contact() <= lastDay) {
          csv.printRecord("ngo", c.recordId(), persons.get(c.person()).id());
          counts.get("ngo")[1]++;
        }
      }
      for (int i = 0; i < plan.police().size(); i++) {
        if (policeFinal[i] >= 0) {
          PoliceRow row = plan.police().get(i);
          csv.printRecord("police", row.recordId(), persons.get(row.person()).id());
          counts.get("police")[1]++;
        }
      }
      for (int i = 0; i < plan.dis().size(); i++) {
        if (disFinal[i] >= 0) {
          DisCase c = plan.dis().get(i);
          csv.printRecord("dis", c.recordId(), persons.get(c.person()).id());
          counts.get("dis")[1]++;
        }
      }
    } catch (IOException ex) {
      throw ioFailed(records, ex);
    }
    Path personsFile = out.resolve("truth/persons.csv");
    try (CSVPrinter csv = truthCsv(personsFile, Truth.PERSONS_HEADER)) {
      for (Person p : persons) {
        csv.printRecord(truth.row(p));
      }
    } catch (IOException ex) {
      throw ioFailed(personsFile, ex);
    }
    Path readme = out.resolve("truth/README.md");
    try (Writer w = writer(readme)) {
      w.write(Truth.readme());
    } catch (IOException ex) {
      throw ioFailed(readme, ex);
    }
    files.add(records);
    files.add(personsFile);
    files.add(readme);
    // The mark that lets the public demo key read these deliveries (and nothing else).
    Map<String, Object> made = new LinkedHashMap<>();
    made.put("persons", options.persons());
    made.put("seed", options.seed());
    made.put("clean", clean);
    LandingMark.write(out.resolve("landing"), "thb generate", made);
    files.add(out.resolve("landing").resolve(LandingMark.FILE));

    Map<String, GeneratorSummary.SourceCounts> sources = new LinkedHashMap<>();
    counts.forEach((s, c) -> sources.put(s, new GeneratorSummary.SourceCounts((int) c[0], c[1], c[2])));
    int suspects = (int) persons.stream().filter(p -> p.kind() == Person.Kind.SUSPECT).count();
    List<Path> relative = files.stream().map(out::relativize).sorted().toList();
    return new GeneratorSummary(out, persons.size(), persons.size() - suspects, suspects, truth.identified(),
        truth.presumed(), dates, sources, relative);
  }

  /**
   * Creates {@code out}; refuses (or with {@code overwrite} deletes) existing landing/ and truth/.
   * A folder this generator wrote before (its {@code truth/README.md} says so) is replaced
   * without asking; anything else may be real deliveries and is never deleted unasked.
   */
  private static void prepare(Path out, boolean overwrite) {
    try {
      Files.createDirectories(out);
      overwrite = overwrite || generatedBefore(out);
      for (String sub : new String[] {"landing", "truth"}) {
        Path dir = out.resolve(sub);
        if (!Files.exists(dir)) {
          continue;
        }
        if (!overwrite) {
          throw new PipelineException(ErrorCode.CONFIG_INVALID, out + " already holds " + sub
              + "/ that this generator did not write: choose an empty directory or pass --overwrite");
        }
        LocalFiles.deleteTree(dir);
      }
    } catch (IOException e) {
      throw ioFailed(out, e);
    }
  }

  private static boolean generatedBefore(Path out) throws IOException {
    Path readme = out.resolve("truth/README.md");
    return Files.isRegularFile(readme)
        && Files.readString(readme, StandardCharsets.UTF_8).startsWith("# Ground truth of a synthetic export");
  }

  private static CSVPrinter csv(Path file, ExportFormat format, String lineEnd) throws IOException {
    Writer w = writer(file);
    if (format.contract().csv().bom()) {
      w.write('\uFEFF');
    }
    CSVFormat f = CSVFormat.DEFAULT.builder()
        .setDelimiter(format.contract().csv().delimiter().charAt(0))
        .setQuote(format.contract().csv().quote() == null ? '"' : format.contract().csv().quote().charAt(0))
        .setRecordSeparator(lineEnd)
        .get();
    CSVPrinter printer = new CSVPrinter(w, f);
    printer.printRecord((Object[]) format.header());
    return printer;
  }

  /** Prints one row value by value (faster than {@code printRecord(Iterable)}, same output). */
  private static void printRow(CSVPrinter csv, List<String> values) throws IOException {
    for (String v : values) {
      csv.print(v);
    }
    csv.println();
  }

  private static CSVPrinter truthCsv(Path file, String[] header) throws IOException {
    CSVPrinter printer = new CSVPrinter(writer(file), CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
    printer.printRecord((Object[]) header);
    return printer;
  }

  private static Writer writer(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
  }

  private static PipelineException ioFailed(Path file, IOException e) {
    return new PipelineException(ErrorCode.IO_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
  }
}
