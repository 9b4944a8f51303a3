package dk.thbstats.generate;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What to generate: how many persons, from which seed, into which directory, with or without
 * variation, and the delivery calendar.
 *
 * <p>Invariants (checked on construction, the message names the bad value): {@code persons} in
 * [1, {@value #MAX_PERSONS}]; {@code out} set; {@code deliveries} in [1, {@value #MAX_DELIVERIES}];
 * {@code firstEventYear} ≥ {@value #MIN_FIRST_EVENT_YEAR} and not after the year of
 * {@code lastDelivery}; the first delivery date falls after 1 January of {@code firstEventYear}.
 * The same options always give byte-identical files.
 *
 * @param persons number of synthetic persons (victims, contacts and suspects)
 * @param seed seed of every random draw
 * @param out output directory; {@code landing/} and {@code truth/} are written below it
 * @param clean true for exports without any variation (same spelling, exact birth dates,
 *     sex and citizenship in every record)
 * @param deliveries number of delivery dates, {@value Deliveries#MONTHS_APART} months apart
 * @param lastDelivery the date of the last delivery
 * @param firstEventYear the year of the earliest case event
 * @param overwrite true to delete {@code out/landing} and {@code out/truth} first when they
 *     exist; when false the generator refuses to write over them
 */
public record GeneratorOptions(
    int persons,
    long seed,
    Path out,
    boolean clean,
    int deliveries,
    LocalDate lastDelivery,
    int firstEventYear,
    boolean overwrite) {

  /** Default number of deliveries. */
  public static final int DEFAULT_DELIVERIES = 3;
  /** Default date of the last delivery. */
  public static final LocalDate DEFAULT_LAST_DELIVERY = LocalDate.of(2026, 10, 31);
  /** Default year of the earliest event. */
  public static final int DEFAULT_FIRST_EVENT_YEAR = 2021;
  /** Largest number of persons (person ids have seven digits). */
  public static final int MAX_PERSONS = 9_999_999;
  /** Largest number of deliveries. */
  public static final int MAX_DELIVERIES = 120;
  /** Earliest allowed first event year. */
  public static final int MIN_FIRST_EVENT_YEAR = 1990;

  /** Validates; see the class comment. */
  public GeneratorOptions {
    if (persons < 1) {
      throw invalid("persons must be ≥ 1, was " + persons);
    }
    if (persons > MAX_PERSONS) {
      throw invalid("persons must be ≤ " + MAX_PERSONS + ", was " + persons);
    }
    if (out == null) {
      throw invalid("out must be set (the output directory)");
    }
    if (deliveries < 1 || deliveries > MAX_DELIVERIES) {
      throw invalid("deliveries must be between 1 and " + MAX_DELIVERIES + ", was " + deliveries);
    }
    if (lastDelivery == null) {
      throw invalid("lastDelivery must be set");
    }
    if (firstEventYear < MIN_FIRST_EVENT_YEAR || firstEventYear > lastDelivery.getYear()) {
      throw invalid("firstEventYear must be between " + MIN_FIRST_EVENT_YEAR + " and the year of lastDelivery ("
          + lastDelivery.getYear() + "), was " + firstEventYear);
    }
    LocalDate first = Deliveries.dates(lastDelivery, deliveries).get(0);
    if (!first.isAfter(LocalDate.of(firstEventYear, 1, 1))) {
      throw invalid("deliveries=" + deliveries + " (every " + Deliveries.MONTHS_APART + " months up to "
          + lastDelivery + ") start on " + first + ", not after 1 January of firstEventYear " + firstEventYear
          + ": use fewer deliveries or an earlier firstEventYear");
    }
  }

  /** A builder with the defaults; {@code out} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The delivery dates, ascending; the last is {@link #lastDelivery()}. */
  public List<LocalDate> deliveryDates() {
    return Deliveries.dates(lastDelivery, deliveries);
  }

  /** 1 January of {@link #firstEventYear()}: no event is earlier. */
  public LocalDate firstEventDate() {
    return LocalDate.of(firstEventYear, 1, 1);
  }

  private static PipelineException invalid(String message) {
    return new PipelineException(ErrorCode.CONFIG_INVALID, message);
  }

  /** Builder of {@link GeneratorOptions}; {@link #build()} validates. */
  public static final class Builder {
    private int persons = 1000;
    private long seed = 1L;
    private Path out;
    private boolean clean;
    private int deliveries = DEFAULT_DELIVERIES;
    private LocalDate lastDelivery = DEFAULT_LAST_DELIVERY;
    private int firstEventYear = DEFAULT_FIRST_EVENT_YEAR;
    private boolean overwrite;

    private Builder() {}

    /** Number of persons (default 1000). */
    public Builder persons(int persons) {
      this.persons = persons;
      return this;
    }

    /** Seed (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Output directory (required). */
    public Builder out(Path out) {
      this.out = out;
      return this;
    }

    /** Exports without variation (default false: noisy). */
    public Builder clean(boolean clean) {
      this.clean = clean;
      return this;
    }

    /** Number of delivery dates (default {@value GeneratorOptions#DEFAULT_DELIVERIES}). */
    public Builder deliveries(int deliveries) {
      this.deliveries = deliveries;
      return this;
    }

    /** Date of the last delivery (default 2026-10-31). */
    public Builder lastDelivery(LocalDate lastDelivery) {
      this.lastDelivery = lastDelivery;
      return this;
    }

    /** Year of the earliest event (default {@value GeneratorOptions#DEFAULT_FIRST_EVENT_YEAR}). */
    public Builder firstEventYear(int firstEventYear) {
      this.firstEventYear = firstEventYear;
      return this;
    }

    /** Replace existing {@code landing/} and {@code truth/} below {@code out} (default false). */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** The validated options. */
    public GeneratorOptions build() {
      return new GeneratorOptions(persons, seed, out, clean, deliveries, lastDelivery, firstEventYear, overwrite);
    }
  }
}
