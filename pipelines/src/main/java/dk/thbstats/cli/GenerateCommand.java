package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.generate.Generator;
import dk.thbstats.generate.GeneratorOptions;
import dk.thbstats.generate.GeneratorSummary;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** {@code thb generate}: synthetic exports with ground truth. */
final class GenerateCommand implements Cli.Command {
  @Override
  public String summary() {
    return "write synthetic exports for the three sources, with the ground truth";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb generate --persons N --out DIR [--seed S] [--clean] [--deliveries K]
                              [--last-delivery YYYY-MM-DD] [--first-year YYYY] [--overwrite]

        Writes synthetic deliveries to DIR/landing/<ngo|police|dis>/<YYYY-MM-DD>/ following the
        contracts in schemas/sources/, and the ground truth to DIR/truth/ (records.csv: which
        generated person each source record belongs to; persons.csv: each person's true
        attributes and victim status). The same person appears in several sources with realistic
        variation (typos, transliterations, swapped names, missing, approximate or 1 January
        birth dates, different identifiers). Deterministic for a seed.

          --persons N           persons to generate (victims, contacts and suspects)
          --out DIR             output folder
          --seed S              random seed (default 1)
          --clean               no variation: full names and exact birth dates everywhere, and no
                                two persons share name and birth date
          --deliveries K        delivery dates, every three months (default 3)
          --last-delivery DATE  the last delivery date (default 2026-10-31)
          --first-year YYYY     first year with events (default 2021)
          --overwrite           replace DIR/landing and DIR/truth even if this generator did not
                                write them (its own earlier output is always replaced)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv,
        Set.of("persons", "out", "seed", "deliveries", "last-delivery", "first-year"),
        Set.of("clean", "overwrite"));
    String persons = args.require("persons");
    String out = args.require("out");
    long seed = args.longValue("seed", 1);
    long deliveries = args.longValue("deliveries", GeneratorOptions.DEFAULT_DELIVERIES);
    long firstYear = args.longValue("first-year", GeneratorOptions.DEFAULT_FIRST_EVENT_YEAR);
    long n = persons == null ? 0 : args.longValue("persons", 0);
    args.check("generate");
    LocalDate last;
    try {
      last = LocalDate.parse(args.get("last-delivery", GeneratorOptions.DEFAULT_LAST_DELIVERY.toString()));
    } catch (DateTimeParseException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--last-delivery must be YYYY-MM-DD");
    }
    GeneratorOptions options = GeneratorOptions.builder()
        .persons((int) Math.min(Integer.MAX_VALUE, n))
        .seed(seed)
        .out(env.resolve(Path.of(out)))
        .clean(args.flag("clean"))
        .deliveries((int) Math.min(Integer.MAX_VALUE, deliveries))
        .lastDelivery(last)
        .firstEventYear((int) Math.min(Integer.MAX_VALUE, firstYear))
        .overwrite(args.flag("overwrite"))
        .build();
    GeneratorSummary summary = Generator.generate(options);
    summary.lines().forEach(env.out()::println);
    return 0;
  }
}
