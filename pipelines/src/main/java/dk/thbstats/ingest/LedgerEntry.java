package dk.thbstats.ingest;

/** What the load ledger says about a path processed on an earlier night. */
public record LedgerEntry(String path, String sha256, String status, long sizeBytes) {}
