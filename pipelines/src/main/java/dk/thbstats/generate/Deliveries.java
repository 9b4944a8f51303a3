package dk.thbstats.generate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Delivery dates: {@code count} dates {@value #MONTHS_APART} months apart, ending at the last
 * delivery. When the last delivery is the last day of its month, every date is a month end.
 */
final class Deliveries {
  /** Months between two deliveries. */
  static final int MONTHS_APART = 3;

  private Deliveries() {}

  /** The delivery dates in ascending order; the last one is {@code last}. */
  static List<LocalDate> dates(LocalDate last, int count) {
    boolean monthEnd = last.equals(YearMonth.from(last).atEndOfMonth());
    List<LocalDate> dates = new ArrayList<>(count);
    for (int i = count - 1; i >= 0; i--) {
      LocalDate d = last.minusMonths((long) MONTHS_APART * i);
      dates.add(monthEnd ? YearMonth.from(d).atEndOfMonth() : d);
    }
    return Collections.unmodifiableList(dates);
  }
}
