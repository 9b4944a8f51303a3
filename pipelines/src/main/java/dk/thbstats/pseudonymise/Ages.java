package dk.thbstats.pseudonymise;

import java.time.LocalDate;
import java.time.Period;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Exact ages from sealed birth dates, for stages outside this package: they get this function,
 * made here from the key, and from it a Spark column expression — never the key or the date.
 */
public final class Ages {
  private final BirthDateSeal seal;

  private Ages(BirthDateSeal seal) {
    this.seal = seal;
  }

  /** The ages the key's seal opens. */
  public static Ages of(Keyring keyring) {
    return new Ages(new BirthDateSeal(keyring));
  }

  /**
   * Completed years from the sealed birth date in {@code sealed} to the date in {@code onDate};
   * null when either is null or the date precedes the birth.
   */
  public Column ageAt(Column sealed, Column onDate) {
    BirthDateSeal s = seal;
    UDF2<byte[], Object, Integer> age = (bytes, date) -> {
      if (bytes == null || date == null) {
        return null;
      }
      LocalDate on = date instanceof LocalDate d ? d : ((java.sql.Date) date).toLocalDate();
      LocalDate born = s.open(bytes);
      if (on.isBefore(born)) {
        return null;
      }
      return Period.between(born, on).getYears();
    };
    UserDefinedFunction udf = functions.udf(age, DataTypes.IntegerType);
    return udf.apply(sealed, onDate);
  }
}
