package dev.attrib.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result columns {@link AttribSpark#explain} adds, in order: the keys of {@code docs/json.md},
 * typed. Columns of another modality are null (a text row has no {@code bonds}).
 *
 * <pre>{@code
 * explained.select("input", "target.label", "completeness.relativeDelta").show();
 * explained.selectExpr("input", "inline(units)").where("score > 0.1").show();   // one row per unit
 * }</pre>
 *
 * <p>All modalities: {@code modality}, {@code model}, {@code input}, {@code row} (the target's
 * position among the input's rows, from 0; null on an error row), {@code prediction}, {@code
 * target}, {@code method}, {@code completeness} (null for methods without one), {@code units}
 * (tokens or words; atoms), {@code warnings}. Text: {@code units[].kind/token/id}, {@code
 * probabilities}. Molecules: {@code units[].symbol}, {@code bonds}, {@code split}, {@code title}.
 * Images: {@code height}, {@code width}, {@code aggregate}, {@code scores} (rows of pixels, top
 * first) instead of {@code units}. Translation (one row per output piece): {@code output} (the
 * whole output text), {@code forced}, {@code piece} (the row's output piece: {@code index}, {@code
 * text}, {@code id}, {@code start}, {@code end}, {@code probability}); its {@code prediction},
 * {@code target}, {@code method}, {@code completeness} and {@code units} are the piece's, as under
 * {@code outputs} in the JSON. Keys a modality writes that are not listed here (a text model's
 * {@code settings}, the {@code pieces} of words mode, a plugin's own) are left out.
 */
public final class ResultSchema {
  private ResultSchema() {}

  private static StructField f(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  /** {@code label}, {@code index}, {@code score}. */
  public static final StructType PREDICTION =
      struct(f("label", StringType), f("index", IntegerType), f("score", DoubleType));

  /** {@code label}, {@code index}, {@code on}, {@code score}. */
  public static final StructType TARGET =
      struct(
          f("label", StringType),
          f("index", IntegerType),
          f("on", StringType),
          f("score", DoubleType));

  /** The method's name and the settings it ran with. */
  public static final StructType METHOD =
      struct(
          f("name", StringType),
          f("baseline", StringType),
          f("quadrature", StringType),
          f("steps", IntegerType),
          f("baselineSamples", IntegerType),
          f("batchSize", IntegerType),
          f("noiseSamples", IntegerType),
          f("noiseStdev", DoubleType),
          f("seed", LongType),
          f("converged", BooleanType));

  /** F(x), F(x'), the sum of the scores, delta and relative delta. */
  public static final StructType COMPLETENESS =
      struct(
          f("output", DoubleType),
          f("baselineOutput", DoubleType),
          f("sum", DoubleType),
          f("delta", DoubleType),
          f("relativeDelta", DoubleType));

  /**
   * One unit: the common keys, then the text ({@code kind}, {@code token}, {@code id}) and molecule
   * ({@code symbol}) ones.
   */
  public static final StructType UNIT =
      struct(
          f("index", IntegerType),
          f("text", StringType),
          f("start", IntegerType),
          f("end", IntegerType),
          f("score", DoubleType),
          f("kind", StringType),
          f("token", StringType),
          f("id", IntegerType),
          f("symbol", StringType));

  /** One bond of a molecule. */
  public static final StructType BOND =
      struct(
          f("index", IntegerType),
          f("begin", IntegerType),
          f("end", IntegerType),
          f("order", StringType),
          f("text", StringType),
          f("score", DoubleType));

  /** A molecule's atoms/bonds split of the total score. */
  public static final StructType SPLIT =
      struct(
          f("atoms", DoubleType),
          f("bonds", DoubleType),
          f("unbondedPairs", DoubleType),
          f("atomsFraction", DoubleType),
          f("bondsFraction", DoubleType));

  /** A translation row's output piece (or word). */
  public static final StructType PIECE =
      struct(
          f("index", IntegerType),
          f("text", StringType),
          f("id", IntegerType),
          f("start", IntegerType),
          f("end", IntegerType),
          f("probability", DoubleType));

  /** Every result column, in order (without {@code error}). */
  public static final StructType SCHEMA =
      struct(
          f("modality", StringType),
          f("model", StringType),
          f("input", StringType),
          f("row", IntegerType),
          f("prediction", PREDICTION),
          f("target", TARGET),
          f("method", METHOD),
          f("completeness", COMPLETENESS),
          f("units", createArrayType(UNIT, true)),
          f("bonds", createArrayType(BOND, true)),
          f("split", SPLIT),
          f("title", StringType),
          f("height", IntegerType),
          f("width", IntegerType),
          f("aggregate", StringType),
          f("scores", createArrayType(createArrayType(DoubleType, true), true)),
          f("probabilities", createMapType(StringType, DoubleType, true)),
          f("warnings", createArrayType(StringType, true)),
          f("output", StringType),
          f("forced", BooleanType),
          f("piece", PIECE));

  /** The result columns' names, in order. */
  public static List<String> names() {
    return List.of(SCHEMA.fieldNames());
  }

  /**
   * The whole schema of {@link AttribSpark#explain}'s result for an input of schema {@code input}:
   * its columns, the result columns, {@code error}.
   */
  public static StructType of(StructType input) {
    StructType s = input;
    for (StructField x : SCHEMA.fields()) {
      s = s.add(x);
    }
    return s.add(f(AttribSpark.ERROR_COLUMN, StringType));
  }
}
