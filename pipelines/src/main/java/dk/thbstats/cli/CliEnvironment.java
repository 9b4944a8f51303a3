package dk.thbstats.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a command takes from the process, injectable for in-process tests: output streams,
 * environment variables, working directory, clock, and how to get a Spark session.
 *
 * @param sessions gives the session for a master URL (the CLI builds one; tests share theirs)
 */
public record CliEnvironment(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Path workingDir,
    Clock clock,
    Function<String, SparkSession> sessions) {

  /** The real process environment. */
  public static CliEnvironment system() {
    return new CliEnvironment(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
        Clock.systemUTC(), Sessions::getOrCreate);
  }

  /** Resolves a path argument against the working directory. */
  public Path resolve(Path p) {
    return p.isAbsolute() ? p : workingDir.resolve(p).normalize();
  }
}
