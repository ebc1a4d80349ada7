package dev.attrib.text.translate;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.ExplainTarget;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Prediction;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import dev.attrib.text.TextChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code translation} modality: sequence-to-sequence models whose every output piece is
 * attributed to the source pieces' embeddings (Figure 5 of the IG paper), through the same {@link
 * dev.attrib.spi.Explainer} as every other modality.
 *
 * <pre>{@code
 * TranslationModality tr = new TranslationModality();
 * try (LoadedModel model = ModelLoader.load(dir, tr.manifestKeys(), Device.cpu())) {
 *   Explanation<TranslationEncoding> e = new Explainer<>(tr, model)
 *       .explain("good morning ladies and gentlemen", ExplainSettings.defaults(tr));
 *   e.encoded().output();           // "guten morgen damen und herren"
 *   e.rows().get(0).units();        // "▁gute" attributed to <s> ▁good ▁morning ... </s>
 *   System.out.print(new String(tr.renderer("plain").render(e, Options.NONE), UTF_8));
 * }
 * }</pre>
 *
 * <p><b>Encoding.</b> The source is tokenized with the start and end markers ({@code [BOS] pieces
 * [EOS]}, or the tokenizer's own such as {@code <s> pieces </s>}; {@link TranslationFolder#source})
 * and its pieces' embeddings are the attributable input {@code src_embeds [S, D]}, with {@code
 * src_mask [S]} of ones. The translation to explain is decoded then ({@link TranslationDecoder}):
 * greedily, or forced to a target text given after a tab in the input ({@code "good morning\tguten
 * tag"}, as a batch file line) or as the option {@code target-text}; its pieces become {@code
 * tgt_ids = [BOS] y_1 .. y_T} and {@link TranslationEncoding#outputs()} (probability, the model's
 * own choice, per position).
 *
 * <p><b>Targets:</b> one row per output piece, in output order: row j explains {@code p(y_j | y_<j,
 * source)} (the softmax over the target vocabulary at position j; its logit with {@code on =
 * logit}) with {@code tgt_ids} cut to {@code [BOS] y_1 .. y_j} ({@link Target#at}). The end marker
 * is not attributed; its probability is reported. A class {@code --target} does not apply (give the
 * target text instead). The overall prediction is the output text with the probability of the whole
 * sequence.
 *
 * <p><b>Units</b> are the source pieces, {@code [BOS]} first and {@code [EOS]} last (kind {@value
 * #MARKER}), the pieces in between (kind {@value #TOKEN}); {@link #summarize} sums each piece's
 * embedding attributions, one score per unit in that order, for every row.
 *
 * <p><b>Words.</b> With the option {@value #WORDS}{@code =true} ({@code attrib translate --words})
 * the units are source words (kind {@value #WORD}; a word's score is its pieces' summed, so every
 * row keeps its sum) and the rows output words, each explained at its first piece, with the product
 * of its pieces' probabilities ({@link TranslationWords}). The model still reads pieces.
 *
 * <p>Manifest keys: see {@link TranslationFolder}. Baselines: {@link TranslationBaselines}.
 * Options: {@code target-text} (forced decoding), {@code words} and, for the renderers, {@code
 * color} = {@code 256|truecolor|16|none}, {@code view} = {@code matrix|by-output}, {@code scale} =
 * {@code row|all}. Steps are adaptive by default ({@link #defaultConfig()}). Stateless and safe to
 * use from several threads.
 */
public final class TranslationModality implements Modality<TranslationEncoding> {

  /** The registry name. */
  public static final String NAME = "translation";

  /** Unit kind of a piece of the source (a word, for a word-list tokenizer). */
  public static final String TOKEN = "token";

  /** Unit kind of a source word made of pieces, with {@value #WORDS}{@code =true}. */
  public static final String WORD = "word";

  /** Unit kind of the start and end markers. */
  public static final String MARKER = "marker";

  /** The attributable input's name. */
  public static final String SRC_EMBEDS = "src_embeds";

  /** The source mask's name. */
  public static final String SRC_MASK = "src_mask";

  /** The decoder input's name: {@code [BOS]} and the output pieces before the explained one. */
  public static final String TGT_IDS = "tgt_ids";

  /** The option that forces decoding to a given translation. */
  public static final String TARGET_TEXT = "target-text";

  /**
   * The option that shows words instead of word pieces ({@code true|false}, default false): see
   * {@link TranslationWords}.
   */
  public static final String WORDS = "words";

  /** Every option: {@value #TARGET_TEXT}, {@value #WORDS} and the renderers'. */
  public static final Set<String> OPTIONS = withOwn(TranslationRenderers.OPTIONS);

  private static Set<String> withOwn(Set<String> renderers) {
    Set<String> o = new HashSet<>(renderers);
    o.add(TARGET_TEXT);
    o.add(WORDS);
    return Set.copyOf(o);
  }

  /**
   * Adaptive: from 32 Gauss–Legendre steps, doubled up to 1024 until each row's relative
   * completeness delta is at most 1% (translation networks need more steps, the IG paper says).
   */
  @Override
  public Methods.Config defaultConfig() {
    return Methods.config().steps(32).tolerance(0.01).maxSteps(1024).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "translation (sequence to sequence): each output piece attributed to the source pieces";
  }

  @Override
  public Set<String> manifestKeys() {
    return TranslationFolder.KEYS;
  }

  @Override
  public Set<String> options() {
    return OPTIONS;
  }

  /**
   * Tokenizes the source and decodes the translation to explain: forced to the target text after a
   * tab in {@code input} or in the option {@value #TARGET_TEXT}, greedy otherwise.
   */
  @Override
  public TranslationEncoding encode(String input, LoadedModel model, Options options) {
    options.requireKnown(OPTIONS, "modality " + NAME);
    TranslationRequest request = TranslationRequest.parse(input, options.get(TARGET_TEXT, null));
    boolean words = words(options);
    TranslationDecoder decoder = new TranslationDecoder(model);
    TranslationFolder f = decoder.folder();
    List<Piece> src = f.source(request.source());
    String output;
    List<Piece> pieces;
    TranslationDecoder.Steps steps;
    if (request.targetText() != null) {
      pieces = f.target(request.targetText());
      output = request.targetText();
      steps = decoder.forced(src, pieces);
    } else {
      TranslationDecoder.Decoded d = decoder.greedy(List.of(src)).get(0);
      output = decoder.text(d.ids());
      pieces = decoder.pieces(d.ids());
      steps = d.steps();
    }
    List<OutputPiece> outputs = new ArrayList<>(pieces.size());
    long[] tgt = new long[pieces.size() + 1];
    tgt[0] = f.targetVocabulary().bos();
    for (int j = 0; j < pieces.size(); j++) {
      String bestToken = f.targetVocabulary().token(steps.best()[j]);
      outputs.add(
          new OutputPiece(
              pieces.get(j),
              steps.probability()[j],
              new Piece(j, bestToken, bestToken, steps.best()[j], -1, -1),
              steps.bestProbability()[j]));
      tgt[j + 1] = pieces.get(j).id();
    }
    int s = src.size();
    long[] mask = new long[s];
    Arrays.fill(mask, 1L);
    List<NamedTensor> tensors =
        List.of(
            NamedTensor.attributable(SRC_EMBEDS, Tensor.of(f.embed(src), s, f.dim())),
            NamedTensor.fixed(SRC_MASK, Tensor.ofLongs(mask, s)),
            NamedTensor.fixed(TGT_IDS, Tensor.ofLongs(tgt, tgt.length)));
    TranslationWords w =
        words
            ? TranslationWords.of(src, request.source(), outputs, output, f.targetVocabulary())
            : null;
    List<Unit> units = new ArrayList<>(s);
    for (Piece p : w == null ? src : w.source()) {
      String kind = p.special() ? MARKER : w == null ? TOKEN : WORD;
      units.add(new Unit(p.index(), kind, p.text(), p.start(), p.end()));
    }
    return new TranslationEncoding(
        request.source(),
        tensors,
        units,
        src,
        output,
        request.targetText() != null,
        outputs,
        steps.end(),
        w);
  }

  /** The option {@value #WORDS}: true or false (default false); anything else is an error. */
  static boolean words(Options options) {
    String v = options.get(WORDS, "false");
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new AttribException(
              "option " + WORDS + "=" + v + " is not one of true, false (modality " + NAME + ")");
    };
  }

  /**
   * One row per output piece, in output order: row j is {@code p(y_j | y_<j, source)} (or its
   * logit) at position j, with {@code tgt_ids} cut to {@code [BOS] y_1 .. y_j}; its prediction is
   * the piece the model itself would choose there. With {@value #WORDS}{@code =true}, one row per
   * output word: that of its first piece, labelled with the word ({@link TranslationWords}).
   */
  @Override
  public List<ExplainTarget> targets(
      TranslationEncoding encoded, LoadedModel model, ExplainSettings settings) {
    checkTarget(settings, model.manifest());
    Activation act = settings.on().equals("logit") ? Activation.NONE : Activation.SOFTMAX;
    List<OutputPiece> shown = encoded.outputUnits();
    List<ExplainTarget> rows = new ArrayList<>(shown.size());
    for (int r = 0; r < shown.size(); r++) {
      OutputPiece o = shown.get(r);
      int j = encoded.position(r);
      Piece y = encoded.outputs().get(j).piece();
      rows.add(
          new ExplainTarget(
              encoded.inWords() ? o.piece().text() : y.token(),
              y.id(),
              Target.at(j, y.id(), act),
              List.of(NamedTensor.fixed(TGT_IDS, encoded.prefix(j))),
              new Prediction(o.best().text(), o.best().id(), o.bestProbability())));
    }
    return rows;
  }

  /**
   * No class target: the output pieces are the targets; a target text forces other ones. Checks the
   * option {@value #WORDS} too, so a bad value fails once, before the first input.
   */
  @Override
  public void checkTarget(ExplainSettings settings, Manifest manifest) {
    words(settings.options());
    if (settings.target() != null) {
      throw new AttribException(
          "--target does not apply to translation; give the translation to attribute with"
              + " --target-text (or -o "
              + TARGET_TEXT
              + "=TEXT)");
    }
  }

  /** The output text, with the probability of the whole sequence (end marker included). */
  @Override
  public Prediction predict(TranslationEncoding encoded, LoadedModel model) {
    return new Prediction(encoded.output(), -1, encoded.sequenceProbability());
  }

  @Override
  public List<Baseline<TranslationEncoding>> baselines() {
    return TranslationBaselines.all();
  }

  /**
   * One score per source piece (its embedding's attributions summed), or per word (summed again).
   */
  @Override
  public UnitScores summarize(TranslationEncoding encoded, Attribution attribution) {
    double[] pieces = perPiece(attribution, encoded.source().size());
    return new UnitScores(
        encoded.units(), encoded.inWords() ? encoded.words().merge(pieces) : pieces);
  }

  /** Sums the attribution of each source piece's embedding: {@code [S, D] -> [S]}. */
  static double[] perPiece(Attribution a, int pieces) {
    float[] v = a.scores(SRC_EMBEDS).floats();
    int d = v.length / pieces;
    double[] out = new double[pieces];
    for (int i = 0; i < pieces; i++) {
      double sum = 0;
      for (int k = 0; k < d; k++) {
        sum += v[i * d + k];
      }
      out[i] = sum;
    }
    return out;
  }

  @Override
  public List<Renderer<TranslationEncoding>> renderers() {
    return TranslationRenderers.renderers();
  }

  /** {@code attrib check}'s sample sentence (words a model does not know become unknown pieces). */
  public static final String SAMPLE = "the house is small .";

  @Override
  public TranslationEncoding sample(LoadedModel model, Options options) {
    return encode(SAMPLE, model, options);
  }

  /**
   * Padded source positions (the pad piece's row, {@code src_mask} 0) do not change the logits:
   * greedy decoding of several sentences pads them so.
   */
  @Override
  public List<ModelCheck> checkInput(LoadedModel model, TranslationEncoding encoded) {
    TranslationFolder f = TranslationFolder.of(model);
    Tensor src = encoded.tensor(SRC_EMBEDS).value();
    int s = Math.toIntExact(src.shape()[0]);
    int d = Math.toIntExact(src.shape()[1]);
    int extra = Math.min(3, f.maxLength() - s);
    if (extra <= 0) {
      return List.of(
          ModelCheck.skip(
              "padding",
              "the input fills the model's "
                  + f.maxLength()
                  + " source pieces, leaving no room to pad; give a shorter INPUT"));
    }
    float[] padded = Arrays.copyOf(src.floats(), (s + extra) * d);
    float[] pad = f.row(f.sourceVocabulary().pad());
    for (int i = s; i < s + extra; i++) {
      System.arraycopy(pad, 0, padded, i * d, d);
    }
    long[] mask = new long[s + extra];
    Arrays.fill(mask, 0, s, 1);
    List<NamedTensor> longer = new ArrayList<>();
    for (NamedTensor t : encoded.tensors()) {
      longer.add(
          switch (t.name()) {
            case SRC_EMBEDS ->
                NamedTensor.attributable(SRC_EMBEDS, Tensor.of(padded, s + extra, d));
            case SRC_MASK -> NamedTensor.fixed(SRC_MASK, Tensor.ofLongs(mask, s + extra));
            default -> t;
          });
    }
    return List.of(
        TextChecks.compare(
            model,
            encoded.tensors(),
            longer,
            extra,
            SRC_MASK,
            "the pad piece's embedding",
            "apply src_mask in the model: src_key_padding_mask=(src_mask == 0) and"
                + " memory_key_padding_mask=(src_mask == 0) in nn.Transformer; and set"
                + " transformer.encoder.enable_nested_tensor = False, or PyTorch's nested-tensor"
                + " path cuts the padded memory short"));
  }

  /** The source-embedding parameter exists and has a row per source id. */
  @Override
  public List<ModelCheck> checkModel(LoadedModel model) {
    String name =
        model.manifest().json().has("embedding")
                && model.manifest().json().get("embedding").isJsonPrimitive()
            ? model.manifest().json().get("embedding").getAsString()
            : null;
    if (name != null) {
      ModelCheck missing = TextChecks.embeddingExists(model, name);
      if (missing != null) {
        return List.of(missing);
      }
    }
    try {
      TranslationFolder f = TranslationFolder.of(model);
      Tensor e = model.parameter(f.embeddingName());
      return List.of(
          ModelCheck.pass(
              "embedding",
              "'"
                  + f.embeddingName()
                  + "' "
                  + Arrays.toString(e.shape())
                  + " has a row for each source id; target vocabulary "
                  + f.targetVocabulary().size()
                  + " ids"));
    } catch (AttribException e) {
      return List.of(ModelCheck.fail("embedding", e.getMessage()));
    }
  }
}
