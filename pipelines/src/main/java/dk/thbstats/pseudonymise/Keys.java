package dk.thbstats.pseudonymise;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the master secret: {@code --key-file}, else the file named by {@code THB_KEY_FILE}, else
 * (local profile only) the demo key {@code .thb/demo.key} in the working directory, created on
 * first use. Messages name files and variables, never key material.
 *
 * <p>Key file format: UTF-8 text; lines starting with {@code #} are comments; the first other
 * line is the secret in hex (64+ digits) or base64 (32+ bytes).
 */
public final class Keys {
  /** The environment variable naming the key file. */
  public static final String ENV_KEY_FILE = "THB_KEY_FILE";
  /** The demo key, relative to the working directory. */
  public static final Path DEMO_KEY = Path.of(".thb", "demo.key");

  private static final String DEMO_MARKER = "# thb-stats DEMO KEY";

  private Keys() {}

  /**
   * Resolves the key for a run.
   *
   * @param keyFile the {@code --key-file} argument, or null
   * @param env the process environment
   * @param workingDir where the demo key lives ({@code .thb/demo.key})
   * @param profile local or production
   * @param warn receives the warning printed when the demo key is used
   */
  public static Keyring resolve(
      Path keyFile, Map<String, String> env, Path workingDir, Profile profile, Consumer<String> warn) {
    if (keyFile != null) {
      return load(keyFile, "--key-file", profile);
    }
    String fromEnv = env.get(ENV_KEY_FILE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return load(Path.of(fromEnv), ENV_KEY_FILE, profile);
    }
    if (profile == Profile.PRODUCTION) {
      throw new PipelineException(
          ErrorCode.PRIVACY_GUARD,
          "no key: the production profile needs --key-file or " + ENV_KEY_FILE
              + " (the demo key is refused)");
    }
    Path demo = workingDir.resolve(DEMO_KEY);
    if (!Files.exists(demo)) {
      createDemoKey(demo);
    }
    warn.accept("using the DEMO key " + DEMO_KEY + " (local default only, never for real data;"
        + " pass --key-file or set " + ENV_KEY_FILE + ")");
    return load(demo, "demo key", profile);
  }

  /** Writes a new random key file (used for the demo key and by operators via {@code thb keygen}). */
  public static void createKeyFile(Path file, boolean demo) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String text = (demo
            ? DEMO_MARKER + " - created by ./thb for the local default only; never use it for real data\n"
            : "# thb-stats master secret - keep it out of the repository and the warehouse\n")
        + HexFormat.of().formatHex(secret) + "\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      // Created owner-only in one step (no window where the secret is world-readable), never over
      // an existing file.
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, file + " exists; refusing to overwrite a key");
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createDemoKey(Path demo) {
    createKeyFile(demo, true);
  }

  static Keyring load(Path file, String origin, Profile profile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "cannot read the key file " + file + " (from " + origin + ")");
    }
    boolean demo = lines.stream().anyMatch(l -> l.startsWith(DEMO_MARKER));
    if (demo && profile == Profile.PRODUCTION) {
      throw new PipelineException(
          ErrorCode.PRIVACY_GUARD, "the key file " + file + " is a demo key; the production profile refuses it");
    }
    String secret = lines.stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .findFirst()
        .orElseThrow(() -> new PipelineException(
            ErrorCode.CONFIG_INVALID, "the key file " + file + " holds no secret line"));
    byte[] bytes = decode(secret, file);
    if (bytes.length < 32) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID,
          "the key file " + file + " holds " + bytes.length + " bytes; at least 32 are needed");
    }
    return Keyring.of(bytes, demo);
  }

  private static byte[] decode(String secret, Path file) {
    if (secret.matches("[0-9a-fA-F]+") && secret.length() % 2 == 0) {
      return HexFormat.of().parseHex(secret);
    }
    try {
      return Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "the key file " + file + " is neither hex nor base64");
    }
  }
}
