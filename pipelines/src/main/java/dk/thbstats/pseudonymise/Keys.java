package dk.thbstats.pseudonymise;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the master secret: {@code --key-file}, else the file named by {@code THB_KEY_FILE}, else
 * (local profile only) the built-in <em>demo key</em>. Messages name files and variables, never
 * key material.
 *
 * <p>The demo key is a fixed, public secret (derived from a constant in this class), so it
 * protects nothing: it exists so that {@code ./thb nightly} runs on synthetic data with no
 * set-up, and it is recognised by its fingerprint wherever it comes from — a key file holding
 * the same secret is the demo key too. It is refused in the production profile and, in every
 * profile, over a landing area that {@code ./thb generate} did not mark as synthetic
 * ({@link #requireUsableOn}).
 *
 * <p>Key file format: UTF-8 text; lines starting with {@code #} are comments; the first other
 * line is the secret in hex (64+ digits) or base64 (32+ bytes). A key file readable by group or
 * others is refused in the production profile and warned about in the local one.
 */
public final class Keys {
  /** The environment variable naming the key file. */
  public static final String ENV_KEY_FILE = "THB_KEY_FILE";

  /** The demo key's secret: public by construction (anyone can compute it from this text). */
  private static final String DEMO_SEED = "thb-stats public demo key: synthetic data only, never real records";

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private static final String HOW_TO_MAKE_A_KEY = "make a key with ./thb keygen --out FILE and pass --key-file FILE"
      + " (or set " + ENV_KEY_FILE + "=FILE)";

  private Keys() {}

  /**
   * Resolves the key for a run.
   *
   * @param keyFile the {@code --key-file} argument, or null
   * @param env the process environment
   * @param profile local or production
   * @param warn receives warnings: the demo key is in use, a key file is readable by others
   */
  public static Keyring resolve(Path keyFile, Map<String, String> env, Profile profile, Consumer<String> warn) {
    if (keyFile != null) {
      return load(keyFile, "--key-file", profile, warn);
    }
    String fromEnv = env.get(ENV_KEY_FILE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return load(Path.of(fromEnv), ENV_KEY_FILE, profile, warn);
    }
    if (profile == Profile.PRODUCTION) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD,
          "no key: the production profile needs a key file (the demo key is refused); " + HOW_TO_MAKE_A_KEY);
    }
    warn.accept("using the built-in DEMO key: it is public and only for synthetic data (a landing marked by"
        + " ./thb generate); for anything else " + HOW_TO_MAKE_A_KEY);
    return demo();
  }

  /** The built-in demo key. */
  static Keyring demo() {
    return Keyring.of(demoSecret(), true);
  }

  static byte[] demoSecret() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(DEMO_SEED.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "SHA-256 is missing from this JVM", e);
    }
  }

  /** The demo key's fingerprint ({@link Keyring#keyVersion()}): how the demo key is recognised. */
  static String demoKeyVersion() {
    return demo().keyVersion();
  }

  /**
   * Refuses the demo key where it does not belong: in the production profile, and over a landing
   * area without the generator's synthetic mark (in every profile).
   *
   * @param landing the landing area, as the message should name it
   * @param syntheticLanding whether that landing carries the mark of {@code ./thb generate}
   */
  public static void requireUsableOn(Keyring keyring, Profile profile, String landing, boolean syntheticLanding) {
    if (!keyring.isDemo()) {
      return;
    }
    if (profile == Profile.PRODUCTION) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the demo key is refused in the production profile; "
          + HOW_TO_MAKE_A_KEY);
    }
    if (!syntheticLanding) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the demo key is public and only for synthetic data, and "
          + landing + " is not marked synthetic by ./thb generate; " + HOW_TO_MAKE_A_KEY);
    }
  }

  /** Writes a new random key file, owner-readable only (for operators, via {@code thb keygen}). */
  public static void createKeyFile(Path file) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String text = "# thb-stats master secret - keep it out of the repository and the warehouse\n"
        + HexFormat.of().formatHex(secret) + "\n";
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
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

  static Keyring load(Path file, String origin, Profile profile, Consumer<String> warn) {
    checkPermissions(file, origin, profile, warn);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "cannot read the key file " + file + " (from " + origin + ")");
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
    Keyring keyring = Keyring.of(bytes, false);
    java.util.Arrays.fill(bytes, (byte) 0);
    if (keyring.keyVersion().equals(demoKeyVersion())) {
      // The public demo secret, whatever the file says about itself.
      if (profile == Profile.PRODUCTION) {
        throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the key file " + file + " holds the public demo key;"
            + " the production profile refuses it; " + HOW_TO_MAKE_A_KEY);
      }
      warn.accept("the key file " + file + " holds the public DEMO key: only for synthetic data");
      return demo();
    }
    return keyring;
  }

  /** A key file others can read is refused in production and warned about locally. */
  private static void checkPermissions(Path file, String origin, Profile profile, Consumer<String> warn) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException notPosix) {
      return;
    } catch (IOException e) {
      throw new PipelineException(
          ErrorCode.CONFIG_INVALID, "cannot read the key file " + file + " (from " + origin + ")");
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(perms);
    open.retainAll(GROUP_OR_OTHERS);
    if (open.isEmpty()) {
      return;
    }
    String message = "the key file " + file + " is readable by group or others (mode "
        + PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + file;
    if (profile == Profile.PRODUCTION) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, message);
    }
    warn.accept(message);
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
