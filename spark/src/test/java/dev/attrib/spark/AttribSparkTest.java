package dev.attrib.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.Attrib;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.ig.Completeness;
import dev.attrib.molecule.MoleculeEncoding;
import dev.attrib.molecule.MoleculeScores;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Explanation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark rows of the demo models against the single-JVM library ({@link Attrib}) on the same
 * inputs: every score, completeness and target bit for bit; bad records as error rows with nothing
 * else lost; one row per target for {@code --task all} molecules and translations; the model loaded
 * once for every task of the JVM.
 *
 * <p>Bit-identical is the right bar: the executors run the same pipeline on the same model files in
 * the same JVM, with PyTorch on one thread per task (the tests' {@code num_threads=1}), so every
 * kernel sums in the same order; Spark only moves the numbers (double to JSON text and back is
 * exact: Java prints the shortest decimal that reads back as the same double).
 */
class AttribSparkTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("AttribSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
    ModelCache.clear();
  }

  private static Dataset<Row> strings(String... inputs) {
    StructType schema =
        new StructType().add("id", DataTypes.IntegerType).add("text_in", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      rows.add(RowFactory.create(i, inputs[i]));
    }
    // Three partitions over two task threads: several tasks share the executor's one model.
    return spark.createDataFrame(rows, schema).repartition(3).sortWithinPartitions("id");
  }

  private static List<Row> collect(Dataset<Row> d) {
    return d.orderBy("id", "row").collectAsList();
  }

  @Test
  void textRowsEqualTheLibrarysAndBadRecordsAreErrorRows() {
    Path dir = DemoModels.folder("text-questions");
    String[] inputs = {
      "how many townships have a population above 50 ?",
      "",
      "who directed the film ?",
      null,
      "when was the bridge opened ?",
      "is the river longer than the canal ?"
    };
    int loadsBefore = ModelCache.loads();
    List<Row> rows =
        collect(
            AttribSpark.builder().model(dir).inputCol("text_in").build().explain(strings(inputs)));
    assertEquals(inputs.length, rows.size(), "one row per question, the bad ones included");
    assertEquals(1, ModelCache.loads() - loadsBefore, "one load for every task of this JVM");
    try (Attrib lib = Attrib.load(dir)) {
      for (Row r : rows) {
        String in = inputs[r.<Integer>getAs("id")];
        if (in == null || in.isEmpty()) {
          String error = r.getAs("error");
          assertNotNull(error, "an error row for " + in);
          assertTrue(error.contains(in == null ? "null" : "empty input"), error);
          assertNull(r.getAs("units"));
          assertNull(r.getAs("completeness"));
          assertEquals("text", r.getAs("modality"));
          continue;
        }
        assertNull(r.getAs("error"));
        Explanation<?> e = lib.explain(in);
        assertRowEquals(e, e.row(), r);
        assertEquals(in, r.getAs("input"));
      }
    }
  }

  @Test
  void moleculesWithEveryTaskGiveARowPerTaskEqualToTheLibrarys() {
    Path dir = DemoModels.folder("molecule-tasks");
    String[] inputs = {"O=C(O)c1ccccc1[N+](=O)[O-]", "C1CC(", "FC(F)(F)c1ccncc1", "not smiles"};
    List<Row> rows =
        collect(
            AttribSpark.builder()
                .model(dir)
                .inputCol("text_in")
                .target("all")
                .build()
                .explain(strings(inputs)));
    try (Attrib lib = Attrib.load(dir)) {
      int tasks = lib.manifest().labels().size();
      assertEquals(2 * tasks + 2, rows.size(), "a row per task, one per bad SMILES");
      for (Row r : rows) {
        String in = inputs[r.<Integer>getAs("id")];
        if (in.equals("C1CC(") || in.equals("not smiles")) {
          assertNotNull(r.getAs("error"), in);
          assertNull(r.getAs("row"));
          continue;
        }
        assertNull(r.getAs("error"));
        Explanation<MoleculeEncoding> e =
            lib.explain(in, lib.defaults().withTarget("all")).as(MoleculeEncoding.class);
        assertEquals(tasks, e.rows().size());
        Explanation.Row er = e.rows().get(r.<Integer>getAs("row"));
        assertEquals(lib.manifest().labels().get(r.<Integer>getAs("row")), er.label());
        assertRowEquals(e, er, r);
        MoleculeScores scores = MoleculeScores.of(e.encoded(), er.attribution());
        double[] atoms = scores.atoms();
        List<Row> sparkAtoms = r.getList(r.fieldIndex("units"));
        assertEquals(atoms.length, sparkAtoms.size());
        for (int i = 0; i < atoms.length; i++) {
          assertEquals(atoms[i], sparkAtoms.get(i).<Double>getAs("score"), "atom " + i);
        }
        double[] bonds = scores.bonds();
        List<Row> sparkBonds = r.getList(r.fieldIndex("bonds"));
        assertEquals(bonds.length, sparkBonds.size());
        for (int i = 0; i < bonds.length; i++) {
          assertEquals(bonds[i], sparkBonds.get(i).<Double>getAs("score"), "bond " + i);
        }
      }
    }
  }

  @Test
  void imagesByPathAndByBytesEqualTheLibrarysAndABrokenImageIsAnErrorRow(@TempDir Path tmp)
      throws Exception {
    Path dir = DemoModels.folder("image-shapes");
    Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
    Path broken = tmp.resolve("broken.png");
    Files.writeString(broken, "not a png");
    Files.copy(examples.resolve("shape-1.png"), tmp.resolve("shape-1.png"));
    Files.copy(examples.resolve("shape-3.png"), tmp.resolve("shape-3.png"));
    String[] paths = {
      tmp.resolve("shape-1.png").toString(),
      broken.toString(),
      tmp.resolve("shape-3.png").toString()
    };
    AttribSpark byPath = AttribSpark.builder().model(dir).inputCol("text_in").steps(32).build();
    List<Row> rows = collect(byPath.explain(strings(paths)));
    Dataset<Row> files =
        spark.read().format("binaryFile").load(tmp.toString()).withColumnRenamed("path", "file");
    AttribSpark byBytes =
        AttribSpark.builder().model(dir).inputCol("content").nameCol("file").steps(32).build();
    List<Row> fromBytes = byBytes.explain(files).orderBy("file").collectAsList();
    assertEquals(3, rows.size());
    assertEquals(3, fromBytes.size());
    try (Attrib lib = Attrib.load(dir)) {
      for (Row r : rows) {
        String in = paths[r.<Integer>getAs("id")];
        if (in.equals(broken.toString())) {
          assertNotNull(r.getAs("error"));
          assertTrue(r.<String>getAs("error").contains("broken.png"), r.<String>getAs("error"));
          continue;
        }
        Explanation<?> e =
            lib.explain(in, lib.defaults().withConfig(byPath.settings(lib.modality()).config()));
        assertRowEquals(e, e.row(), r);
        assertGridEquals(e, r);
      }
      for (Row r : fromBytes) {
        String file = r.getAs("file");
        assertEquals(file, r.getAs("input"), "the name column, not a temporary file");
        if (file.endsWith("broken.png")) {
          String error = r.getAs("error");
          assertNotNull(error);
          assertTrue(error.contains(file) && !error.contains("attrib-spark-"), error);
          continue;
        }
        String path = Path.of(java.net.URI.create(file)).toString();
        Explanation<?> e =
            lib.explain(path, lib.defaults().withConfig(byBytes.settings(lib.modality()).config()));
        assertRowEquals(e, e.row(), r);
        assertGridEquals(e, r);
      }
    }
  }

  @Test
  void aTranslationGivesARowPerOutputPiece() {
    Path dir = DemoModels.folder("translate-en-de");
    String forced = "good morning\tguten morgen";
    String[] inputs = {"good morning ladies and gentlemen", forced};
    List<Row> rows =
        collect(
            AttribSpark.builder().model(dir).inputCol("text_in").build().explain(strings(inputs)));
    try (Attrib lib = Attrib.load(dir)) {
      int expected = 0;
      for (int i = 0; i < inputs.length; i++) {
        Explanation<?> e = lib.explain(inputs[i]);
        assertTrue(e.rows().size() >= 2, "at least two output pieces");
        expected += e.rows().size();
        for (Row r : rows) {
          if (r.<Integer>getAs("id") == i) {
            Explanation.Row er = e.rows().get(r.<Integer>getAs("row"));
            assertRowEquals(e, er, r);
            assertEquals(er.label(), r.<Row>getAs("piece").getAs("text"));
            assertEquals(i == 1, r.<Boolean>getAs("forced"));
          }
        }
      }
      assertEquals(expected, rows.size(), "one row per output piece of each sentence");
    }
  }

  @Test
  void wrongColumnsAndSettingsFailBeforeAnyWork() {
    Path dir = DemoModels.folder("text-questions");
    Dataset<Row> data = strings("how many ?");
    AttribException noColumn =
        assertThrows(
            AttribException.class,
            () -> AttribSpark.builder().model(dir).inputCol("nope").build().explain(data));
    assertTrue(noColumn.getMessage().contains("no input column 'nope'"), noColumn.getMessage());
    AttribException clash =
        assertThrows(
            AttribException.class,
            () ->
                AttribSpark.builder()
                    .model(dir)
                    .inputCol("text_in")
                    .build()
                    .explain(data.withColumnRenamed("id", "model")));
    assertTrue(clash.getMessage().contains("column 'model'"), clash.getMessage());
    AttribException baseline =
        assertThrows(
            AttribException.class,
            () ->
                AttribSpark.builder()
                    .model(dir)
                    .inputCol("text_in")
                    .baseline("nosuch")
                    .build()
                    .explain(data));
    assertTrue(baseline.getMessage().contains("unknown baseline 'nosuch'"), baseline.getMessage());
  }

  /** Target, prediction, completeness and every unit score, bit for bit. */
  private static void assertRowEquals(Explanation<?> e, Explanation.Row er, Row r) {
    Row target = r.getAs("target");
    assertEquals(er.label(), target.getAs("label"));
    assertEquals(er.index(), target.<Integer>getAs("index"));
    assertEquals(er.score(), target.<Double>getAs("score"));
    Completeness c = er.attribution().completeness();
    Row rc = r.getAs("completeness");
    assertEquals(c.output(), rc.<Double>getAs("output"));
    assertEquals(c.baselineOutput(), rc.<Double>getAs("baselineOutput"));
    assertEquals(c.sum(), rc.<Double>getAs("sum"));
    assertEquals(c.delta(), rc.<Double>getAs("delta"));
    assertEquals(c.relativeDelta(), rc.<Double>getAs("relativeDelta"));
    Row m = r.getAs("method");
    assertEquals(er.attribution().settings().steps(), m.<Integer>getAs("steps"));
    // A molecule's units are its atoms, then its bonds; the JSON lists atoms and bonds apart
    // (compared by the molecule test).
    if (r.getAs("units") != null && !e.modality().equals("molecule")) {
      List<Row> units = r.getList(r.fieldIndex("units"));
      double[] scores = er.units().scores();
      assertEquals(scores.length, units.size());
      for (int i = 0; i < scores.length; i++) {
        assertEquals(scores[i], units.get(i).<Double>getAs("score"), "unit " + i);
        assertEquals(er.units().units().get(i).text(), units.get(i).getAs("text"));
      }
    }
    assertEquals(e.modality(), r.getAs("modality"));
    assertEquals(e.model(), r.getAs("model"));
  }

  private static void assertGridEquals(Explanation<?> e, Row r) {
    double[] scores = e.units().scores();
    int w = r.<Integer>getAs("width");
    List<Object> grid = r.getList(r.fieldIndex("scores"));
    assertEquals(scores.length, grid.size() * w);
    for (int y = 0; y < grid.size(); y++) {
      @SuppressWarnings("unchecked")
      List<Double> line = toList(grid.get(y));
      for (int x = 0; x < w; x++) {
        assertEquals(scores[y * w + x], line.get(x), "pixel " + x + "," + y);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Double> toList(Object seq) {
    if (seq instanceof List<?> l) {
      return (List<Double>) l;
    }
    return new ArrayList<>(
        scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Double>) seq));
  }

  @SuppressWarnings("unused")
  private static String show(double[] d) {
    return Arrays.toString(d);
  }
}
