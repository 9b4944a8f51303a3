/** Settings of a run: profile, paths, Spark options; loading and validation. Reads no data. */
package dk.thbstats.config;
