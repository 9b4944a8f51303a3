package dk.thbstats.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages in order: sets the Spark job group {@code <runId>:<stage>}, logs start and end,
 * and records each stage's wall time for the run summary.
 */
public final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  /** Wall time of one stage. */
  public record Timing(String stage, long millis) {}

  private final RunContext context;
  private final List<Timing> timings = new ArrayList<>();

  public StageRunner(RunContext context) {
    this.context = context;
  }

  /** Runs {@code stage} on {@code input} and returns its result. */
  public <I, O> O run(Stage<I, O> stage, I input) {
    return time(stage.name(), () -> stage.run(input, context));
  }

  /** Runs a named piece of work that is not a {@link Stage} (e.g. the final report). */
  public <O> O time(String name, Supplier<O> work) {
    String group = context.runId() + ":" + name;
    context.spark().sparkContext().setJobGroup(group, name, false);
    LOG.info("run {} stage {} started", context.runId(), name);
    long start = System.nanoTime();
    try {
      O result = work.get();
      long millis = (System.nanoTime() - start) / 1_000_000;
      timings.add(new Timing(name, millis));
      LOG.info("run {} stage {} finished in {} ms", context.runId(), name, millis);
      return result;
    } finally {
      context.spark().sparkContext().clearJobGroup();
    }
  }

  /** The stages run so far, in order. */
  public List<Timing> timings() {
    return Collections.unmodifiableList(timings);
  }
}
