/**
 * Synthetic exports for tests, samples and benchmarks; writes only to the directory it is given;
 * never reads real data.
 *
 * <p>{@link dk.thbstats.generate.Generator#generate(GeneratorOptions)} draws synthetic persons
 * (victims, presumed victims, persons assessed as not victims, contacts and suspects), plans
 * their cases at the NGOs and CMM, the police and the immigration service (DIS), and writes the
 * deliveries of each source exactly as its contract in {@code schemas/sources/} describes them
 * ({@code DIR/landing/<source>/<date>/}), together with the ground truth ({@code DIR/truth/}).
 * Reads only the contracts and code lists on the class path and the synthetic name pools in
 * {@code generate/names.json}.
 */
package dk.thbstats.generate;
