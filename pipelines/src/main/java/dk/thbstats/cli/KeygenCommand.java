package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.pseudonymise.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code thb keygen}: writes a new random master secret for production use. */
final class KeygenCommand implements Cli.Command {
  @Override
  public String summary() {
    return "write a new random master key file (for --key-file / THB_KEY_FILE)";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb keygen --out FILE

        Writes a new random 256-bit master secret to FILE (hex, owner-readable only). Keep it out
        of the repository and the warehouse; pass it with --key-file FILE or THB_KEY_FILE=FILE.
        Refuses to overwrite an existing file.
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("out"), Set.of());
    String out = args.require("out");
    args.check("keygen");
    Path file = env.resolve(Path.of(out));
    if (Files.exists(file)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, file + " exists; refusing to overwrite a key");
    }
    Keys.createKeyFile(file);
    env.out().println("wrote a new master key to " + file);
    return 0;
  }
}
