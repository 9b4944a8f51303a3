package dk.thbstats.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.generate.Generator;
import dk.thbstats.generate.GeneratorOptions;
import dk.thbstats.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale benchmark's floor reads what the night reads; its figures, not its speed, are tested. */
class ScaleBenchTest {

  @Test
  void floor_readsEveryRowOfEveryLandingFile_asItsContractDescribesIt(@TempDir Path dir) throws Exception {
    Generator.generate(GeneratorOptions.builder().persons(300).seed(3).out(dir.resolve("gen")).build());
    Path landing = dir.resolve("gen").resolve("landing");
    long expected = 0;
    long bytes = 0;
    for (dk.thbstats.schema.Source source : dk.thbstats.schema.Source.values()) {
      try (Stream<Path> files = Files.walk(landing.resolve(source.folder()))) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          List<String> lines = Files.readAllLines(f);
          boolean csv = f.toString().endsWith(".csv");
          expected += lines.stream().filter(l -> !l.isBlank()).count() - (csv ? 1 : 0);
          bytes += Files.size(f);
        }
      }
    }
    long[] floor = ScaleBench.floor(SharedSpark.session(), landing, dir.resolve("floor"));
    assertEquals(expected, floor[0], "rows the floor wrote as Parquet");
    assertEquals(bytes, floor[1], "bytes of the landing");
    assertTrue(floor[2] > 0);
  }

  @Test
  void peakMemory_isReadFromTheProcess() {
    long peak = ScaleBench.peakRss();
    // Linux tells it (this JVM holds at least its heap's used part); elsewhere -1.
    assertTrue(peak == -1 || peak > 50_000_000L, "peak " + peak);
  }
}
