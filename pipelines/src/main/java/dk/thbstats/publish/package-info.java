/**
 * Publishing: the Iceberg warehouse (catalog, tables from contracts, atomic writes), published
 * tables with their descriptive properties, the run manifest and exports for recipients. Reads
 * disclosure-controlled tables; writes the warehouse and export folders.
 */
package dk.thbstats.publish;
