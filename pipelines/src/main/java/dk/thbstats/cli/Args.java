package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code --name value}, {@code --name=value} and boolean {@code --flag}.
 * Unknown options and missing values are collected and reported together.
 */
final class Args {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * @param args the arguments after the command name
   * @param withValue options that take a value
   * @param flags boolean options
   */
  Args(List<String> args, Set<String> withValue, Set<String> flags) {
    this(args, withValue, flags, false);
  }

  /** As above; with {@code positional}, arguments that are not options are kept in order. */
  Args(List<String> args, Set<String> withValue, Set<String> flags, boolean positional) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        if (positional) {
          this.positional.add(a);
        } else {
          problems.add("unexpected argument '" + a + "'");
        }
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          problems.add("--" + name + " takes no value");
        }
        values.put(name, "true");
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            problems.add("--" + name + " needs a value");
            continue;
          }
          value = args.get(++i);
        }
        values.put(name, value);
      } else {
        problems.add("unknown option --" + name);
      }
    }
  }

  /** Throws a {@code CONFIG_INVALID} error listing every problem, if any. */
  void check(String command) {
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID,
          String.join("; ", problems) + " (see ./thb " + command + " --help)");
    }
  }

  /** The arguments that are not options, in order (only when constructed to keep them). */
  List<String> positional() {
    return List.copyOf(positional);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String require(String name) {
    String v = values.get(name);
    if (v == null) {
      problems.add("--" + name + " is required");
    }
    return v;
  }

  Path path(String name, String fallback) {
    String v = values.getOrDefault(name, fallback);
    return v == null ? null : Path.of(v);
  }

  long longValue(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      problems.add("--" + name + " must be a whole number, was '" + v + "'");
      return fallback;
    }
  }
}
