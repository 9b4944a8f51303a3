package dk.thbstats.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained Fellegi–Sunter model as a versioned JSON file: λ, and per comparison and level the m
 * and u probabilities and the resulting weight (for people reading it), and where each
 * comparison's m came from ({@code m_from}: EM, EM with its disagreement held, the bundled model,
 * or the starting values when nothing could learn it); levels that are evidence
 * against ({@link Comparisons#AGAINST}) carry their cap ({@code max_weight}) and why. Probabilities
 * only — no token, key or value.
 */
public final class ModelFile {
  private ModelFile() {}

  public static void write(FellegiSunter model, Path file, String trainedOn) {
    ObjectMapper mapper = Json.data().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("model", "thb-linkage-fellegi-sunter");
    root.put("version", 1);
    root.put("trained_on", trainedOn);
    root.put("lambda", model.lambda());
    ArrayNode comps = root.putArray("comparisons");
    for (String c : model.comparisons()) {
      ObjectNode n = comps.addObject();
      n.put("name", c);
      n.put("m_from", model.mFrom().getOrDefault(c, FellegiSunter.MSource.EM).label());
      ArrayNode levels = n.putArray("levels");
      List<String> names = Comparisons.LEVELS.get(c);
      for (int l = 0; l < names.size(); l++) {
        ObjectNode level = levels.addObject().put("level", names.get(l)).put("m", model.m().get(c)[l])
            .put("u", model.u().get(c)[l]).put("weight", model.factor(c, l));
        Comparisons.Against against = Comparisons.against(c, l);
        if (against != null) {
          // Read, not fitted: the weight is at most this, whatever m and u are.
          level.put("max_weight", against.maxWeight()).put("evidence_against", against.reason());
        }
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write model file " + file, e);
    }
  }

  /** Where the model in force lives: {@code schemas/linkage/model.v1.json}. */
  public static final String BUNDLED = "linkage/model.v1.json";

  /** The model in force ({@link #BUNDLED}, on the class path), or null when there is none yet. */
  public static FellegiSunter bundled() {
    if (!dk.thbstats.schema.Schemas.exists(BUNDLED)) {
      return null;
    }
    try (java.io.InputStream in = ModelFile.class.getClassLoader().getResourceAsStream("schemas/" + BUNDLED)) {
      return parse(Json.data().readTree(in), "schemas/" + BUNDLED);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "cannot read schemas/" + BUNDLED + " as JSON");
    }
  }

  public static FellegiSunter read(Path file) {
    JsonNode root;
    try {
      root = Json.data().readTree(file.toFile());
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "cannot read model file " + file + " as JSON");
    }
    return parse(root, file.toString());
  }

  private static FellegiSunter parse(JsonNode root, String file) {
    List<String> cs = new ArrayList<>();
    Map<String, double[]> m = new LinkedHashMap<>();
    Map<String, double[]> u = new LinkedHashMap<>();
    Map<String, FellegiSunter.MSource> from = new LinkedHashMap<>();
    for (JsonNode c : root.path("comparisons")) {
      String name = c.path("name").asText();
      from.put(name, FellegiSunter.MSource.of(c.path("m_from").asText("em")));
      List<String> expected = Comparisons.LEVELS.get(name);
      if (expected == null || expected.size() != c.path("levels").size()) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "model file " + file + ": comparison '" + name
            + "' does not match the comparisons of this version" + (expected == null ? "" : " (" + c.path("levels")
                .size() + " levels, this version has " + expected.size() + ": retrain with ./thb train-linkage)"));
      }
      for (int l = 0; l < expected.size(); l++) {
        String level = c.path("levels").get(l).path("level").asText("");
        if (!level.equals(expected.get(l))) {
          throw new PipelineException(ErrorCode.CONFIG_INVALID, "model file " + file + ": comparison '" + name
              + "' level " + (l + 1) + " is '" + level + "', this version expects '" + expected.get(l)
              + "' (retrain with ./thb train-linkage)");
        }
      }
      cs.add(name);
      double[] mv = new double[expected.size()];
      double[] uv = new double[expected.size()];
      for (int l = 0; l < expected.size(); l++) {
        mv[l] = c.path("levels").get(l).path("m").asDouble();
        uv[l] = c.path("levels").get(l).path("u").asDouble();
      }
      m.put(name, mv);
      u.put(name, uv);
    }
    if (!cs.equals(new ArrayList<>(Comparisons.LEVELS.keySet()))) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "model file " + file + " has comparisons " + cs
          + ", expected " + Comparisons.LEVELS.keySet());
    }
    return new FellegiSunter(cs, m, u, root.path("lambda").asDouble(), from);
  }
}
