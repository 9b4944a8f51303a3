package dk.thbstats.generate;

/**
 * One case at an NGO or at CMM, with the dates of its events (epoch days, {@link Days#NONE} when
 * the event does not happen). The case is known from its contact date on; an export shows only
 * the events up to its delivery date.
 *
 * @param recordId the case number ({@code sagsnummer})
 * @param org organisation code: CMM, NGO-A, NGO-B, NGO-C
 * @param person index of the person
 * @param seed seed of the record's variation
 * @param contact first contact (the case exists from then on)
 * @param interview identification interview
 * @param assessment canonical assessment (IDENTIFIED, PRESUMED, NOT_VICTIM) or null
 * @param assessmentDay date of the assessment
 * @param authority canonical assessing authority (CMM, DIS, NGO)
 * @param supportOffered support offered
 * @param supportAccepted support accepted
 * @param reflection start of the reflection period
 * @param preparedReturn prepared return
 * @param disCaseNumber DIS case number shown in {@code udlændingesag}, or null
 * @param disCaseFrom from which day the DIS case number is shown
 * @param formsShown whether the case records the forms of exploitation
 */
record NgoCase(
    String recordId,
    String org,
    int person,
    long seed,
    int contact,
    int interview,
    String assessment,
    int assessmentDay,
    String authority,
    int supportOffered,
    int supportAccepted,
    int reflection,
    int preparedReturn,
    String disCaseNumber,
    int disCaseFrom,
    boolean formsShown) {}
