/**
 * Linkage on keyed encodings: blocking by equi-join on tokens and on {@link dk.thbstats.link.NameLsh}
 * bands of the name Bloom filter ({@link dk.thbstats.link.Blocking}); comparisons as ordered level
 * lists ({@link dk.thbstats.link.Comparisons}); a Fellegi–Sunter model ({@link
 * dk.thbstats.link.FellegiSunter}: bundled, or fitted and checked by {@link dk.thbstats.link.FitChecks};
 * u and λ measured on the records linked; name levels weighed against strangers of the pair's
 * citizenship, {@link dk.thbstats.link.NamesWithinCitizenship} and {@link
 * dk.thbstats.link.TokenFrequencies}); clustering that splits at the weakest links rather than chain
 * records with evidence against ({@link dk.thbstats.link.Clustering}); stable person keys with
 * redirects; incremental nights ({@link dk.thbstats.link.LinkStage}, {@link dk.thbstats.link.LinkState});
 * the person-level table, whose ages come from the {@code Ages} that pseudonymisation hands over (no
 * key here); and the linkage report ({@link dk.thbstats.link.LinkReport}). Reads {@code
 * restricted.records} and the previous {@code restricted.links}; its results are written as {@code
 * restricted.links}, {@code restricted.link_pairs}, {@code restricted.link_review}, {@code
 * restricted.person_redirects} and {@code restricted.persons}.
 */
package dk.thbstats.link;
