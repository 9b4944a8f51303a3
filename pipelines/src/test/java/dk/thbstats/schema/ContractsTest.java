package dk.thbstats.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ContractsTest {
  private final CodeLists codeLists = CodeLists.load();

  @Test
  void loadAll_sourceContracts_areValid() {
    Map<Source, SourceContract> all = Contracts.loadAll(codeLists);
    assertEquals(3, all.size());
    assertEquals("sagsnummer", all.get(Source.NGO).columns().get(0).name());
    assertEquals("journalnummer", all.get(Source.POLICE).columns().get(0).name());
    assertTrue(all.get(Source.DIS).isJsonLines());
    assertEquals(";", all.get(Source.NGO).csv().delimiter());
  }

  @Test
  void validate_brokenContract_reportsEveryProblemAtOnce() {
    SourceContract ngo = Contracts.load(Source.NGO, codeLists);
    List<SourceContract.ColumnSpec> cols = new ArrayList<>(ngo.columns());
    SourceContract.ColumnSpec first = cols.remove(0);
    cols.add(first);
    cols.add(new SourceContract.ColumnSpec("x", "nonsense_field", "texty", false, "gossip", null, "nolist", null, null, null));
    SourceContract broken = new SourceContract(ngo.contract(), 1, null, null, "csv", ".csv", ngo.csv(),
        ngo.dateFormat(), "VICTIM", null, null, cols, ngo.events(), ngo.rules(), ngo.monitor());
    List<String> problems = ContractValidator.validate(broken, codeLists);
    String all = String.join("\n", problems);
    assertTrue(all.contains("the record id must be the first column"), all);
    assertTrue(all.contains("unknown field 'nonsense_field'"), all);
    assertTrue(all.contains("unknown type 'texty'"), all);
    assertTrue(all.contains("unknown codelist 'nolist'"), all);
    assertTrue(all.contains("unknown identifier kind 'gossip'"), all);
    assertEquals(5, problems.size(), all);
  }

  @Test
  void constants_everyTable_matchTheContractColumns() throws IllegalAccessException {
    for (Class<?> nested : Tables.class.getDeclaredClasses()) {
      Tables table = tableFor(nested.getSimpleName());
      Set<String> constants = new TreeSet<>();
      for (Field f : nested.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          constants.add((String) f.get(null));
        }
      }
      assertEquals(new TreeSet<>(table.contract().columnNames()), constants, "constants of " + nested.getSimpleName());
    }
  }

  @Test
  void constants_staged_matchTheContractColumns() throws IllegalAccessException {
    Set<String> constants = new TreeSet<>();
    for (Field f : Staged.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        constants.add((String) f.get(null));
      }
    }
    assertEquals(new TreeSet<>(Staged.contract().columnNames()), constants);
  }

  @Test
  void schema_everyTableContract_parsesToSparkTypes() {
    for (Tables t : Tables.values()) {
      assertEquals(t.contract().columns().size(), t.contract().schema().size(), t.table());
    }
    assertFalse(Tables.RECORDS.contract().schema().apply("record_key").nullable());
  }

  @Test
  void codeLists_countriesAndEuMembership_areDated() {
    assertTrue(codeLists.isCountry("NG"));
    assertTrue(codeLists.isCountry("XK"));
    assertTrue(codeLists.isCountry("XX"));
    assertFalse(codeLists.isCountry("ZZ"));
    assertTrue(codeLists.isEuMember("GB", java.time.LocalDate.of(2019, 12, 31)));
    assertFalse(codeLists.isEuMember("GB", java.time.LocalDate.of(2020, 2, 1)));
    assertFalse(codeLists.isEuMember("HR", java.time.LocalDate.of(2013, 6, 30)));
    assertTrue(codeLists.isEuMember("HR", java.time.LocalDate.of(2013, 7, 1)));
  }

  private static Tables tableFor(String simpleName) {
    String snake = simpleName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    return Tables.valueOf(snake);
  }
}
