/**
 * The night: {@link dk.thbstats.night.NightlyJob} runs ingest → validate → pseudonymise → load
 * ({@link dk.thbstats.night.LoadStep}) → events ({@link dk.thbstats.night.EventsStage}) → link →
 * persons ({@link dk.thbstats.night.PersonsStage}) → aggregate → disclose → publish
 * ({@link dk.thbstats.night.StatisticsStep}) → report, and stops early when nothing changed since
 * every published table was made ({@link dk.thbstats.night.NightInputs}). A key rotation
 * ({@link dk.thbstats.night.KeyRotation}) re-runs the history under a new key and holds the
 * marker that keeps nights from starting until it has finished. Reads the landing and the
 * warehouse; writes the warehouse and the run folder. {@code cli} parses arguments and calls in.
 */
package dk.thbstats.night;
