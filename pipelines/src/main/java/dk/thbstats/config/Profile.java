package dk.thbstats.config;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.Locale;

/**
 * Where the pipeline runs. {@code local} (the default) may create and use the demo key;
 * {@code production} refuses the demo key and the test key, and requires a key file.
 */
public enum Profile {
  LOCAL,
  PRODUCTION;

  /** Parses {@code local} or {@code production}. */
  public static Profile parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "profile must be local or production, was '" + value + "'");
    }
  }
}
