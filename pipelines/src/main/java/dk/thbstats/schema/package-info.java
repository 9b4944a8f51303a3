/**
 * The contracts of {@code schemas/} as Java values: source contracts, table contracts with their
 * Spark schemas, code lists, and one constants class per table for column names. Reads only the
 * schema files packaged in the jar.
 */
package dk.thbstats.schema;
