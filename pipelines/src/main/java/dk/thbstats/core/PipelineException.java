package dk.thbstats.core;

import java.util.Objects;

/**
 * The one unchecked exception of the pipeline. Its message names the file, line, column or
 * setting at fault, never a personal value; the CLI prints it as a one-line reason.
 */
public class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public PipelineException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public PipelineException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
