package dk.thbstats.generate;

import java.time.LocalDate;

/** Event dates as epoch days; {@link #NONE} marks an event that does not happen. */
final class Days {
  private Days() {}

  /** No such event. */
  static final int NONE = Integer.MIN_VALUE;

  /** The date of {@code day} if it happened on or before {@code asOf}, else null. */
  static LocalDate asOf(int day, int asOf) {
    return day != NONE && day <= asOf ? LocalDate.ofEpochDay(day) : null;
  }

  /** Epoch day of a date. */
  static int of(LocalDate date) {
    return (int) date.toEpochDay();
  }
}
