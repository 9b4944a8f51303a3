/**
 * Ingest: the landing area, file inspection (encoding, structure, content hash) and readers for
 * CSV (Commons CSV) and JSON Lines (Jackson) that map delivered rows to the canonical staged row
 * of {@code schemas/canonical/staged.v1.json}. Reads the organisations' landing files; writes
 * nothing (its cleartext output is pseudonymised in the same Spark stage).
 */
package dk.thbstats.ingest;
