package dk.thbstats.pseudonymise;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Record keys for the cell key method: a keyed hash of the person key, the first 32 bits of
 * HMAC-SHA-256 under the {@link KeyPurpose#CELL_KEY} subkey: 4 bytes, read big-endian as a number in
 * {@code [0, 2^32)}. Kept as bytes: a 10-digit number in a warehouse file would look like a CPR number.
 * Nobody without the key can compute a person's record key, hence nobody can undo the noise. The
 * caller stores each key the first time it is made, so rotating the master key later does not
 * change it.
 */
public final class CellKeys {
  private CellKeys() {}

  /** The record key of the person key in {@code personKey} (a BINARY column of 4 bytes). */
  public static Column recordKey(Keyring keyring, Column personKey) {
    Tokeniser tokeniser = new Tokeniser(keyring);
    UDF1<String, byte[]> f = key -> java.util.Arrays.copyOf(
        tokeniser.hmac(KeyPurpose.CELL_KEY, key.getBytes(StandardCharsets.UTF_8)), 4);
    UserDefinedFunction udf = functions.udf(f, DataTypes.BinaryType);
    return udf.apply(personKey);
  }
}
