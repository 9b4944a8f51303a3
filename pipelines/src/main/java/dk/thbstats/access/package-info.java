/**
 * The evaluator's door: what a query may read and how. {@link dk.thbstats.access.Zone} is one
 * consistent state of the published tables (a release of the published zone, or for analysts the
 * nightly state), served under plain table names by {@link dk.thbstats.access.ZoneCatalog}, a
 * read-only Spark catalog that validates every name before Iceberg sees it.
 * {@link dk.thbstats.access.QueryGuard} admits one query against such a zone: an allow-list of
 * plan nodes and functions ({@link dk.thbstats.access.AllowList}) walked over the parsed and the
 * analysed plan, releases as the only time travel, bounded generators. Reads the published zone
 * and the nightly published tables through {@code publish}; never a restricted table, never a
 * key.
 */
package dk.thbstats.access;
