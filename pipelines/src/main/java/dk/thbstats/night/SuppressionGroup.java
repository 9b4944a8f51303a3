package dk.thbstats.night;

import dk.thbstats.schema.Tables;
import java.util.List;

/**
 * The suppression groups: the tables of a group share margins (the victims tables their yearly and
 * year x sex cells, the traffickers tables their year x legal status cells) and are suppressed and
 * audited together; different populations never share a margin.
 */
public enum SuppressionGroup {
  VICTIMS(List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_CITIZENSHIP, Tables.VICTIMS_EXPLOITATION,
      Tables.VICTIMS_EXPLOITATION_SEX, Tables.VICTIMS_REGISTERED_STATUS)),
  TRAFFICKERS(List.of(Tables.TRAFFICKERS, Tables.TRAFFICKERS_SEX));

  private final List<Tables> tables;

  SuppressionGroup(List<Tables> tables) {
    this.tables = tables;
  }

  /** The group's tables, the first the one whose margins the others share. */
  public List<Tables> tables() {
    return tables;
  }

  /** The threshold of the group (the largest of its tables'). */
  int threshold() {
    return tables.stream().mapToInt(t -> t.contract().threshold() == null ? 5 : t.contract().threshold()).max()
        .orElse(5);
  }
}
