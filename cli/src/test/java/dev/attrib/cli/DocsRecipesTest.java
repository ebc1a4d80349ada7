package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/models.md quotes the export scripts, it does not paraphrase them: every {@code python} block
 * preceded by {@code <!-- examples/export/NAME.py -->} must appear verbatim in that script, whose
 * output is the committed test resource the other recipe tests run on. So the recipe a reader
 * follows is the one that was run.
 */
class DocsRecipesTest {

  static final Path DOCS = Path.of("../docs/models.md");
  static final Path EXPORT = Path.of("../examples/export");

  private static final Pattern QUOTED =
      Pattern.compile(
          "<!-- (examples/export/[a-z_]+\\.py) -->\\n```python\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyQuotedBlockIsInItsScriptVerbatim() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    Matcher m = QUOTED.matcher(docs);
    List<String> missing = new ArrayList<>();
    Set<String> scripts = new TreeSet<>();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      Path script = Path.of("..").resolve(m.group(1));
      scripts.add(script.getFileName().toString());
      String code = Files.readString(script, StandardCharsets.UTF_8);
      if (!code.contains(m.group(2))) {
        missing.add(m.group(1) + ":\n" + m.group(2));
      }
    }
    assertTrue(missing.isEmpty(), "not in the script as quoted:\n" + String.join("\n", missing));
    assertTrue(blocks >= 10, "only " + blocks + " quoted blocks");
    // One recipe per modality, each quoted.
    assertEquals(
        Set.of(
            "image_cnn.py",
            "molecule_gnn.py",
            "molecule_gnn_edges.py",
            "text_classifier.py",
            "translation.py"),
        scripts);
  }

  @Test
  void everyPythonBlockSaysWhichScriptItQuotes() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    int python = docs.split("```python\\n", -1).length - 1;
    int quoted = 0;
    Matcher m = QUOTED.matcher(docs);
    while (m.find()) {
      quoted++;
    }
    assertEquals(python, quoted, "a python block in docs/models.md names no script");
  }

  @Test
  void everyScriptHasItsCommittedOutput() {
    for (String folder : List.of("text-classifier", "image-cnn", "molecule-gnn", "translation")) {
      Path dir = CheckCommandTest.recipe(folder);
      assertTrue(Files.isRegularFile(dir.resolve("model.pt")), folder);
      assertTrue(Files.isRegularFile(dir.resolve("attrib.json")), folder);
    }
    assertTrue(Files.isRegularFile(EXPORT.resolve("text_classifier.py")));
  }
}
