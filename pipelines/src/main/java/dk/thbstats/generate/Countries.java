package dk.thbstats.generate;

import java.util.List;

/**
 * Citizenship profiles of the synthetic population: how often each citizenship occurs among
 * female and male victims and among suspects, whether it is an EU country, how often its victims
 * are undocumented (and so identified by DIS), the document number shapes and the form of
 * exploitation that is over-represented. Rough figures after domain.md §1, not statistics.
 */
final class Countries {
  private Countries() {}

  /** The own country (CPR holders). */
  static final String DENMARK = "DK";

  /**
   * One citizenship.
   *
   * @param code ISO 3166-1 alpha-2
   * @param femaleWeight relative frequency among female victims
   * @param maleWeight relative frequency among male victims
   * @param suspectWeight relative frequency among suspects
   * @param eu EU member (residents may have a CPR number; identity cards)
   * @param undocumented probability that a victim has no legal stay (then DIS identifies)
   * @param passport shape of passport numbers: {@code L} letter, {@code D} digit, else literal
   * @param idCard shape of identity-card numbers, or null when none are issued
   * @param callingCode international calling code
   * @param femaleForm form over-represented among female victims, or null
   * @param maleForm form over-represented among male victims, or null
   */
  record Country(
      String code,
      double femaleWeight,
      double maleWeight,
      double suspectWeight,
      boolean eu,
      double undocumented,
      String passport,
      String idCard,
      String callingCode,
      String femaleForm,
      String maleForm) {}

  /** All citizenships; each has a name pool. */
  static final List<Country> ALL = List.of(
      new Country("NG", 40, 5, 10, false, 0.70, "LDDDDDDDD", null, "234", "SEX_PROSTITUTION", null),
      new Country("TH", 20, 2, 6, false, 0.50, "LLDDDDDDD", null, "66", "SEX_PROSTITUTION", "LABOUR"),
      new Country("RO", 10, 18, 12, true, 0.0, "DDDDDDDD", "LLDDDDDD", "40", null, "BEGGING"),
      new Country("VN", 5, 14, 5, false, 0.80, "LDDDDDDD", null, "84", null, "CRIMINAL_ACTIVITY"),
      new Country("UA", 6, 8, 3, false, 0.10, "LLDDDDDD", null, "380", null, "LABOUR"),
      new Country("PH", 6, 2, 1, false, 0.20, "PDDDDDDDL", null, "63", "DOMESTIC_SERVITUDE", "LABOUR"),
      new Country("MA", 1, 8, 4, false, 0.80, "LLDDDDDDD", null, "212", null, "CRIMINAL_ACTIVITY"),
      new Country("CN", 5, 3, 4, false, 0.60, "EDDDDDDDD", null, "86", "SEX_PROSTITUTION", "LABOUR"),
      new Country("UG", 4, 1, 1, false, 0.70, "LDDDDDDD", null, "256", "SEX_PROSTITUTION", null),
      new Country("GH", 3, 3, 2, false, 0.70, "GDDDDDDD", null, "233", null, "LABOUR"),
      new Country("BG", 4, 8, 8, true, 0.0, "DDDDDDDDD", "DDDDDDDDD", "359", null, "LABOUR"),
      new Country("HU", 4, 3, 5, true, 0.0, "LLDDDDDDD", "DDDDDDLL", "36", "SEX_PROSTITUTION", null),
      new Country("PL", 1, 8, 5, true, 0.0, "LLDDDDDDD", "LLLDDDDDD", "48", null, "LABOUR"),
      new Country("LT", 1, 6, 3, true, 0.0, "DDDDDDDD", "DDDDDDDD", "370", null, "LABOUR"),
      new Country(DENMARK, 5, 4, 20, true, 0.0, "DDDDDDDDD", null, "45", null, null),
      new Country("BR", 2, 1, 1, false, 0.40, "LLDDDDDD", null, "55", "SEX_PROSTITUTION", null),
      new Country("AL", 1, 2, 4, false, 0.50, "LLDDDDDDD", null, "355", null, "CRIMINAL_ACTIVITY"),
      new Country("ER", 1, 3, 1, false, 0.85, "LDDDDDDD", null, "291", null, "LABOUR"),
      new Country("RU", 1, 1, 1, false, 0.30, "DDDDDDDDD", null, "7", null, null),
      new Country("SY", 0.5, 2, 2, false, 0.60, "NDDDDDDDD", null, "963", null, "LABOUR"));

  /** Weights of {@link #ALL} for a role and sex ('F', 'M' or 'X'; X uses the female weights). */
  static double[] weights(boolean suspect, char sex) {
    double[] w = new double[ALL.size()];
    for (int i = 0; i < w.length; i++) {
      Country c = ALL.get(i);
      w[i] = suspect ? c.suspectWeight() : sex == 'M' ? c.maleWeight() : c.femaleWeight();
    }
    return w;
  }
}
