package dev.attrib.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A row's JSON object (from the modality's {@code json} renderer, see {@link RowJson}) as Spark
 * values of a schema, on the executor.
 *
 * <pre>{@code
 * Object[] values = JsonRow.values(object, ResultSchema.SCHEMA);   // one per field, null if absent
 * }</pre>
 *
 * <p>Why not Spark's {@code from_json} on a JSON column: the values would be written as text by
 * Gson and parsed again by Spark for every row, twice the work of reading the tree that is already
 * here; on short inputs (a question takes 1.5 ms to explain) that was a tenth of the time. The
 * conversion follows {@code from_json}'s reading: a key the schema does not name is left out, a
 * missing key or JSON {@code null} is null, a value of the wrong kind is null (a whole number for
 * an integer field, any number or {@code "NaN"}/{@code "Infinity"} for a double, an object for a
 * struct or map, an array for an array), and numbers are parsed from their JSON text with {@link
 * Double#parseDouble}, correctly rounded as Spark's parser does, so the values are the same
 * doubles.
 */
final class JsonRow {
  private JsonRow() {}

  /** The values of {@code schema}'s fields in {@code o}, in order. */
  static Object[] values(JsonObject o, StructType schema) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = value(o.get(fields[i].name()), fields[i].dataType());
    }
    return values;
  }

  static Object value(JsonElement e, DataType type) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (type instanceof StructType s) {
      return e.isJsonObject() ? RowFactory.create(values(e.getAsJsonObject(), s)) : null;
    }
    if (type instanceof ArrayType a) {
      if (!e.isJsonArray()) {
        return null;
      }
      JsonArray array = e.getAsJsonArray();
      List<Object> out = new ArrayList<>(array.size());
      for (JsonElement x : array) {
        out.add(value(x, a.elementType()));
      }
      return CollectionConverters.asScala(out).toSeq();
    }
    if (type instanceof MapType m) {
      if (!e.isJsonObject()) {
        return null;
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
        out.put(kv.getKey(), value(kv.getValue(), m.valueType()));
      }
      return CollectionConverters.asScala(out);
    }
    if (type instanceof StringType) {
      return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
    if (!e.isJsonPrimitive()) {
      return null;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (type instanceof BooleanType) {
      return p.isBoolean() ? p.getAsBoolean() : null;
    }
    if (type instanceof DoubleType) {
      if (p.isNumber() || (p.isString() && isNonNumeric(p.getAsString()))) {
        return Double.parseDouble(p.getAsString());
      }
      return null;
    }
    if (type instanceof IntegerType || type instanceof LongType) {
      if (!p.isNumber()) {
        return null;
      }
      try {
        BigDecimal d = new BigDecimal(p.getAsString());
        return type instanceof IntegerType
            ? (Object) d.intValueExact()
            : (Object) d.longValueExact();
      } catch (ArithmeticException | NumberFormatException ex) {
        return null;
      }
    }
    throw new IllegalArgumentException("no conversion to " + type.simpleString());
  }

  private static boolean isNonNumeric(String s) {
    return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
  }
}
