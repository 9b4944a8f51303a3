package dk.thbstats.core;

/** Why a run or a command failed; shown to the user with the message and used as exit status. */
public enum ErrorCode {
  /** Bad command line, settings or configuration file. */
  CONFIG_INVALID(2),
  /** A contract or table does not have the expected columns or types. */
  SCHEMA_MISMATCH(3),
  /** A data-quality rule at error level failed for a whole dataset. */
  DATA_QUALITY_FAILED(4),
  /** A privacy rule would be broken (e.g. the demo key in production, a cleartext column). */
  PRIVACY_GUARD(5),
  /** Reading or writing files or tables failed. */
  IO_FAILED(6),
  /** A published table failed the disclosure audit. */
  DISCLOSURE_FAILED(7),
  /** A bug: an invariant of the pipeline itself does not hold. */
  INTERNAL(70);

  private final int exitStatus;

  ErrorCode(int exitStatus) {
    this.exitStatus = exitStatus;
  }

  /** The process exit status the CLI uses for this error. */
  public int exitStatus() {
    return exitStatus;
  }
}
