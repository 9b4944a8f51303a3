/**
 * Data quality: rules that decide whether a row is accepted or quarantined. Reads staged or
 * pseudonymised rows and adds problems; never drops a row. Rules are data ({@link
 * dk.thbstats.validate.Rule}, {@link dk.thbstats.validate.RuleSet}); {@link
 * dk.thbstats.validate.DeequFacade} is the one place that runs Deequ, and this is the only package
 * that imports Deequ, and the only one that uses Scala types but the evaluators' query guard
 * ({@code access.QueryGuard}, which walks Catalyst plans); {@link dk.thbstats.validate.Scala}
 * converts at the boundary.
 * {@link dk.thbstats.validate.KeyChecks} checks the keyed columns after pseudonymisation, {@link
 * dk.thbstats.validate.MetricsHistory} keeps the Deequ metrics of every night, and {@link
 * dk.thbstats.validate.QualityReport} writes what a night quarantined and why.
 */
package dk.thbstats.validate;
