package dk.thbstats.core;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Identifier of one run: the UTC start time to the second, e.g. {@code 20261129T023000Z}.
 * Used for logs, job groups and the run folder; never written into published rows.
 */
public record RunId(String value) {
  private static final Pattern SHAPE = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public RunId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "run id must look like 20261129T023000Z, was " + value);
    }
  }

  /** The run id for the clock's current instant. */
  public static RunId now(Clock clock) {
    return new RunId(FORMAT.format(clock.instant()));
  }

  /** The same instant with a numeric suffix, for a second run within the same second. */
  public RunId withSuffix(int n) {
    return new RunId(value.replaceAll("-\\d+$", "") + "-" + n);
  }

  @Override
  public String toString() {
    return value;
  }
}
