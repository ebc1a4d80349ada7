package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib translate} on the built-in English→German demo model. */
class TranslateCommandTest {
  @TempDir Path home;

  private String[] run(int expected, String... args) {
    return CliRun.run(home, expected, args);
  }

  @Test
  void translatesTheIssueSentenceAndAttributesEveryPieceAdaptively() {
    String out = run(0, "translate", "good morning ladies and gentlemen", "--format", "json")[0];
    JsonObject o = JsonParser.parseString(out.strip()).getAsJsonObject();
    assertEquals("guten morgen damen und herren", o.get("output").getAsString());
    JsonArray outputs = o.getAsJsonArray("outputs");
    StringBuilder pieces = new StringBuilder();
    for (var piece : outputs) {
      JsonObject p = piece.getAsJsonObject();
      pieces.append(p.getAsJsonObject("target").get("label").getAsString());
      JsonObject c = p.getAsJsonObject("completeness");
      assertTrue(c.get("relativeDelta").getAsDouble() <= 0.01, c.toString());
      assertTrue(p.getAsJsonObject("method").has("converged"), p.toString());
    }
    // The demo model's pieces are SentencePiece's: ▁ marks a word's start.
    assertEquals("guten morgen damen und herren", pieces.toString().replace('\u2581', ' ').strip());
  }

  @Test
  void wordsMergesPiecesOnBothSides() {
    String pieces =
        run(0, "translate", "good morning ladies and gentlemen", "--format", "plain")[0];
    assertTrue(
        pieces.contains("\u2581good") && pieces.lines().anyMatch(l -> l.startsWith("n ")), pieces);
    String words =
        run(0, "translate", "good morning ladies and gentlemen", "--words", "--format", "plain")[0];
    assertTrue(words.contains(" good  morning  ladies "), words);
    assertTrue(words.lines().anyMatch(l -> l.startsWith("guten ")), words);
    assertTrue(!words.contains("\u2581"), words);
  }

  @Test
  void plainMatrixAndErrors() {
    String plain = run(0, "translate", "good morning", "--by-output")[0];
    assertTrue(plain.contains("morgen"), plain);
    String err = run(2, "translate", "good morning", "--target", "x")[1];
    assertTrue(err.startsWith("attrib: --target does not apply"), err);
    String none = run(2, "translate")[1];
    assertTrue(none.contains("no input"), none);
  }
}
