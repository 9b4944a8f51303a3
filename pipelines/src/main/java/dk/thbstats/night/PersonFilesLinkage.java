package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.ingest.PersonFiles;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.ProbabilisticLinkage;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables.Records;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The linkage of {@code thb link} and {@code thb bench} on person files: read (on executors, one
 * task per file) → pseudonymise → probabilistic linkage → {@code source, record_id, person_id}.
 * The record ids stay with the person files; linkage sees keyed columns only.
 */
public final class PersonFilesLinkage implements Stage<PersonFilesLinkage.Input, PersonFilesLinkage.Output> {
  /**
   * The person files and their mapping, the key, the linkage settings and the model (null: fitted
   * on the records).
   */
  public record Input(List<Path> files, PersonFiles.Mapping mapping, Keyring keyring, LinkSettings settings,
      FellegiSunter model) {}

  /**
   * The assignment ({@code source, record_id, person_id}), what linkage produced, the records
   * linked, and each record key's source and record id.
   */
  public record Output(Dataset<Row> assignment, ProbabilisticLinkage.Result result, long records,
      Dataset<Row> keys) {}

  @Override
  public String name() {
    return "link person files";
  }

  @Override
  public Output run(Input in, RunContext context) {
    SparkSession spark = context.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> paths = in.files().stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.toList());
    PersonFiles.Mapping mapping = in.mapping();
    JavaRDD<Row> rows = jsc.parallelize(paths, paths.size())
        .flatMap(p -> PersonFiles.read(Path.of(p), mapping).iterator());
    Dataset<Row> staged = spark.createDataFrame(rows, Staged.contract().schema());
    Dataset<Row> records = new PseudonymiseStage(in.keyring()).run(staged, context)
        .dropDuplicates(Records.RECORD_KEY)
        .localCheckpoint();
    long n = records.count();
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(records, in.settings(), in.model(),
        ProbabilisticLinkage.SEED);
    Dataset<Row> ids = staged.select(col(Staged.SOURCE), col(Staged.RECORD_ID), col(Staged.SOURCE_FILE),
        col(Staged.SOURCE_LINE));
    // record_key → (source, record_id): the record ids stay with the person file, never in linkage.
    Dataset<Row> keys = records.select(Records.RECORD_KEY, Records.SOURCE_FILE, Records.SOURCE_LINE)
        .join(ids, new String[] {Staged.SOURCE_FILE, Staged.SOURCE_LINE})
        .select(col(Records.RECORD_KEY), col(Staged.SOURCE).as("source"), col(Staged.RECORD_ID).as("record_id"))
        .localCheckpoint();
    return new Output(assign(result.clusters(), keys), result, n, keys);
  }

  /** {@code source, record_id, person_id} from clusters ({@code record_key, component}). */
  public static Dataset<Row> assign(Dataset<Row> clusters, Dataset<Row> keys) {
    return clusters.join(keys, Records.RECORD_KEY)
        .select(col("source"), col("record_id"),
            concat(lit("P"), substring(sha2(col("component"), 256), 1, 16)).as("person_id"))
        .dropDuplicates("source", "record_id");
  }
}
