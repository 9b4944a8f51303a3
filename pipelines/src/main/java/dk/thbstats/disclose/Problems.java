package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;

/**
 * The package's two kinds of failure as the pipeline's one exception type: a bad setting
 * ({@link ErrorCode#CONFIG_INVALID}) and a table or constraint set that breaks an invariant the
 * aggregation stage guarantees ({@link ErrorCode#INTERNAL}). Messages name cells, settings and
 * counts, never the value of a cell.
 */
final class Problems {
  private Problems() {}

  static PipelineException setting(String message) {
    return new PipelineException(ErrorCode.CONFIG_INVALID, message);
  }

  static PipelineException invariant(String message) {
    return new PipelineException(ErrorCode.INTERNAL, message);
  }
}
