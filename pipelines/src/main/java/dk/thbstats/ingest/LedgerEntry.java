package dk.thbstats.ingest;

/** What the load ledger says about a path processed on an earlier night. */
public record LedgerEntry(String path, String sha256, String status, long sizeBytes, String runId) {

  /** Whether this entry should win over {@code other} for the same path: loaded beats rejected, then newer. */
  public boolean supersedes(LedgerEntry other) {
    boolean loaded = !"rejected".equals(status);
    boolean otherLoaded = !"rejected".equals(other.status);
    if (loaded != otherLoaded) {
      return loaded;
    }
    return runId.compareTo(other.runId) > 0;
  }
}
