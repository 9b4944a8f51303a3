/**
 * Statistical disclosure control: suppression, the cell key method, and audits across tables,
 * methods and releases; reads aggregated counts, never record-level data.
 *
 * <p>Suppression works on small, fully additive count tables in long format ({@link
 * dk.thbstats.disclose.CountTable}) that {@link dk.thbstats.disclose.SuppressionStage} collects
 * from Spark (aggregates of a few hundred cells); the model, suppression and audit classes are
 * plain Java. {@link dk.thbstats.disclose.LinearConstraints} describes what an intruder knows
 * about the cells (the TOTAL margins of each table, the links between the tables of a release, and
 * the values earlier releases showed, {@link dk.thbstats.disclose.EarlierReleases}). {@link
 * dk.thbstats.disclose.Suppressor} chooses primary and secondary suppressions; {@link
 * dk.thbstats.disclose.DisclosureAudit} proves, with two linear programs per suppressed cell, that
 * no suppressed cell can be worked out more precisely than the {@link
 * dk.thbstats.disclose.Protection} requires; the programs are solved by {@link
 * dk.thbstats.disclose.WarmSimplex} from the previous optimum, every answer checked, with
 * commons-math's simplex as the fallback. {@link dk.thbstats.disclose.PublishAudit} checks a table
 * as written to the audit branch before it is published.
 *
 * <p>The evaluators' trend tables use the cell key method ({@link dk.thbstats.disclose.CellKeyMethod}
 * with a versioned {@link dk.thbstats.disclose.PerturbationTable}); {@link
 * dk.thbstats.disclose.CrossMethodAudit} attacks the suppression tables and the cell-key tables that
 * count the same persons ({@link dk.thbstats.disclose.MethodLinks}) together.
 *
 * <p>Results are values ({@link dk.thbstats.disclose.SuppressionResult}, {@link
 * dk.thbstats.disclose.AuditReport}); a failed protection is returned as data, not thrown.
 * Everything is deterministic: the same input gives the same output. Messages name cells and
 * counts, never the value of a cell.
 */
package dk.thbstats.disclose;
