/**
 * Linkage: match keys on keyed tokens, blocking by equi-join, connected components, stable person
 * keys with redirects, and the person-level table. Reads {@code restricted.records} and the
 * previous {@code restricted.links}; its results are written as {@code restricted.links},
 * {@code restricted.person_redirects} and {@code restricted.persons}.
 */
package dk.thbstats.link;
