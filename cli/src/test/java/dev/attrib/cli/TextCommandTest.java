package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib text} on the built-in question-type classifier. */
class TextCommandTest {
  @TempDir Path home;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  @Test
  void theIssueQuestionIsNumericAndComplete() {
    String out =
        run(0, "text", "how many townships have a population above 50 ?", "--format", "json")[0];
    JsonObject o = JsonParser.parseString(out.strip()).getAsJsonObject();
    assertEquals("NUMERIC", o.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals("zero", o.getAsJsonObject("method").get("baseline").getAsString());
    assertTrue(o.getAsJsonObject("completeness").get("relativeDelta").getAsDouble() < 0.01);
  }

  @Test
  void plainOutputNeutralisesEscapesFromTheInput() {
    String out = run(0, "text", "how many \u001b[31mred\u0007 rivers are there ?", "--no-color")[0];
    assertFalse(out.contains("\u001b"), out);
    assertFalse(out.contains("\u0007"), out);
  }

  @Test
  void emptyInputIsOneLine() {
    String err = run(2, "text", "   ")[1];
    assertEquals(1, err.lines().count(), err);
  }
}
