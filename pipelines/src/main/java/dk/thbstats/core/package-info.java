/**
 * The pipeline's spine: the {@link dk.thbstats.core.Stage} interface, the run context and id,
 * the stage runner, and the one exception type with its error codes. Reads and writes no data.
 */
package dk.thbstats.core;
