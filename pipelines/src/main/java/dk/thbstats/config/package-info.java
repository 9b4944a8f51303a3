/**
 * The run profile ({@link dk.thbstats.config.Profile}): {@code local}, where the demo key may serve
 * synthetic data, or {@code production}, which requires a key file. Paths, Spark options and the
 * linkage settings are read where they are used ({@code cli} options, {@code core.SparkSessions},
 * {@code schemas/linkage/settings.v1.json} through {@link dk.thbstats.link.LinkSettings}). Reads no
 * data.
 */
package dk.thbstats.config;
