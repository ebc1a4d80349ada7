package dev.attrib.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.Attrib;
import dev.attrib.spi.Explanation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An explanation as the JSON objects of its result rows: the modality's own {@code json} renderer
 * is the one source of the values, so a Spark row says what {@code --format json} says.
 *
 * <pre>{@code
 * List<JsonObject> rows = RowJson.rows(attrib, attrib.explain("CCO"));
 * }</pre>
 *
 * <p>The renderer writes JSON Lines: one object per row (a classifier, a molecule's tasks), or one
 * object per input holding its rows under {@code outputs} (a translation). Each line is a row; an
 * object with {@code outputs} gives one row per entry, with the input's keys ({@code modality},
 * {@code model}, {@code input}, {@code output}, ...) and the entry's {@code prediction}, {@code
 * target}, {@code method}, {@code completeness} and {@code units}, its own facts in {@code piece}.
 * An {@code outputs} list that is empty still gives one row, without results, so no input vanishes.
 * Every row gets {@code row}, its position among the input's rows.
 */
final class RowJson {
  private RowJson() {}

  /** The keys of an {@code outputs} entry that describe one row in the common format. */
  private static final Set<String> ROW_KEYS =
      Set.of("prediction", "target", "method", "completeness", "units");

  static List<JsonObject> rows(Attrib attrib, Explanation<?> e) {
    String text = new String(attrib.render(e, "json"), StandardCharsets.UTF_8);
    List<JsonObject> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      JsonElement outputs = o.get("outputs");
      if (outputs == null || !outputs.isJsonArray()) {
        rows.add(o);
        continue;
      }
      JsonObject head = new JsonObject();
      for (var kv : o.entrySet()) {
        if (!kv.getKey().equals("outputs") && !ROW_KEYS.contains(kv.getKey())) {
          head.add(kv.getKey(), kv.getValue());
        }
      }
      JsonArray list = outputs.getAsJsonArray();
      if (list.isEmpty()) {
        rows.add(head);
      }
      for (JsonElement x : list) {
        JsonObject entry = x.getAsJsonObject();
        JsonObject row = head.deepCopy();
        JsonObject piece = new JsonObject();
        for (var kv : entry.entrySet()) {
          if (ROW_KEYS.contains(kv.getKey())) {
            row.add(kv.getKey(), kv.getValue());
          } else {
            piece.add(kv.getKey(), kv.getValue());
          }
        }
        row.add("piece", piece);
        rows.add(row);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).addProperty("row", i);
    }
    return rows;
  }

  /** The row of a record that could not be explained: who and what, no results. */
  static JsonObject failed(String modality, String model, String input) {
    JsonObject o = new JsonObject();
    o.addProperty("modality", modality);
    o.addProperty("model", model);
    o.addProperty("input", input);
    return o;
  }
}
