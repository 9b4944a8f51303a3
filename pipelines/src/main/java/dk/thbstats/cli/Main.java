package dk.thbstats.cli;

/** Process entry point of {@code ./thb} and {@code spark-submit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = Cli.run(args, CliEnvironment.system());
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }
}
