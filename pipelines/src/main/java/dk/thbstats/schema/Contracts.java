package dk.thbstats.schema;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Loads and validates the source contracts in force. */
public final class Contracts {
  private Contracts() {}

  /** The contract of one source, validated. */
  public static SourceContract load(Source source, CodeLists codeLists) {
    SourceContract contract = Schemas.read(source.contractPath(), SourceContract.class);
    List<String> problems = ContractValidator.validate(contract, codeLists);
    if (!contract.contract().equals(source.folder())) {
      problems.add(0, "declares contract '" + contract.contract() + "'");
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(
          ErrorCode.SCHEMA_MISMATCH,
          "schemas/" + source.contractPath() + " is invalid: " + String.join("; ", problems));
    }
    return contract;
  }

  /** Every source's contract, validated (all problems of one file reported at once). */
  public static Map<Source, SourceContract> loadAll(CodeLists codeLists) {
    Map<Source, SourceContract> all = new EnumMap<>(Source.class);
    for (Source s : Source.values()) {
      all.put(s, load(s, codeLists));
    }
    return all;
  }
}
