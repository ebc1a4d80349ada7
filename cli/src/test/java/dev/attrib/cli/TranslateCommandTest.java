package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.fixtures.DemoModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attrib translate} on the built-in English→German demo model. */
class TranslateCommandTest {
  @TempDir Path home;
  @TempDir Path work;

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
    assertTrue(pieces.contains("over 6 output pieces;"), pieces);
    String words =
        run(0, "translate", "good morning ladies and gentlemen", "--words", "--format", "plain")[0];
    assertTrue(words.startsWith("guten morgen damen und herren\n"), words);
    assertTrue(words.contains(" good  morning  ladies "), words);
    assertTrue(words.lines().anyMatch(l -> l.startsWith("guten ")), words);
    assertTrue(words.contains("over 5 output words;"), "the footer counts words: " + words);
    assertFalse(words.contains("\u2581"), words);
  }

  /**
   * One pipeline: {@code explain} on the translation folder is {@code translate}, row for row (it
   * attributed only the first output piece before translation became an ordinary modality), in
   * pieces and, with {@code -o words=true} as {@code --words} sets it, in words.
   */
  @Test
  void explainOnTheTranslationFolderIsTranslateRowForRow() {
    String text = "good morning ladies and gentlemen";
    String model = DemoModels.forModality("translation").toString();
    String translate = run(0, "translate", text, "--format", "json")[0];
    String explain = run(0, "explain", "--model", model, text, "--format", "json")[0];
    sameRowForRow(translate, explain, 6);
    String translateWords = run(0, "translate", text, "--words", "--format", "json")[0];
    String explainWords =
        run(0, "explain", "--model", model, text, "-o", "words=true", "--format", "json")[0];
    sameRowForRow(translateWords, explainWords, 5);
    String plain = run(0, "explain", "--model", model, text, "--format", "plain")[0];
    assertTrue(plain.startsWith("guten morgen damen und herren\n"), "decoded text: " + plain);
    assertEquals(run(0, "translate", text, "--format", "plain")[0], plain);
  }

  private static void sameRowForRow(String translate, String explain, int rows) {
    JsonObject t = JsonParser.parseString(translate).getAsJsonObject();
    JsonObject e = JsonParser.parseString(explain).getAsJsonObject();
    JsonArray tr = t.getAsJsonArray("outputs");
    JsonArray ex = e.getAsJsonArray("outputs");
    assertEquals(rows, ex.size(), "every output piece (or word) is a row: " + explain);
    assertEquals(tr.size(), ex.size());
    for (int j = 0; j < tr.size(); j++) {
      assertEquals(tr.get(j), ex.get(j), "row " + j);
    }
    assertEquals(translate, explain, "and the rest of the object too");
  }

  @Test
  void aBatchFileForcesTheLinesWithATabTheSameWayInBothCommands() throws Exception {
    Path lines = work.resolve("sentences.txt");
    Files.writeString(lines, "good morning\nladies and gentlemen\tdamen und herren\n");
    String model = DemoModels.forModality("translation").toString();
    String[] common = {"--input", lines.toString(), "--format", "json", "--steps", "8"};
    String translate = run(0, concat(new String[] {"translate"}, common))[0];
    String explain = run(0, concat(new String[] {"explain", "--model", model}, common))[0];
    assertEquals(translate, explain);
    List<String> out = translate.lines().toList();
    assertEquals(2, out.size(), translate);
    JsonObject free = JsonParser.parseString(out.get(0)).getAsJsonObject();
    JsonObject forced = JsonParser.parseString(out.get(1)).getAsJsonObject();
    assertFalse(free.get("forced").getAsBoolean());
    assertTrue(forced.get("forced").getAsBoolean());
    assertEquals("ladies and gentlemen", forced.get("input").getAsString());
    assertEquals("damen und herren", forced.get("output").getAsString());
    assertEquals(3, forced.getAsJsonArray("outputs").size());
  }

  @Test
  void plainMatrixByOutputFormatsAndErrors() throws Exception {
    String plain = run(0, "translate", "good morning", "--by-output", "--steps", "8")[0];
    assertTrue(plain.contains("\u2581morgen  <-  <s>[0.000] \u2581good["), plain);
    String words = run(0, "translate", "good morning", "--by-output", "--words", "--steps", "8")[0];
    assertTrue(words.contains("morgen  <-  <s>[0.000] good["), words);
    String forced =
        run(0, "translate", "good morning", "--target-text", "guten abend", "--steps", "8")[0];
    assertTrue(forced.startsWith("guten abend   (forced)\n"), forced);
    assertTrue(forced.contains("(model: \u2581morgen)"), forced);
    String forcedWords =
        run(0, "translate", "good morning", "--target-text", "guten abend", "--words")[0];
    assertTrue(forcedWords.contains("(model: morgen)"), forcedWords);
    Path html = work.resolve("t.html");
    run(0, "translate", "good morning", "--steps", "8", "--out", html.toString());
    assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"), "format from --out's name");
    String png = run(2, "translate", "good morning", "--out", work.resolve("t.png").toString())[1];
    assertTrue(png.contains("png"), png);
    assertFalse(Files.exists(work.resolve("t.png")));
    String err = run(2, "translate", "good morning", "--target", "x")[1];
    assertTrue(err.startsWith("attrib: --target does not apply"), err);
    String none = run(2, "translate")[1];
    assertTrue(none.contains("no input"), none);
    String two = run(2, "translate", "good morning", "hello", "--target-text", "guten tag")[1];
    assertTrue(two.contains("exactly one source sentence"), two);
    String both = run(2, "translate", "good morning\tguten tag", "--target-text", "guten abend")[1];
    assertTrue(both.contains("give one"), both);
    String maybe = run(2, "translate", "good morning", "-o", "words=maybe")[1];
    assertTrue(maybe.startsWith("attrib: option words=maybe is not one of true, false"), maybe);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
