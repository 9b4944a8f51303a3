package dk.thbstats.schema;

/**
 * The columns every published table shares and the codes its cells use, declared once: the
 * aggregates, disclosure control, publishing and the reports all read them from here (the
 * table contracts in {@code schemas/tables/} name the same columns and codes).
 */
public final class Published {
  private Published() {}

  /** The reference year of a cell, or {@link #TOTAL} for all years. */
  public static final String YEAR = "year";
  public static final String SEX = "sex";
  public static final String AGE_GROUP = "age_group";
  /** The published figure (null where it is suppressed or not available). */
  public static final String VALUE = "value";
  /** Why a figure is not shown ({@code x} suppressed, {@code :} not available, {@code c} withheld). */
  public static final String FLAG = "flag";
  public static final String VINTAGE = "vintage";
  public static final String STATUS = "status";

  /** The code of a margin: every value of the dimension together. */
  public static final String TOTAL = "TOTAL";
}
