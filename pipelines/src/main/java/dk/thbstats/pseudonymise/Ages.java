package dk.thbstats.pseudonymise;

import java.time.LocalDate;
import java.time.Period;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Exact ages from sealed birth dates, for stages outside this package: they get a Spark column
 * expression and never the key or the date.
 */
public final class Ages {
  private Ages() {}

  /**
   * Completed years from the sealed birth date in {@code sealed} to the date in {@code onDate};
   * null when either is null or the date precedes the birth.
   */
  public static Column ageAt(Keyring keyring, Column sealed, Column onDate) {
    BirthDateSeal seal = new BirthDateSeal(keyring);
    UDF2<byte[], Object, Integer> age = (bytes, date) -> {
      if (bytes == null || date == null) {
        return null;
      }
      LocalDate on = date instanceof LocalDate d ? d : ((java.sql.Date) date).toLocalDate();
      LocalDate born = seal.open(bytes);
      if (on.isBefore(born)) {
        return null;
      }
      return Period.between(born, on).getYears();
    };
    UserDefinedFunction udf = functions.udf(age, DataTypes.IntegerType);
    return udf.apply(sealed, onDate);
  }
}
