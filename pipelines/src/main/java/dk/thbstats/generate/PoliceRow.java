package dk.thbstats.generate;

import java.util.List;

/**
 * One person in one police case (a row of the police export). A row is new on its report date
 * and changes on the dates of charge, indictment and verdict.
 *
 * @param recordId case number plus person suffix ({@code journalnummer})
 * @param kreds police district code
 * @param person index of the person
 * @param suspect role MISTÆNKT (else OFFER)
 * @param seed seed of the record's variation
 * @param offence canonical offence (DK_SL_262A, DK_SL_262B)
 * @param forms canonical forms of exploitation of the case
 * @param report report date (anmeldelsesdato), shared by the case
 * @param charge charge date or {@link Days#NONE}
 * @param indictment indictment date or {@link Days#NONE}
 * @param verdict canonical verdict (CONVICTED, ACQUITTED) or null
 * @param verdictDay verdict date or {@link Days#NONE}
 */
record PoliceRow(
    String recordId,
    String kreds,
    int person,
    boolean suspect,
    long seed,
    String offence,
    List<String> forms,
    int report,
    int charge,
    int indictment,
    String verdict,
    int verdictDay) implements Incremental {

  @Override
  public int created() {
    return report;
  }

  @Override
  public int[] changes() {
    return new int[] {charge, indictment, verdictDay};
  }
}
