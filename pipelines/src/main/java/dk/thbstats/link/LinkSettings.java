package dk.thbstats.link;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Schemas;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The linkage settings ({@code schemas/linkage/settings.v1.json}): blocking rules (equi-joins on
 * keyed tokens), the cap on block sizes, training options and thresholds. Settings are data;
 * the trained probabilities are a separate model file.
 */
public record LinkSettings(
    String settings,
    int version,
    String description,
    List<BlockingRule> blocking,
    int maxBlock,
    List<String> trainingRounds,
    int randomPairs,
    int emIterations,
    List<Double> diceLevels,
    double linkThreshold,
    double clusterThreshold,
    double reviewThreshold,
    double fullRelinkGrowth) implements Serializable {

  /** A blocking rule: the record columns whose values must all be equal (arrays: any element). */
  public record BlockingRule(String name, List<String> keys) implements Serializable {}

  /** The settings in force. */
  public static LinkSettings load() {
    LinkSettings s = Schemas.read("linkage/settings.v1.json", LinkSettings.class);
    List<String> problems = s.problems();
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID,
          "schemas/linkage/settings.v1.json is invalid: " + String.join("; ", problems));
    }
    return s;
  }

  /** Every problem of the settings, all at once. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (blocking == null || blocking.isEmpty()) {
      p.add("no blocking rules");
    } else {
      for (BlockingRule r : blocking) {
        for (String k : r.keys()) {
          if (!Comparisons.KEY_FIELDS.containsKey(k)) {
            p.add("blocking rule '" + r.name() + "' uses unknown key column '" + k + "'");
          }
        }
      }
    }
    if (trainingRounds == null || trainingRounds.isEmpty()) {
      p.add("training_rounds names no blocking rule");
    } else if (blocking != null) {
      for (String t : trainingRounds) {
        if (blocking.stream().noneMatch(r -> r.name().equals(t))) {
          p.add("training round '" + t + "' is not a blocking rule");
        }
      }
    }
    if (maxBlock < 2) {
      p.add("max_block must be >= 2, was " + maxBlock);
    }
    if (linkThreshold <= reviewThreshold || linkThreshold >= 1 || reviewThreshold <= 0) {
      p.add("need 0 < review_threshold < link_threshold < 1, were " + reviewThreshold + " and " + linkThreshold);
    }
    if (clusterThreshold <= 0 || clusterThreshold >= 1) {
      p.add("cluster_threshold must lie in (0, 1), was " + clusterThreshold);
    }
    if (!(fullRelinkGrowth > 0)) {
      p.add("full_relink_growth must be > 0 (the growth in records since the last full linkage that makes a"
          + " night link in full again), was " + fullRelinkGrowth);
    }
    if (diceLevels == null || diceLevels.size() != 3) {
      p.add("dice_levels needs three thresholds (high, middle, low)");
    }
    return p;
  }

  /** A copy with another link threshold (bench sweeps). */
  public LinkSettings withLinkThreshold(double t) {
    return new LinkSettings(settings, version, description, blocking, maxBlock, trainingRounds, randomPairs, emIterations,
        diceLevels, t, clusterThreshold, Math.min(reviewThreshold, t / 2), fullRelinkGrowth);
  }

  /** A copy with another cluster threshold (bench sweeps). */
  public LinkSettings withClusterThreshold(double t) {
    return new LinkSettings(settings, version, description, blocking, maxBlock, trainingRounds, randomPairs,
        emIterations, diceLevels, linkThreshold, t, reviewThreshold, fullRelinkGrowth);
  }

  /** A copy with another review threshold. */
  public LinkSettings withReviewThreshold(double t) {
    return new LinkSettings(settings, version, description, blocking, maxBlock, trainingRounds, randomPairs,
        emIterations, diceLevels, linkThreshold, clusterThreshold, t, fullRelinkGrowth);
  }
}
