package dev.attrib.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.attrib.spi.AttribException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the text and translation modalities' HuggingFace tokenizers share: reading a {@code
 * tokenizer.json} with one-line errors, turning the native library's code-point offsets into {@code
 * String} indices, and the rule for when two pieces belong to one word.
 *
 * <pre>{@code
 * JsonObject json = TokenizerFiles.read(Path.of("tokenizer.json"));
 * int[] utf16 = TokenizerFiles.utf16Offsets("naïve 😀");   // utf16[cp] = index of code point cp
 * }</pre>
 */
public final class TokenizerFiles {
  private TokenizerFiles() {}

  /** The file as a JSON object; a missing, non-UTF-8, non-JSON or non-object file is one line. */
  public static JsonObject read(Path file) {
    try {
      JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new AttribException(file + ": a tokenizer file must hold a JSON object");
      }
      return e.getAsJsonObject();
    } catch (NoSuchFileException e) {
      throw new AttribException(file + ": missing tokenizer file");
    } catch (MalformedInputException e) {
      throw new AttribException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    } catch (JsonParseException e) {
      throw new AttribException(file + ": not valid JSON: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * UTF-16 index of each code point offset 0..n (n = the number of code points): the native
   * tokenizer counts code points, Java strings count UTF-16 units.
   */
  public static int[] utf16Offsets(String text) {
    int n = text.codePointCount(0, text.length());
    int[] out = new int[n + 1];
    int at = 0;
    for (int cp = 0; cp < n; cp++) {
      out[cp] = at;
      at += Character.charCount(text.codePointAt(at));
    }
    out[n] = at;
    return out;
  }

  /**
   * True when a piece starting at {@code start} continues the word of the piece {@code [prevStart,
   * prevEnd)}: they overlap (several pieces of one character), or they touch with a letter or digit
   * on both sides of the junction.
   */
  public static boolean joins(String text, int prevStart, int prevEnd, int start) {
    if (prevStart < 0 || start < 0) {
      return false;
    }
    if (start < prevEnd) {
      return true;
    }
    return start == prevEnd
        && start > 0
        && start < text.length()
        && Character.isLetterOrDigit(text.codePointBefore(start))
        && Character.isLetterOrDigit(text.codePointAt(start));
  }

  /** The first line of a library's message, for a one-line error. */
  public static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
