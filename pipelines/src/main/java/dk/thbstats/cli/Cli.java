package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line interface, callable in-process ({@link #run}) so that tests run commands
 * without forking JVMs. Argument parsing and wiring only: the work is in the stage packages.
 *
 * <p>Errors print one line, {@code thb <command>: <reason> [<CODE>]}, and exit with the code's
 * status; never a stack trace (set {@code THB_DEBUG=1} to get one for an unexpected failure).
 */
public final class Cli {
  private Cli() {}

  /** A command: its one-line summary, its help text and how to run it. */
  interface Command {
    String summary();

    String help();

    int run(List<String> args, CliEnvironment env);
  }

  static Map<String, Command> commands() {
    Map<String, Command> m = new LinkedHashMap<>();
    m.put("nightly", new NightlyCommand());
    m.put("export", new ExportCommand());
    m.put("release", new ReleaseCommand());
    m.put("sql", new SqlCommand());
    m.put("handover", new HandoverCommand());
    m.put("report", new ReportCommand());
    m.put("generate", new GenerateCommand());
    m.put("link", new LinkCommand());
    m.put("train-linkage", new TrainLinkageCommand());
    m.put("rotate-key", new RotateKeyCommand());
    m.put("bench", new BenchCommand());
    m.put("keygen", new KeygenCommand());
    return m;
  }

  /** Runs {@code args} (command first) and returns the exit status. */
  public static int run(String[] args, CliEnvironment env) {
    Map<String, Command> commands = commands();
    if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
      if (args.length > 1 && commands.containsKey(args[1])) {
        env.out().print(commands.get(args[1]).help());
        return 0;
      }
      env.out().print(usage(commands));
      return args.length == 0 ? 2 : 0;
    }
    String name = args[0];
    Command command = commands.get(name);
    if (command == null) {
      env.err().println("thb: unknown command '" + name + "'");
      env.err().print(usage(commands));
      return ErrorCode.CONFIG_INVALID.exitStatus();
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help") || rest.contains("-h")) {
      env.out().print(command.help());
      return 0;
    }
    try {
      return command.run(rest, env);
    } catch (PipelineException e) {
      env.err().println("thb " + name + ": " + e.getMessage() + " [" + e.code() + "]");
      return e.code().exitStatus();
    } catch (Exception | Error e) {
      PipelineException cause = findPipelineException(e);
      if (cause != null) {
        env.err().println("thb " + name + ": " + cause.getMessage() + " [" + cause.code() + "]");
        return cause.code().exitStatus();
      }
      env.err().println("thb " + name + ": unexpected failure (" + e.getClass().getSimpleName()
          + "); the message is withheld because it may quote data. Run with THB_DEBUG=1 for details.");
      if ("1".equals(env.env().get("THB_DEBUG"))) {
        e.printStackTrace(env.err());
      }
      return ErrorCode.INTERNAL.exitStatus();
    }
  }

  private static PipelineException findPipelineException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PipelineException p) {
        return p;
      }
    }
    return null;
  }

  static String usage(Map<String, Command> commands) {
    StringBuilder b = new StringBuilder();
    b.append("thb-stats: anonymised national statistics on trafficking in human beings\n\n");
    b.append("Usage: ./thb COMMAND [OPTIONS]     ./thb COMMAND --help for a command's options\n\n");
    b.append("Commands:\n");
    commands.forEach((n, c) -> b.append(String.format("  %-14s %s%n", n, c.summary())));
    b.append("\nEvery command that reads or writes the warehouse takes --warehouse DIR (default ./warehouse).\n");
    return b.toString();
  }
}
