package dk.thbstats.testing;

import dk.thbstats.cli.Cli;
import dk.thbstats.cli.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs CLI commands in-process with the shared session, captured output and a fixed clock. */
public final class TestCli {
  /** What a command printed and returned. */
  public record Result(int status, String out, String err) {}

  private final Path workingDir;
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.fixed(Instant.parse("2026-11-29T02:30:00Z"), ZoneOffset.UTC);

  public TestCli(Path workingDir) {
    this.workingDir = workingDir;
  }

  public TestCli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public TestCli clock(Clock c) {
    this.clock = c;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment e = new CliEnvironment(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, workingDir, clock, m -> SharedSpark.session());
    int status = Cli.run(args, e);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
