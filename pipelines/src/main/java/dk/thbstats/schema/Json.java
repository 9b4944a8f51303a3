package dk.thbstats.schema;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's Jackson mappers. Source snippets are never put into error locations (Jackson 2.15
 * would otherwise copy a malformed line's personal data into exception messages).
 */
public final class Json {
  private Json() {}

  /** Mapper for contract files: snake_case members, unknown members ignored. */
  public static ObjectMapper contracts() {
    return JsonMapper.builder()
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /**
   * Mapper for data (source exports, reports): no source in locations, and a second value after
   * the first on one line is an error (otherwise {@code {..} {..}} would silently lose a row).
   * Jackson's exception messages can still quote a token: never show or chain them.
   */
  public static ObjectMapper data() {
    return JsonMapper.builder()
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
