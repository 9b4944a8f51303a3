package dk.thbstats.core;

/**
 * One named pipeline step; everything it needs arrives as arguments.
 *
 * <p>A stage returns a result value (usually a record holding the datasets it produced and the
 * counts the run manifest needs). A stage never reads global state: Spark, the run id, the clock
 * and the batch date come through the {@link RunContext}.
 *
 * @param <I> the input, typically the previous stage's result
 * @param <O> the result
 */
public interface Stage<I, O> {

  /** Short, stable name used in logs, Spark job groups and the run manifest. */
  String name();

  /** Runs the step. Failures are {@link PipelineException}s with an {@link ErrorCode}. */
  O run(I input, RunContext context);
}
