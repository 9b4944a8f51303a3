package dk.thbstats.disclose;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tables of one audit or suppression run with their combined equation system (each table's
 * margins plus the caller's additional equations) and the {@link IntervalEngine} over them.
 * Invariants: at least one table; table names unique; every cell an equation names is in a table.
 */
final class TableSet {
  private final Map<String, CountTable> byName = new LinkedHashMap<>();
  final IntervalEngine engine;

  TableSet(List<CountTable> tables, LinearConstraints additional) {
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(additional, "additional");
    if (tables.isEmpty()) {
      throw Problems.invariant("at least one table is needed");
    }
    SortedMap<CellRef, Long> values = new TreeMap<>();
    LinearConstraints.Builder constraints = LinearConstraints.builder();
    for (CountTable t : tables) {
      if (byName.put(t.name(), t) != null) {
        throw Problems.invariant("table name " + t.name() + " is used twice");
      }
      for (Cell c : t.cells()) {
        values.put(c.ref(), c.value());
      }
      constraints.addMargins(t);
    }
    constraints.addAll(additional);
    engine = new IntervalEngine(values, constraints.build());
  }

  CountTable table(CellRef ref) {
    return byName.get(ref.table());
  }

  Cell cell(int i) {
    CellRef ref = engine.ref(i);
    return table(ref).cell(ref);
  }

  String describe(int i) {
    CellRef ref = engine.ref(i);
    return table(ref).describe(ref);
  }

  /** The numbers of {@code cells}; fails naming the first cell that is in no table. */
  BitSet indices(Set<CellRef> cells) {
    BitSet s = new BitSet(engine.size());
    for (CellRef ref : cells) {
      s.set(engine.indexOf(Objects.requireNonNull(ref, "cell")));
    }
    return s;
  }

  List<CellRef> refs(BitSet s) {
    List<CellRef> out = new ArrayList<>(s.cardinality());
    for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
      out.add(engine.ref(i));
    }
    return out;
  }
}
