/**
 * Statistical disclosure control: suppression, audit; reads aggregated counts, never
 * record-level data.
 *
 * <p>Input is a small, fully additive count table in long format ({@link
 * dk.thbstats.disclose.CountTable}) that the caller has collected from Spark; the model,
 * suppression and audit classes are plain Java and use no Spark API. {@link
 * dk.thbstats.disclose.LinearConstraints} describes what an intruder knows about the cells (the
 * TOTAL margins of each table, and later the links between the tables of a release and to the
 * previous release). {@link dk.thbstats.disclose.Suppressor} chooses primary and secondary
 * suppressions; {@link dk.thbstats.disclose.DisclosureAudit} proves, with two linear programs per
 * suppressed cell, that no suppressed cell can be worked out more precisely than the {@link
 * dk.thbstats.disclose.Protection} requires; the programs are solved by {@link
 * dk.thbstats.disclose.WarmSimplex} from the previous optimum, every answer checked, with
 * commons-math's simplex as the fallback. Results are values ({@link
 * dk.thbstats.disclose.SuppressionResult}, {@link dk.thbstats.disclose.AuditReport}); a failed
 * protection is returned as data, not thrown. Everything is deterministic: the same input gives
 * the same output. Messages name cells and counts, never the value of a cell.
 */
package dk.thbstats.disclose;
