package dev.attrib.text;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Example;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Escape;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Prediction;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code text} modality: which word-pieces made a text classifier decide.
 *
 * <pre>{@code
 * TextModality text = new TextModality();
 * try (LoadedModel model = ModelLoader.load(dir, text.manifestKeys(), Device.cpu())) {
 *   ExplainSettings s = ExplainSettings.defaults().withBaseline("pad")
 *       .withOptions(Options.of(Map.of("words", "true")));
 *   Explanation<TextEncoding> e =
 *       new Explainer<>(text, model).explain("how many townships are there ?", s);
 *   System.out.print(new String(text.renderer("plain").render(e, Options.NONE), UTF_8));
 *   // how many townships are there ?   [NUMERIC 0.97]
 *   // [CLS](+0.000) how(+0.212) many(+0.530) townships(+0.021) ... [SEP](+0.000)
 * }
 * }</pre>
 *
 * <p><b>Model folder.</b> A classifier with the forward signature {@code (inputs_embeds [B,L,D],
 * attention_mask int64 [B,L]) -> logits [B,C]} whose token-embedding matrix is the parameter named
 * by the manifest's {@code "embedding"}; a tokenizer selected by {@code "tokenizer"} (see {@link
 * TextManifest} for every key). Attribution is taken with respect to the token embeddings, as in
 * the IG paper and Captum's layer IG.
 *
 * <p><b>Encoding.</b> The text is tokenized with special tokens (a HuggingFace {@code
 * tokenizer.json}, or a Lucene analyzer chain with a {@code vocab.txt}); the ids are looked up in a
 * copy of the embedding matrix, giving the attributable input {@code inputs_embeds} {@code [L,D]},
 * and the fixed input {@code attention_mask} {@code [L]} of ones. Input longer than the manifest's
 * {@code maxLength} is cut at the end (special tokens kept) with a warning in {@link
 * TextEncoding#warnings()} saying how much was cut; with the option {@code truncate=false} it is
 * rejected instead. Empty input, and input that leaves no token but special ones, are rejected with
 * an {@link AttribException}.
 *
 * <p><b>Units.</b> One unit per token, in token order, special tokens included (kind {@code
 * special}, text the token, no offsets unless typed in the input; a typed "[SEP]" is matched as the
 * special token, as HuggingFace tokenizers do): they are part of the model input and, under the
 * {@code zero} baseline, get attribution too, so leaving them out would break "the unit scores add
 * up to the completeness sum". Word-pieces are kind {@code token}, with their offsets in the input
 * (UTF-16 chars) and the input's own text (so "Town" stays "Town" though the vocabulary says
 * "town"). With the option {@code words=true}, word-pieces that touch inside a word (no gap,
 * letters or digits on both sides of the junction) are merged into one unit of kind {@code word}
 * whose score is the sum of its pieces' scores.
 *
 * <p><b>Scores.</b> A token's score is the sum of its attribution over the embedding dimension.
 *
 * <p><b>Baselines</b> (first is the default): {@code zero} (all-zero embeddings, the paper's
 * choice); {@code pad}, {@code mask}, {@code unk} (every non-special token replaced by that token's
 * embedding, special tokens kept, so they get exactly zero); {@code uniform} (non-special tokens
 * replaced by noise uniform in each embedding dimension's range over the vocabulary, from the seed;
 * {@code samples=N} draws N samples and IG averages over them).
 *
 * <p><b>Options</b> ({@code key=value}): {@code words} (true|false), {@code truncate} (true|false,
 * default true), {@code samples} (uniform baseline draws, default 1), and for the renderers {@code
 * color} (truecolor|256|16|none, default 256). The reports name the baseline the {@link
 * dev.attrib.spi.Explanation} carries.
 *
 * <p><b>Targets:</b> one row, the class the settings choose (the predicted one by default).
 *
 * <p><b>Renderers:</b> {@code ansi}, {@code plain}, {@code html}, {@code json}; see {@link
 * TextRenderers}. Stateless and thread-safe; per-model resources (tokenizer, embedding copy) are
 * cached weakly per {@link LoadedModel}. What the renderers read beyond units and scores is in the
 * typed {@link TextEncoding}.
 */
public final class TextModality implements Modality<TextEncoding> {
  /** The registry name. */
  public static final String NAME = "text";

  /** The attributable input's name in the forward signature. */
  public static final String INPUTS_EMBEDS = "inputs_embeds";

  /** The fixed input's name in the forward signature. */
  public static final String ATTENTION_MASK = "attention_mask";

  /** Option names: encoding ({@code words, truncate, samples}) and rendering. */
  public static final Set<String> OPTIONS = Set.of("words", "truncate", "samples", "color");

  private static final List<Baseline<TextEncoding>> BASELINES = TextBaseline.all();

  /**
   * The predicted class from the outputs {@link #encode} computed (the renderers show them all),
   * not from a second forward pass at the same input: the same numbers, one forward fewer per
   * input.
   */
  @Override
  public Prediction predict(TextEncoding encoded, LoadedModel model) {
    double[] out = outputsAtInput(encoded);
    return out != null
        ? Explainer.predictedClass(out, model.manifest())
        : Explainer.predictedClass(encoded, model); // not completed yet: a forward of its own
  }

  /**
   * The outputs {@link #encode} computed: the predicted class is taken from them too. Null for an
   * encoding for attribution, whose outputs come later ({@link #complete}).
   */
  @Override
  public double[] outputsAtInput(TextEncoding encoded) {
    if (encoded.outputs().isEmpty()) {
      return null;
    }
    double[] out = new double[encoded.outputs().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = encoded.outputs().get(i);
    }
    return out;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "text classifiers: word-piece attribution over token embeddings";
  }

  @Override
  public Set<String> manifestKeys() {
    return TextManifest.KEYS;
  }

  @Override
  public Set<String> options() {
    return OPTIONS;
  }

  @Override
  public List<Baseline<TextEncoding>> baselines() {
    return BASELINES;
  }

  @Override
  public List<Renderer<TextEncoding>> renderers() {
    return TextRenderers.all();
  }

  /** {@link #encodeForAttribution}, then the outputs from a forward pass of its own. */
  @Override
  public TextEncoding encode(String input, LoadedModel model, Options options) {
    return complete(encodeForAttribution(input, model, options), null, model);
  }

  /**
   * The outputs at the input, after the manifest's activation: from the attribution's raw row (the
   * activation applied in double precision; the same numbers as {@link #encode}'s own forward pass
   * to float32 round-off), or from a forward pass where the method computed none.
   */
  @Override
  public TextEncoding complete(TextEncoding encoded, float[] outputsAtInput, LoadedModel model) {
    if (!encoded.outputs().isEmpty()) {
      return encoded;
    }
    Activation act = model.manifest().activation();
    double[] out =
        outputsAtInput != null
            ? act.apply(outputsAtInput)
            : ModelOutputs.at(model, new Example(encoded.tensors(), List.of()), act);
    List<Double> outputs = new ArrayList<>(out.length);
    for (double d : out) {
      outputs.add(d);
    }
    return encoded.withOutputs(outputs);
  }

  /**
   * {@link #encode} without the forward pass for the outputs the renderers show (they are left
   * empty): {@link #complete} takes them from the attribution's row at the input, which computes
   * the same output anyway.
   */
  @Override
  public TextEncoding encodeForAttribution(String input, LoadedModel model, Options options) {
    options.requireKnown(OPTIONS, "modality text");
    boolean words = flag(options, "words", false);
    boolean truncate = flag(options, "truncate", true);
    if (input == null || input.isBlank()) {
      throw new AttribException("empty input: there is no text to explain");
    }
    TextResources r = TextResources.of(model);
    List<Piece> all = r.tokenizer.tokenize(input);
    long content = all.stream().filter(p -> !p.special()).count();
    if (content == 0) {
      throw new AttribException(
          "input '"
              + shortened(input)
              + "' leaves no token to attribute: the "
              + r.tokenizer.kind()
              + " tokenizer keeps "
              + (all.isEmpty()
                  ? "nothing of it"
                  : "only special tokens ("
                      + String.join(" ", all.stream().map(Piece::token).toList())
                      + ")"));
    }
    List<String> warnings = new ArrayList<>();
    List<Piece> pieces = all;
    int dropped = 0;
    if (r.maxLength > 0 && all.size() > r.maxLength) {
      long specials = all.size() - content;
      long keep = r.maxLength - specials;
      if (!truncate || keep < 1) {
        throw new AttribException(
            "input '"
                + shortened(input)
                + "' has "
                + all.size()
                + " tokens but the model takes at most "
                + r.maxLength
                + " (maxLength of "
                + r.modelName
                + ")"
                + (keep < 1 ? ", too few for its special tokens" : "")
                + "; shorten it"
                + (truncate ? "" : " or allow truncate=true"));
      }
      pieces = new ArrayList<>();
      int kept = 0;
      int cutFrom = -1;
      for (Piece p : all) {
        if (p.special()) {
          pieces.add(p);
        } else if (kept < keep) {
          pieces.add(p);
          kept++;
        } else if (cutFrom < 0) {
          cutFrom = p.start();
        }
      }
      dropped = all.size() - pieces.size();
      warnings.add(
          "input cut to the model's "
              + r.maxLength
              + " tokens: the last "
              + dropped
              + " of "
              + all.size()
              + " tokens ("
              + (cutFrom >= 0
                  ? (input.length() - cutFrom) + " characters from offset " + cutFrom
                  : "their text")
              + ") were not seen by the model and get no attribution");
    }
    int n = pieces.size();
    float[] embeds = new float[n * r.dim];
    long[] mask = new long[n];
    for (int i = 0; i < n; i++) {
      r.copyRow(pieces.get(i).id(), embeds, i);
      mask[i] = 1;
    }
    List<Unit> units = new ArrayList<>();
    List<Integer> pieceUnit = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Piece p = pieces.get(i);
      boolean merge =
          words
              && i > 0
              && !p.special()
              && !pieces.get(i - 1).special()
              && TokenizerFiles.joins(
                  input, pieces.get(i - 1).start(), pieces.get(i - 1).end(), p.start());
      if (merge) {
        Unit last = units.remove(units.size() - 1);
        int start = Math.min(last.start(), p.start());
        int end = Math.max(last.end(), p.end());
        units.add(new Unit(last.index(), "word", input.substring(start, end), start, end));
      } else if (p.special()) {
        units.add(new Unit(units.size(), "special", p.token(), p.start(), p.end()));
      } else {
        String text = p.start() >= 0 ? input.substring(p.start(), p.end()) : p.token();
        units.add(new Unit(units.size(), words ? "word" : "token", text, p.start(), p.end()));
      }
      pieceUnit.add(units.size() - 1);
    }
    List<NamedTensor> tensors =
        List.of(
            NamedTensor.attributable(INPUTS_EMBEDS, Tensor.of(embeds, n, r.dim)),
            NamedTensor.fixed(ATTENTION_MASK, Tensor.ofLongs(mask, n)));
    // The renderers show every label's output, which an Explanation does not carry: complete adds
    // them, from the attribution's row at the input or from a forward pass of its own (encode).
    Manifest mf = model.manifest();
    return new TextEncoding(
        input,
        tensors,
        units,
        pieces,
        pieceUnit,
        warnings,
        mf.labels(),
        List.of(),
        mf.activation(),
        words,
        r.tokenizer.kind(),
        r.maxLength,
        dropped);
  }

  @Override
  public UnitScores summarize(TextEncoding encoded, Attribution attribution) {
    double[] pieces = pieceScores(encoded, attribution);
    List<Integer> pieceUnit = encoded.pieceUnit();
    double[] units = new double[encoded.units().size()];
    for (int i = 0; i < pieces.length; i++) {
      units[pieceUnit.get(i)] += pieces[i];
    }
    return new UnitScores(encoded.units(), units);
  }

  /** The input {@code attrib check} attributes when given none. */
  public static final String SAMPLE = "the quick brown fox jumps over the lazy dog";

  @Override
  public TextEncoding sample(LoadedModel model, Options options) {
    return encode(SAMPLE, model, options);
  }

  /** The embedding parameter exists, is [V, D] and covers the tokenizer's ids. */
  @Override
  public List<ModelCheck> checkModel(LoadedModel model) {
    return List.of(TextChecks.embedding(model));
  }

  /** Padded positions (attention mask 0) do not change the output. */
  @Override
  public List<ModelCheck> checkInput(LoadedModel model, TextEncoding encoded) {
    return List.of(TextChecks.padding(model, encoded));
  }

  /** One score per token (special tokens included): the attribution summed over dimensions. */
  public static double[] pieceScores(TextEncoding encoded, Attribution attribution) {
    Tensor s = attribution.scores(INPUTS_EMBEDS);
    long[] shape = s.shape();
    int n = Math.toIntExact(shape[0]);
    int d = Math.toIntExact(shape[1]);
    float[] v = s.floats();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < d; j++) {
        sum += v[i * d + j];
      }
      out[i] = sum;
    }
    return out;
  }

  static boolean flag(Options o, String key, boolean fallback) {
    String v = o.get(key, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new AttribException("option " + key + "=" + v + " must be true or false");
    };
  }

  /** The input for an error message: escaped, and cut to 60 characters. */
  static String shortened(String input) {
    String s = input.length() > 60 ? input.substring(0, 57) + "..." : input;
    return Escape.terminal(s);
  }
}
