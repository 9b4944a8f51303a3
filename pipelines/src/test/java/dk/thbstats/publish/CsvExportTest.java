package dk.thbstats.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {
  @TempDir Path dir;

  @Test
  void safe_formulaLikeText_isEscapedAndNumbersStayNumbers() {
    assertEquals("'=HYPERLINK(\"x\")", CsvExport.safe("=HYPERLINK(\"x\")"));
    assertEquals("'+45 1234", CsvExport.safe("+45 1234"));
    assertEquals("'-1+1", CsvExport.safe("-1+1"));
    assertEquals("'@SUM(A1)", CsvExport.safe("@SUM(A1)"));
    assertEquals(-3, CsvExport.safe(-3));
    assertEquals(12L, CsvExport.safe(12L));
    assertEquals("TOTAL", CsvExport.safe("TOTAL"));
    assertEquals("", CsvExport.safe(null));
  }

  @Test
  void write_rows_areRfc4180WithBomAndEscapedFormulas() throws IOException {
    Path f = dir.resolve("t.csv");
    long n = CsvExport.write(f, List.of("name", "value"), List.of(
        RowFactory.create("=1+1", 5), RowFactory.create("a,\"b\"", null), RowFactory.create("x", -2)).iterator());
    assertEquals(3, n);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals((byte) 0xEF, bytes[0]);
    assertEquals("name,value\r\n'=1+1,5\r\n\"a,\"\"b\"\"\",\r\nx,-2\r\n",
        new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
  }
}
