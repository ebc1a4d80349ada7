package dev.attrib.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The executor's JSON-to-columns reading ({@link JsonRow}) follows Spark's own {@code from_json}:
 * unknown keys left out, missing and null keys null, a value of the wrong kind null, numbers the
 * doubles their text names. (AttribSparkTest checks whole rows against the library.)
 */
class JsonRowTest {
  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  @Test
  void valuesFollowTheSchemaInOrder() {
    StructType schema =
        new StructType()
            .add("name", DataTypes.StringType)
            .add("row", DataTypes.IntegerType)
            .add("seed", DataTypes.LongType)
            .add("score", DataTypes.DoubleType)
            .add("forced", DataTypes.BooleanType)
            .add("missing", DataTypes.StringType);
    Object[] v =
        JsonRow.values(
            json(
                "{\"extra\":[1,2],\"score\":0.1,\"name\":\"n\",\"row\":3,\"seed\":9007199254740993,"
                    + "\"forced\":true,\"missing\":null}"),
            schema);
    assertArrayEquals(new Object[] {"n", 3, 9007199254740993L, 0.1, true, null}, v);
  }

  @Test
  void doublesAreTheDoublesTheirTextNames() {
    StructType schema = new StructType().add("x", DataTypes.DoubleType);
    for (String text :
        new String[] {"-1.9461413103272207E-7", "0.9976010918617249", "1e308", "0"}) {
      Object[] v = JsonRow.values(json("{\"x\":" + text + "}"), schema);
      assertEquals(Double.parseDouble(text), (double) v[0], 0.0);
    }
    assertTrue(Double.isNaN((double) JsonRow.values(json("{\"x\":\"NaN\"}"), schema)[0]));
    assertNull(JsonRow.values(json("{\"x\":\"high\"}"), schema)[0]);
  }

  @Test
  void aValueOfTheWrongKindIsNull() {
    StructType schema =
        new StructType()
            .add("i", DataTypes.IntegerType)
            .add("b", DataTypes.BooleanType)
            .add("s", new StructType().add("a", DataTypes.IntegerType))
            .add("l", DataTypes.createArrayType(DataTypes.IntegerType));
    Object[] v =
        JsonRow.values(json("{\"i\":1.5,\"b\":\"yes\",\"s\":[1],\"l\":{\"a\":1}}"), schema);
    assertArrayEquals(new Object[] {null, null, null, null}, v);
    assertNull(JsonRow.values(json("{\"i\":3000000000}"), schema)[0]);
  }

  @Test
  void nestedStructsArraysAndMapsBecomeRowsSeqsAndMaps() {
    StructType unit =
        new StructType().add("text", DataTypes.StringType).add("score", DataTypes.DoubleType);
    StructType schema =
        new StructType()
            .add("units", DataTypes.createArrayType(unit))
            .add("p", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));
    Object[] v =
        JsonRow.values(
            json("{\"units\":[{\"text\":\"a\",\"score\":0.5},null],\"p\":{\"X\":0.25,\"Y\":0.75}}"),
            schema);
    List<Object> units = CollectionConverters.asJava((scala.collection.Seq<Object>) v[0]);
    assertEquals(2, units.size());
    assertEquals("a", ((Row) units.get(0)).getString(0));
    assertEquals(0.5, ((Row) units.get(0)).getDouble(1), 0.0);
    assertNull(units.get(1));
    var p = CollectionConverters.asJava((scala.collection.Map<Object, Object>) v[1]);
    assertEquals(0.25, (double) p.get("X"), 0.0);
    assertEquals(0.75, (double) p.get("Y"), 0.0);
  }
}
