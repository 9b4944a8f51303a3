package dk.thbstats.cli;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.LocalFiles;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.ingest.PersonFiles;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.ModelFile;
import dk.thbstats.night.PersonFilesLinkage;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** {@code thb link}: the nightly job's encoding and linkage on any person files. */
final class LinkCommand implements Cli.Command {
  @Override
  public String summary() {
    return "deduplicate person files with the pipeline's encodings and linkage";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb link --input FILE[,FILE...] --mapping MAPPING.json --out OUT.csv
                          [--model MODEL.json] [--save-model MODEL.json] [--key-file FILE]
                          [--threshold P] [--report DIR] [--master URL]

        Encodes the records of one or more person files (each file one source) with keyed
        tokens and Bloom filters, exactly as the nightly job does, deduplicates them within and
        across the files with the Fellegi-Sunter model, and writes OUT.csv with one row per
        (source, record_id): source,record_id,person_id. Record ids are never compared.

        MAPPING.json: {"delimiter": ",", "header": true, "trim": true, "record_id": "rec_id",
          "fields": {"given_name": "...", "family_name": "...", "full_name": null,
                     "birth_date": "...", "birth_date_format": "yyyyMMdd", "birth_year": null,
                     "birth_month": null, "birth_day": null, "sex": null, "citizenship": null,
                     "document_number": null, "street": "...", "postcode": "...", "locality": "...",
                     "phone": null, "email": null}}
        A field may name a list of columns (joined with a space); absent or null = not in the
        file; without a header the columns are c1, c2, ... A value that cannot be parsed is
        missing.

          --model FILE       use a trained model; without it the model is fitted on the input
                             (u from random pairs, m by EM)
          --save-model FILE  write the fitted model
          --report DIR       write DIR/linkage.html: the model's weights, the fit's checks, the
                             match probabilities, cluster sizes and blocking (aggregates only)
          --key-file FILE    the master secret; without it an ephemeral key that dies with the run
          --threshold P      link pairs with match probability >= P (default from
                             schemas/linkage/settings.v1.json)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("input", "mapping", "out", "model", "save-model", "key-file", "threshold", "master",
            "report"),
        Set.of());
    String input = args.require("input");
    String mappingFile = args.require("mapping");
    String out = args.require("out");
    args.check("link");
    List<Path> files = new ArrayList<>();
    for (String f : input.split(",")) {
      Path p = env.resolve(Path.of(f.trim()));
      if (!Files.isRegularFile(p)) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "input file " + p + " does not exist");
      }
      files.add(p);
    }
    PersonFiles.Mapping mapping = PersonFiles.Mapping.read(env.resolve(Path.of(mappingFile)));
    LinkSettings settings = LinkSettings.load();
    String threshold = args.get("threshold", null);
    if (threshold != null) {
      settings = settings.withLinkThreshold(Double.parseDouble(threshold));
    }
    FellegiSunter model = args.get("model", null) == null ? null : ModelFile.read(env.resolve(Path.of(args.get("model", null))));
    Keyring keyring = args.get("key-file", null) == null ? Keyring.ephemeral()
        : Keys.resolve(env.resolve(Path.of(args.get("key-file", null))), env.env(), Profile.LOCAL,
            w -> env.err().println("thb link: WARNING " + w));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    RunContext context = new RunContext(spark, RunId.now(env.clock()), env.clock());
    PersonFilesLinkage.Output outcome = new PersonFilesLinkage().run(
        new PersonFilesLinkage.Input(files, mapping, keyring, settings, model), context);
    if (outcome.result().fellBack()) {
      env.err().println("thb link: WARNING the model fitted on the input failed its checks ("
          + String.join("; ", outcome.result().fitProblems()) + "): linked with the bundled model schemas/"
          + ModelFile.BUNDLED + " instead");
    }
    Path outFile = env.resolve(Path.of(out));
    writeCsv(outcome, outFile);
    if (args.get("save-model", null) != null && outcome.result().fellBack()) {
      env.err().println("thb link: WARNING --save-model: nothing written, the fitted model was refused");
    } else if (args.get("save-model", null) != null) {
      ModelFile.write(outcome.result().model(), env.resolve(Path.of(args.get("save-model", null))),
          String.join(",", files.stream().map(p -> p.getFileName().toString()).toList()));
    }
    if (args.get("report", null) != null) {
      String source = model != null ? "model file " + Path.of(args.get("model", null)).getFileName()
          : outcome.result().fellBack() ? "bundled model schemas/" + ModelFile.BUNDLED + " (the fit failed its checks)"
              : "fitted on these records";
      Path page = dk.thbstats.link.LinkReport.write(dk.thbstats.link.LinkReport.figures(
          "./thb link, " + outcome.records() + " records of " + files.size() + " file(s)", source, outcome.result(),
          settings), env.resolve(Path.of(args.get("report", null))));
      env.out().println("report -> " + page);
    }
    long persons = outcome.assignment().select("person_id").distinct().count();
    env.out().printf("linked %d records from %d file(s) into %d persons -> %s%n", outcome.records(), files.size(),
        persons, outFile);
    return 0;
  }

  static void writeCsv(PersonFilesLinkage.Output outcome, Path outFile) {
    Path tmp = outFile.resolveSibling("." + outFile.getFileName() + ".tmp");
    try {
      LocalFiles.deleteTree(tmp);
      outcome.assignment().orderBy("source", "record_id").coalesce(1).write().mode(SaveMode.Overwrite)
          .option("header", "true").option("quote", "\"").option("escape", "\"")
          .csv(tmp.toUri().toString());
      Path part;
      try (Stream<Path> s = Files.list(tmp)) {
        part = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
      }
      Files.createDirectories(outFile.toAbsolutePath().getParent());
      Files.move(part, outFile, StandardCopyOption.REPLACE_EXISTING);
      LocalFiles.deleteTree(tmp);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + outFile, e);
    }
  }
}
