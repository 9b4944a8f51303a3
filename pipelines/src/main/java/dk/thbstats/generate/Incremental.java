package dk.thbstats.generate;

import java.util.List;

/**
 * A record of an incremental export: delivered when it is new or changed since the previous
 * delivery (the first delivery holds everything so far).
 */
interface Incremental {
  /** Epoch day from which the record exists. */
  int created();

  /** Epoch days on which the record changes; {@link Days#NONE} entries are ignored. */
  int[] changes();

  /** Whether the record is in delivery {@code k} of {@code deliveryDays} (ascending epoch days). */
  default boolean deliveredIn(int k, List<Integer> deliveryDays) {
    int day = deliveryDays.get(k);
    if (created() > day) {
      return false;
    }
    if (k == 0) {
      return true;
    }
    int previous = deliveryDays.get(k - 1);
    if (created() > previous) {
      return true;
    }
    for (int c : changes()) {
      if (c != Days.NONE && c > previous && c <= day) {
        return true;
      }
    }
    return false;
  }

  /** The last delivery that holds the record (its final version), or -1 when none does. */
  default int finalDelivery(List<Integer> deliveryDays) {
    for (int k = deliveryDays.size() - 1; k >= 0; k--) {
      if (deliveredIn(k, deliveryDays)) {
        return k;
      }
    }
    return -1;
  }
}
