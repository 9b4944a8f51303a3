package dk.thbstats.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes hand-made delivery files into a landing folder for tests. */
public final class Landing {
  public static final String NGO_HEADER = String.join(";", List.of("sagsnummer", "organisation", "fornavn",
      "efternavn", "kaldenavn", "fødselsdato", "anslået_alder", "køn", "statsborgerskab", "cpr", "dokumenttype",
      "dokumentland", "dokumentnummer", "udlændingesag", "telefon", "email", "udnyttelsesform", "branche",
      "kontaktdato", "samtaledato", "vurdering", "vurderingsdato", "vurderet_af", "støtte_tilbudt",
      "støtte_modtaget", "refleksionsperiode_start", "forberedt_hjemsendelse"));
  public static final String POLICE_HEADER = String.join(",", List.of("journalnummer", "kreds", "rolle", "navn",
      "fødselsdato", "køn", "nationalitet", "cpr", "pasnummer", "pasland", "telefon", "adresse", "paragraf",
      "udnyttelse", "anmeldelsesdato", "sigtelsesdato", "tiltaledato", "afgørelse", "afgørelsesdato"));

  private final Path root;

  /** A landing folder for hand-made (synthetic) deliveries: marked as synthetic, so the demo key may read it. */
  public Landing(Path root) {
    this(root, true);
  }

  /** A landing folder; {@code synthetic}: whether it carries the generator's mark (demo key allowed). */
  public Landing(Path root, boolean synthetic) {
    this.root = root;
    if (synthetic) {
      dk.thbstats.ingest.LandingMark.write(root, "test fixture", java.util.Map.of());
    }
  }

  public Path root() {
    return root;
  }

  /** Writes {@code lines} (joined with CRLF) as {@code <source>/<date>/<name>}. */
  public Path write(String source, String date, String name, Charset cs, boolean bom, List<String> lines) {
    Path file = root.resolve(source).resolve(date).resolve(name);
    try {
      Files.createDirectories(file.getParent());
      byte[] text = (String.join("\r\n", lines) + "\r\n").getBytes(cs);
      byte[] out = text;
      if (bom) {
        out = new byte[text.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(text, 0, out, 3, text.length);
      }
      Files.write(file, out);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An NGO file: UTF-8 with BOM. */
  public Path ngo(String date, String name, String... rows) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(NGO_HEADER);
    lines.addAll(List.of(rows));
    return write("ngo", date, name, StandardCharsets.UTF_8, true, lines);
  }

  /** A police file: UTF-8 without BOM. */
  public Path police(String date, String name, String... rows) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(POLICE_HEADER);
    lines.addAll(List.of(rows));
    return write("police", date, name, StandardCharsets.UTF_8, false, lines);
  }

  /** A DIS file: one JSON object per line. */
  public Path dis(String date, String name, String... jsonLines) {
    return write("dis", date, name, StandardCharsets.UTF_8, false, List.of(jsonLines));
  }
}
