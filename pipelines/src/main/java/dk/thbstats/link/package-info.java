/**
 * Linkage on keyed encodings: blocking by equi-join on tokens and on {@link dk.thbstats.link.NameLsh}
 * bands of the name Bloom filter, comparison levels, a Fellegi–Sunter model (bundled, or fitted and
 * checked by {@link dk.thbstats.link.FitChecks}; u and λ measured on the records linked),
 * clustering with cannot-links, stable person keys with redirects, incremental nights
 * ({@link dk.thbstats.link.LinkStage}, {@link dk.thbstats.link.LinkState}), the person-level table,
 * and the linkage report ({@link dk.thbstats.link.LinkReport}). Reads {@code restricted.records}
 * and the previous {@code restricted.links}; its results are written as {@code restricted.links},
 * {@code restricted.link_pairs}, {@code restricted.link_review}, {@code restricted.person_redirects}
 * and {@code restricted.persons}.
 */
package dk.thbstats.link;
