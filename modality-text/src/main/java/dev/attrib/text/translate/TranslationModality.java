package dev.attrib.text.translate;

import dev.attrib.ig.Attribution;
import dev.attrib.ig.Methods;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Encoded;
import dev.attrib.spi.Modality;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Renderer;
import dev.attrib.spi.Tensor;
import dev.attrib.spi.Unit;
import dev.attrib.spi.UnitScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code translation} modality: sequence-to-sequence models whose every output piece is
 * attributed to the source pieces' embeddings.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, new TranslationModality().manifestKeys(), Device.cpu())) {
 *   Translation t = new TranslationExplainer(model).explain("good morning", TranslationExplainer.defaultSettings());
 *   System.out.print(new String(TranslationRenderers.plain(t, Options.NONE), UTF_8));
 * }
 * }</pre>
 *
 * <p>The whole job (decode, then one attribution per output piece) is {@link
 * TranslationExplainer}'s. Through the generic {@link dev.attrib.spi.Explainer} ({@code attrib
 * explain}), which explains one output, this modality explains the <em>first</em> output piece: it
 * encodes the source ({@code src_embeds [S, D]}, attributable; {@code src_mask [S]}; {@code tgt_ids
 * = [BOS]}), and the predicted class is the first piece of the greedy translation.
 *
 * <p>Units are the source pieces, {@code [BOS]} first and {@code [EOS]} last (kind {@value
 * #MARKER}), the words in between (kind {@value #TOKEN}); {@link #summarize} sums each piece's
 * embedding attributions, one score per unit in that order. Manifest keys: see {@link
 * TranslationFolder}. Options (renderers): {@code color} = {@code truecolor|256|16}, {@code view} =
 * {@code matrix|by-output}, {@code scale} = {@code row|all}.
 */
public final class TranslationModality implements Modality {

  /** The registry name. */
  public static final String NAME = "translation";

  /** Unit kind of a word of the source. */
  public static final String TOKEN = "token";

  /** Unit kind of the start and end markers. */
  public static final String MARKER = "marker";

  /** The attributable input's name. */
  public static final String SRC_EMBEDS = "src_embeds";

  static final String EXTRA_IDS = "sourceIds";
  static final String EXTRA_TOKENS = "sourceTokens";
  static final String EXTRA_TARGET_VOCAB = "targetTokens";
  static final String EXTRA_MODEL = "model";
  static final String EXTRA_TRANSLATION = "translation";

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
    return TranslationRenderers.OPTIONS;
  }

  @Override
  public Encoded encode(String input, LoadedModel model, Options options) {
    TranslationFolder f = TranslationFolder.of(model);
    return encode(input, f.source(input), f);
  }

  /** The encoded source for already tokenized pieces (markers included). */
  static Encoded encode(String input, List<Piece> source, TranslationFolder f) {
    int s = source.size();
    long[] mask = new long[s];
    Arrays.fill(mask, 1L);
    List<NamedTensor> tensors =
        List.of(
            NamedTensor.attributable(SRC_EMBEDS, Tensor.of(f.embed(source), s, f.dim())),
            NamedTensor.fixed("src_mask", Tensor.ofLongs(mask, s)),
            NamedTensor.fixed(
                "tgt_ids", Tensor.ofLongs(new long[] {f.targetVocabulary().bos()}, 1)));
    List<Unit> units = new ArrayList<>(s);
    int[] ids = new int[s];
    List<String> tokens = new ArrayList<>(s);
    for (Piece p : source) {
      units.add(new Unit(p.index(), p.special() ? MARKER : TOKEN, p.text(), p.start(), p.end()));
      ids[p.index()] = p.id();
      tokens.add(p.token());
    }
    Map<String, Object> extras = new HashMap<>();
    extras.put(EXTRA_IDS, ids);
    extras.put(EXTRA_TOKENS, List.copyOf(tokens));
    extras.put(EXTRA_TARGET_VOCAB, f.targetVocabulary().tokens());
    extras.put(EXTRA_MODEL, f.name());
    return new Encoded(input, tensors, units, extras);
  }

  @Override
  public List<Baseline> baselines() {
    return TranslationBaselines.all();
  }

  @Override
  public UnitScores summarize(Encoded encoded, Attribution attribution) {
    return new UnitScores(encoded.units(), perPiece(attribution, encoded.units().size()));
  }

  /** Sums the attribution of each source piece's embedding: {@code [S, D] -> [S]}. */
  static double[] perPiece(Attribution a, int pieces) {
    Tensor t = a.names().contains(SRC_EMBEDS) ? a.scores(SRC_EMBEDS) : a.scores().get(0);
    float[] v = t.floats();
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
  public List<Renderer> renderers() {
    return TranslationRenderers.renderers();
  }
}
