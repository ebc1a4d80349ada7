package dev.attrib.text;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The text modality's part of {@code attrib check} (see {@code dev.attrib.model.ModelDoctor}): the
 * embedding parameter, and whether padding leaks into the output. Also used by the translation
 * modality for its source side.
 *
 * <pre>{@code
 * TextChecks.embedding(model);            // PASS: 'model.embeddings.word_embeddings.weight' [64, 16] ...
 * TextChecks.padding(model, encoded);     // FAIL: 3 padded positions change the logits by 38% ...
 * }</pre>
 */
public final class TextChecks {
  private TextChecks() {}

  /** Positions the padding check appends (fewer when the model's maximum length is near). */
  static final int PADDED = 3;

  /**
   * Largest change of the output, relative to its largest magnitude, that padding may cause. A mask
   * that is applied gives padded keys exactly zero attention weight; what remains is float32
   * round-off from sums over a longer axis in another order (1e-7 to 1e-6 relative on the recipe
   * models), a hundred times below this. A leak moves the output by percents.
   */
  public static final double PADDING_TOLERANCE = 1e-4;

  /** The text classifier's embedding check: the parameter exists and covers the tokenizer. */
  static ModelCheck embedding(LoadedModel model) {
    String name;
    try {
      name = TextManifest.of(model.manifest()).embedding();
    } catch (AttribException e) {
      return ModelCheck.fail("embedding", e.getMessage());
    }
    ModelCheck missing = embeddingExists(model, name);
    if (missing != null) {
      return missing;
    }
    try {
      TextResources r = TextResources.of(model);
      return ModelCheck.pass(
          "embedding",
          "'"
              + name
              + "' ["
              + r.rows
              + ", "
              + r.dim
              + "] has a row for each of the "
              + r.tokenizer.kind()
              + " tokenizer's ids (0.."
              + r.tokenizer.vocabulary().maxId()
              + ")");
    } catch (AttribException e) {
      return ModelCheck.fail("embedding", e.getMessage());
    }
  }

  /**
   * Null when the network has a parameter {@code name}; else a failed {@code embedding} check
   * naming the parameters that look like an embedding matrix (2-D, "embed" in the name).
   */
  public static ModelCheck embeddingExists(LoadedModel model, String name) {
    List<String> names = model.parameterNames();
    if (names.contains(name)) {
      return null;
    }
    List<String> candidates = new ArrayList<>();
    for (String n : names) {
      if (n.toLowerCase(Locale.ROOT).contains("embed")) {
        long[] shape = model.parameter(n).shape();
        if (shape.length == 2) {
          candidates.add(n + " " + Arrays.toString(shape));
        }
      }
    }
    Manifest mf = model.manifest();
    return ModelCheck.fail(
        "embedding",
        mf.file()
            + ": 'embedding' names '"
            + name
            + "', but "
            + model.networkFile()
            + " has no such parameter; "
            + (candidates.isEmpty()
                ? "its parameters: " + String.join(", ", names)
                : "embedding-like parameters: " + String.join(", ", candidates))
            + "; set 'embedding' to the token-embedding matrix [vocabulary, dimension], named as"
            + " in the module's state_dict");
  }

  /**
   * Padding check of a text classifier: the input once as encoded and once with {@link #PADDED}
   * positions of the pad token's embedding (zeros without one) and attention mask 0 appended; the
   * logits must agree to {@link #PADDING_TOLERANCE}.
   */
  static ModelCheck padding(LoadedModel model, TextEncoding encoded) {
    TextResources r = TextResources.of(model);
    Tensor embeds = encoded.tensor(TextModality.INPUTS_EMBEDS).value();
    int n = Math.toIntExact(embeds.shape()[0]);
    int extra = PADDED;
    if (r.maxLength > 0) {
      extra = Math.min(extra, r.maxLength - n);
    }
    if (extra <= 0) {
      return ModelCheck.skip(
          "padding",
          "the input fills the model's "
              + r.maxLength
              + " tokens, leaving no room to pad; give a shorter INPUT");
    }
    float[] e = embeds.floats();
    float[] padded = Arrays.copyOf(e, (n + extra) * r.dim);
    for (int i = n; i < n + extra; i++) {
      if (r.pad.isPresent()) {
        r.copyRow(r.pad.getAsLong(), padded, i);
      }
    }
    long[] mask = new long[n + extra];
    Arrays.fill(mask, 0, n, 1);
    List<NamedTensor> longer =
        List.of(
            NamedTensor.attributable(
                TextModality.INPUTS_EMBEDS, Tensor.of(padded, n + extra, r.dim)),
            NamedTensor.fixed(TextModality.ATTENTION_MASK, Tensor.ofLongs(mask, n + extra)));
    return compare(
        model,
        encoded.tensors(),
        longer,
        extra,
        TextModality.ATTENTION_MASK,
        r.pad.isPresent() ? "the pad token's embedding" : "zero embeddings",
        "apply attention_mask in the model: e.g. src_key_padding_mask=(attention_mask == 0) in"
            + " nn.TransformerEncoder, and pool over unmasked positions only (or the first token)");
  }

  /**
   * The padding check's comparison, shared with the translation modality: the output for {@code
   * plain} and for {@code padded} (which adds {@code extra} masked positions) must agree.
   */
  public static ModelCheck compare(
      LoadedModel model,
      List<NamedTensor> plain,
      List<NamedTensor> padded,
      int extra,
      String maskName,
      String padWith,
      String fix) {
    double[] a;
    double[] b;
    try {
      a = ModelOutputs.at(model, new Example(plain, List.of()), Activation.NONE);
      b = ModelOutputs.at(model, new Example(padded, List.of()), Activation.NONE);
    } catch (AttribException ex) {
      return ModelCheck.fail(
          "padding",
          "the network fails on the input with "
              + extra
              + " padded positions ("
              + maskName
              + " 0): "
              + ex.getMessage()
              + "; "
              + fix);
    }
    if (a.length != b.length) {
      return ModelCheck.fail(
          "padding",
          "the output has "
              + b.length
              + " values with "
              + extra
              + " padded positions but "
              + a.length
              + " without; the output must not depend on the padded length");
    }
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    double rel = diff / Math.max(scale, 1e-12);
    String what =
        String.format(
            Locale.ROOT,
            "%d padded positions (%s 0, %s) change the output by %.2g relative (max |change| %.3g"
                + " of max |output| %.3g; tolerance %.0e)",
            extra,
            maskName,
            padWith,
            rel,
            diff,
            scale,
            PADDING_TOLERANCE);
    if (rel <= PADDING_TOLERANCE) {
      return ModelCheck.pass("padding", what);
    }
    return ModelCheck.fail("padding", what + ": padding leaks into the output; " + fix);
  }
}
