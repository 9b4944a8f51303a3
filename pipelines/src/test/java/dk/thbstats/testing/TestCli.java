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

  /**
   * Runs a command in a new JVM (the test class path, this JVM's module flags, the working folder
   * and environment of this TestCli): for what one process cannot show, such as bytes that depend
   * on the JVM that wrote them.
   */
  public Result runInNewJvm(String... args) {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-D")) {
        command.add(a);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dk.thbstats.cli.Main");
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    try {
      java.io.File errFile = java.io.File.createTempFile("thb-child", ".err");
      pb.redirectError(errFile);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the child JVM did not finish in 10 minutes: " + command);
      }
      int status = p.exitValue();
      String err = java.nio.file.Files.readString(errFile.toPath());
      java.nio.file.Files.delete(errFile.toPath());
      return new Result(status, out, err);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
