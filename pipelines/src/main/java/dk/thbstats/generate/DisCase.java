package dk.thbstats.generate;

/**
 * One DIS case (one person). New on its creation date; changes on screening, decision,
 * reflection period, residence permit and prepared return.
 *
 * @param recordId DIS case number, e.g. {@code DIS-2024-001234}
 * @param person index of the person
 * @param seed seed of the record's variation
 * @param created the case is registered
 * @param screening identification interview, or {@link Days#NONE}
 * @param outcome canonical decision (IDENTIFIED, NOT_VICTIM) or null while pending
 * @param decision decision date or {@link Days#NONE}
 * @param reflection start of the reflection period or {@link Days#NONE}
 * @param permit residence permit or {@link Days#NONE}
 * @param preparedReturn prepared return or {@link Days#NONE}
 * @param formsShown whether the case records the forms of exploitation
 */
record DisCase(
    String recordId,
    int person,
    long seed,
    int created,
    int screening,
    String outcome,
    int decision,
    int reflection,
    int permit,
    int preparedReturn,
    boolean formsShown) implements Incremental {

  @Override
  public int[] changes() {
    return new int[] {screening, decision, reflection, permit, preparedReturn};
  }
}
