/**
 * The night: {@link dk.thbstats.night.NightlyJob} runs ingest → validate → pseudonymise → load
 * ({@link dk.thbstats.night.LoadStep}) → events ({@link dk.thbstats.night.EventsStage}) → link
 * ({@code link.LinkStage}, then {@link dk.thbstats.night.LinkWriteStage}) → persons
 * ({@link dk.thbstats.night.PersonsStage}) → record keys, aggregate, trend tables, disclose,
 * cell key method, disclose across methods, publish ({@link dk.thbstats.night.StatisticsStep}
 * composing {@link dk.thbstats.night.RecordKeysStage}, {@link dk.thbstats.night.AggregateStage},
 * {@link dk.thbstats.night.TrendTablesStage}, {@code disclose.SuppressionStage},
 * {@link dk.thbstats.night.CellKeyStage}, {@link dk.thbstats.night.AcrossMethodsStage} and
 * {@link dk.thbstats.night.PublishStage}) → report, and stops early when nothing changed since
 * every published table was made ({@link dk.thbstats.night.NightInputs}). Every step is a
 * {@code core.Stage} with input and output records, timed under its name. A key rotation
 * ({@link dk.thbstats.night.KeyRotation}) re-runs the history under a new key and holds the
 * marker that keeps nights from starting until it has finished. Reads the landing and the
 * warehouse; writes the warehouse and the run folder. {@link dk.thbstats.night.PersonFilesLinkage}
 * is the same pseudonymise-then-link path for person files outside a night ({@code thb link}, the
 * bench). {@code cli} parses arguments and calls in.
 */
package dk.thbstats.night;
