/**
 * Marts and count tables: one class per output table, computed from {@code restricted.persons}
 * (deduplicated persons) into full, additive count tables before disclosure control.
 */
package dk.thbstats.aggregate;
