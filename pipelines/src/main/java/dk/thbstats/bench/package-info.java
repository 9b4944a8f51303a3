/**
 * Benchmarks of the night that are not linkage quality: {@link dk.thbstats.bench.ScaleBench}
 * generates persons, measures the I/O floor (plain Spark reading the landing and writing Parquet)
 * and runs a full and an incremental night, stage by stage. Figures only: no test times anything.
 * Synthetic data under the demo key; reads nothing but what it generates.
 */
package dk.thbstats.bench;
