package dk.thbstats.schema;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The export families the pipeline ingests. Their names are the landing folder names, exactly.
 */
public enum Source {
  NGO("ngo", 1),
  POLICE("police", 1),
  DIS("dis", 1);

  private final String folder;
  private final int contractVersion;

  Source(String folder, int contractVersion) {
    this.folder = folder;
    this.contractVersion = contractVersion;
  }

  /** The landing folder name and the value of the {@code source} column. */
  public String folder() {
    return folder;
  }

  /** The version of the contract in force. */
  public int contractVersion() {
    return contractVersion;
  }

  /** The contract file under {@code schemas/}. */
  public String contractPath() {
    return "sources/" + folder + ".v" + contractVersion + ".json";
  }

  /** The source for a landing folder name. */
  public static Source fromFolder(String name) {
    for (Source s : values()) {
      if (s.folder.equals(name)) {
        return s;
      }
    }
    throw new PipelineException(
        ErrorCode.CONFIG_INVALID,
        "unknown source '" + name + "'; expected one of "
            + Arrays.stream(values()).map(Source::folder).collect(Collectors.joining(", ")));
  }

  /** Whether {@code name} is a source folder name. */
  public static boolean isSource(String name) {
    return Arrays.stream(values()).anyMatch(s -> s.folder.equals(name.toLowerCase(Locale.ROOT)) && s.folder.equals(name));
  }
}
