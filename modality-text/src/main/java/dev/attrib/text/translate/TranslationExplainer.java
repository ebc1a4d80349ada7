package dev.attrib.text.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.AttributionMethod;
import dev.attrib.ig.Example;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.Baseline;
import dev.attrib.spi.Encoded;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Translates with a {@code translation} model folder and attributes every output piece to the
 * source pieces: for output position j, Integrated Gradients of {@code p(y_j | y_<j, source)} (or
 * its logit) with respect to the source-piece embeddings, the prefix {@code y_<j} fixed.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, TranslationFolder.KEYS, Device.cpu())) {
 *   TranslationExplainer ex = new TranslationExplainer(model);
 *   Translation t = ex.explain("good morning ladies and gentlemen", TranslationExplainer.defaultSettings());
 *   t.output();     // "guten morgen damen und herren"
 *   t.matrix();     // [5 output pieces][7 source pieces: [BOS] good morning ladies and gentlemen [EOS]]
 *   t.steps();      // steps the adaptive mode used per output piece
 *   Translation f = ex.explain("good morning", "guten tag", TranslationExplainer.defaultSettings());
 * }
 * }</pre>
 *
 * <p>Decoding is greedy (beam size 1): at each step the model is run on the source embeddings, the
 * source mask and the prefix decoded so far ({@code [BOS] y_1 .. y_j}), and the most probable piece
 * is taken ({@code [PAD]} and {@code [BOS]} excepted), until {@code [EOS]} or the manifest's {@code
 * maxOutputLength}. With a target text the decoding is forced: its pieces are the prefix and each
 * is attributed whether or not the model would have chosen it ({@link OutputPiece#best()} says what
 * it would have chosen). The end marker is not attributed; its probability is reported ({@link
 * Translation#endProbability()}).
 *
 * <p>The settings are those of the rest of attrib ({@link ExplainSettings}): the method and its
 * configuration (steps, quadrature, {@code tolerance} and {@code maxSteps} of the adaptive mode),
 * the baseline by name ({@code nmt} by default, see {@link TranslationBaselines}), {@code on} =
 * {@code probability} (softmax over the target vocabulary) or {@code logit}. {@link
 * #defaultSettings()} turns the adaptive mode on (1% relative completeness, 32 to 1024 steps),
 * since translation networks need more steps than classifiers. A {@code target} (class label) does
 * not apply and is rejected: give the target text instead.
 *
 * <p>Immutable and safe to use from several threads; every native array is freed before a method
 * returns.
 */
public final class TranslationExplainer {

  private final LoadedModel model;
  private final TranslationFolder folder;
  private final TranslationModality modality = new TranslationModality();

  public TranslationExplainer(LoadedModel model) {
    if (!TranslationModality.NAME.equals(model.manifest().modality())) {
      throw new AttribException(
          model.manifest().file()
              + ": the model is for modality '"
              + model.manifest().modality()
              + "', not translation");
    }
    this.model = model;
    this.folder = TranslationFolder.of(model);
  }

  /**
   * IG in adaptive mode: Gauss–Legendre from 32 steps, doubled until the relative completeness
   * delta of the row is at most 1% or 1024 steps; baseline {@code nmt}; on the probability.
   */
  public static ExplainSettings defaultSettings() {
    return ExplainSettings.defaults(new TranslationModality());
  }

  public TranslationFolder folder() {
    return folder;
  }

  /** Greedy translation of one sentence, without attribution. */
  public String translate(String source) {
    return translateAll(List.of(source)).get(0);
  }

  /** Greedy translations, decoded together in batches of up to 64 sentences. */
  public List<String> translateAll(List<String> sources) {
    List<String> out = new ArrayList<>(sources.size());
    for (int from = 0; from < sources.size(); from += 64) {
      List<List<Piece>> chunk = new ArrayList<>();
      for (String s : sources.subList(from, Math.min(sources.size(), from + 64))) {
        chunk.add(folder.source(s));
      }
      for (Decoded d : greedy(chunk)) {
        out.add(text(d.ids()));
      }
    }
    return out;
  }

  /** Greedy decoding of {@code source}, then one attribution per output piece. */
  public Translation explain(String source, ExplainSettings settings) {
    return explain(TranslationRequest.of(source), settings);
  }

  /** As {@link #explain(String, ExplainSettings)}, forcing {@code targetText} when not null. */
  public Translation explain(String source, String targetText, ExplainSettings settings) {
    return explain(new TranslationRequest(source, targetText), settings);
  }

  public Translation explain(TranslationRequest request, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + TranslationModality.NAME);
    if (s.target() != null) {
      throw new AttribException(
          "--target does not apply to translation; give the translation to attribute with"
              + " --target-text");
    }
    AttributionMethod method = Methods.forName(s.method(), s.config());
    Baseline baseline =
        s.baseline() == null ? modality.baselines().get(0) : modality.baseline(s.baseline());
    List<Piece> src = folder.source(request.source());
    Encoded encoded = TranslationModality.encode(request.source(), src, folder);
    List<List<Tensor>> samples = baseline.create(encoded, model, s.options(), s.config().seed());

    // Decode: the pieces, their probabilities, and what the model itself would choose.
    String output;
    List<Piece> pieces;
    Steps steps;
    if (request.targetText() != null) {
      pieces = folder.target(request.targetText());
      output = request.targetText();
      steps = forced(src, pieces);
    } else {
      Decoded d = greedy(List.of(src)).get(0);
      output = text(d.ids());
      pieces = pieces(d.ids());
      steps = d.steps();
    }

    Activation act = s.on().equals("logit") ? Activation.NONE : Activation.SOFTMAX;
    Tensor srcEmbeds = encoded.tensors().get(0).value();
    Tensor mask = encoded.tensors().get(1).value();
    List<OutputPiece> rows = new ArrayList<>(pieces.size());
    long[] prefix = new long[pieces.size() + 1];
    prefix[0] = folder.targetVocabulary().bos();
    for (int j = 0; j < pieces.size(); j++) {
      prefix[j + 1] = pieces.get(j).id();
    }
    for (int j = 0; j < pieces.size(); j++) {
      Piece y = pieces.get(j);
      Example ex =
          new Example(
              List.of(
                  NamedTensor.attributable(TranslationModality.SRC_EMBEDS, srcEmbeds),
                  NamedTensor.fixed("src_mask", mask),
                  NamedTensor.fixed(
                      "tgt_ids", Tensor.ofLongs(Arrays.copyOf(prefix, j + 1), j + 1))),
              samples);
      Attribution a = method.attribute(model, ex, new PieceTarget(y.id(), y.token(), act));
      double[] scores = TranslationModality.perPiece(a, src.size());
      String bestToken = folder.targetVocabulary().token(steps.best[j]);
      rows.add(
          new OutputPiece(
              y,
              steps.probability[j],
              new Piece(j, bestToken, bestToken, steps.best[j], -1, -1),
              steps.bestProbability[j],
              a.output(),
              scores,
              a.completeness(),
              a.settings()));
    }
    String methodName = rows.isEmpty() ? method.name() : rows.get(0).settings().method();
    return new Translation(
        folder.name(),
        request.source(),
        output,
        request.targetText() != null,
        methodName,
        baseline.name(),
        s.on(),
        src,
        rows,
        steps.end);
  }

  /**
   * Every request in order; a request that fails (bad input) becomes an item with its error and the
   * batch goes on. {@code beforeEach} is called with each index before it is worked on (for a
   * progress bar); pass {@code i -> {}} for none.
   */
  public List<BatchItem> explainAll(
      List<TranslationRequest> requests, ExplainSettings settings, IntConsumer beforeEach) {
    List<BatchItem> out = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      beforeEach.accept(i);
      TranslationRequest r = requests.get(i);
      try {
        out.add(new BatchItem(i, r, explain(r, settings), null));
      } catch (AttribException e) {
        out.add(new BatchItem(i, r, null, e));
      }
    }
    return out;
  }

  /**
   * The translation as an {@link Explanation}, for the modality's {@link dev.attrib.spi.Renderer}s
   * and {@link dev.attrib.spi.JsonReport}: the prediction is the output text with its sequence
   * probability, the attribution is the sum over the rows (each source piece's total), and the
   * translation itself rides in the encoded input's extras.
   */
  public static Explanation toExplanation(Translation t) {
    return TranslationRenderers.explanation(t);
  }

  // --- decoding --------------------------------------------------------------------------------

  /** Per-position facts of a decoded or forced output. */
  record Steps(double[] probability, int[] best, double[] bestProbability, double end) {}

  record Decoded(int[] ids, Steps steps) {}

  /** Greedy decoding of several sources at once (padded to the longest, masked). */
  List<Decoded> greedy(List<List<Piece>> sources) {
    int b = sources.size();
    int s = 0;
    for (List<Piece> x : sources) {
      s = Math.max(s, x.size());
    }
    int d = folder.dim();
    float[] emb = new float[b * s * d];
    long[] mask = new long[b * s];
    float[] pad = folder.row(folder.sourceVocabulary().pad());
    for (int i = 0; i < b; i++) {
      List<Piece> x = sources.get(i);
      float[] e = folder.embed(x);
      System.arraycopy(e, 0, emb, i * s * d, e.length);
      for (int k = 0; k < s; k++) {
        if (k < x.size()) {
          mask[i * s + k] = 1;
        } else {
          System.arraycopy(pad, 0, emb, (i * s + k) * d, d);
        }
      }
    }
    int eos = folder.targetVocabulary().eos();
    int max = folder.maxOutputLength();
    List<List<Integer>> ids = new ArrayList<>();
    List<List<Double>> probs = new ArrayList<>();
    double[] end = new double[b];
    Arrays.fill(end, Double.NaN);
    boolean[] done = new boolean[b];
    for (int i = 0; i < b; i++) {
      ids.add(new ArrayList<>());
      probs.add(new ArrayList<>());
    }
    for (int len = 1; len <= max + 1; len++) {
      long[] tgt = new long[b * len];
      for (int i = 0; i < b; i++) {
        tgt[i * len] = folder.targetVocabulary().bos();
        for (int k = 1; k < len; k++) {
          List<Integer> yi = ids.get(i);
          tgt[i * len + k] = k - 1 < yi.size() ? yi.get(k - 1) : folder.targetVocabulary().pad();
        }
      }
      float[][] last = lastLogits(emb, mask, tgt, b, s, len);
      boolean all = true;
      for (int i = 0; i < b; i++) {
        if (done[i]) {
          continue;
        }
        double[] p = softmax(last[i]);
        int best = argMaxOutput(p);
        if (best == eos) {
          end[i] = p[best];
          done[i] = true;
        } else if (len > max) {
          done[i] = true; // length limit: the end marker never came
        } else {
          ids.get(i).add(best);
          probs.get(i).add(p[best]);
        }
        all &= done[i];
      }
      if (all) {
        break;
      }
    }
    List<Decoded> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      int[] y = ids.get(i).stream().mapToInt(Integer::intValue).toArray();
      double[] p = probs.get(i).stream().mapToDouble(Double::doubleValue).toArray();
      out.add(new Decoded(y, new Steps(p, y.clone(), p.clone(), end[i])));
    }
    return out;
  }

  /** One teacher-forced pass over {@code [BOS] pieces}: each piece's probability and the argmax. */
  private Steps forced(List<Piece> src, List<Piece> pieces) {
    int s = src.size();
    int t = pieces.size() + 1;
    long[] mask = new long[s];
    Arrays.fill(mask, 1L);
    long[] tgt = new long[t];
    tgt[0] = folder.targetVocabulary().bos();
    for (int j = 0; j < pieces.size(); j++) {
      tgt[j + 1] = pieces.get(j).id();
    }
    float[][] logits = allLogits(folder.embed(src), mask, tgt, s, t);
    double[] prob = new double[pieces.size()];
    int[] best = new int[pieces.size()];
    double[] bestProb = new double[pieces.size()];
    for (int j = 0; j < pieces.size(); j++) {
      double[] p = softmax(logits[j]);
      prob[j] = p[pieces.get(j).id()];
      best[j] = argMaxOutput(p);
      bestProb[j] = p[best[j]];
    }
    double end = softmax(logits[pieces.size()])[folder.targetVocabulary().eos()];
    return new Steps(prob, best, bestProb, end);
  }

  /** Logits at the last position of each row: {@code [B][V]}. */
  private float[][] lastLogits(float[] emb, long[] mask, long[] tgt, int b, int s, int t) {
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = run(m, emb, mask, tgt, b, s, t);
      long v = out.getShape().get(2);
      float[] last = out.get(":, -1, :").toType(DataType.FLOAT32, false).toFloatArray();
      float[][] rows = new float[b][];
      for (int i = 0; i < b; i++) {
        rows[i] = Arrays.copyOfRange(last, (int) (i * v), (int) ((i + 1) * v));
      }
      return rows;
    }
  }

  /** Logits at every position of one row: {@code [T][V]}. */
  private float[][] allLogits(float[] emb, long[] mask, long[] tgt, int s, int t) {
    try (NDManager m = NDManager.newBaseManager(model.device())) {
      NDArray out = run(m, emb, mask, tgt, 1, s, t);
      long v = out.getShape().get(2);
      float[] all = out.toType(DataType.FLOAT32, false).toFloatArray();
      float[][] rows = new float[t][];
      for (int j = 0; j < t; j++) {
        rows[j] = Arrays.copyOfRange(all, (int) (j * v), (int) ((j + 1) * v));
      }
      return rows;
    }
  }

  private NDArray run(NDManager m, float[] emb, long[] mask, long[] tgt, int b, int s, int t) {
    NDList in =
        new NDList(
            m.create(emb, new Shape(b, s, folder.dim())),
            m.create(mask, new Shape(b, s)),
            m.create(tgt, new Shape(b, t)));
    in.get(0).setName(TranslationModality.SRC_EMBEDS);
    in.get(1).setName("src_mask");
    in.get(2).setName("tgt_ids");
    NDArray out = model.forward(in);
    Shape shape = out.getShape();
    if (shape.dimension() != 3
        || shape.get(0) != b
        || shape.get(1) != t
        || shape.get(2) != folder.targetVocabulary().size()) {
      throw new AttribException(
          model.networkFile()
              + ": a translation model must return logits [B, T, V] = ["
              + b
              + ", "
              + t
              + ", "
              + folder.targetVocabulary().size()
              + "] (V: the target vocabulary) but returned "
              + shape);
    }
    return out;
  }

  /** The decoded pieces with their offsets in {@link #text}. */
  private List<Piece> pieces(int[] ids) {
    return folder.outputPieces(ids);
  }

  /** The output text, as the target tokenizer decodes it. */
  private String text(int[] ids) {
    return folder.decode(ids);
  }

  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /**
   * The most probable piece that can be an output: {@code [PAD]} and {@code [BOS]} never are (a
   * model may give them some mass); {@code [UNK]} and {@code [EOS]} may be.
   */
  private int argMaxOutput(double[] p) {
    TranslationTokenizer v = folder.targetVocabulary();
    int best = -1;
    for (int i = 0; i < p.length; i++) {
      if (i != v.pad() && i != v.bos() && (best < 0 || p[i] > p[best])) {
        best = i;
      }
    }
    return best;
  }

  static int argMax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The score of one target piece at the last position of the output {@code [B, T, V] -> [B]}: its
   * probability (softmax over the vocabulary) or its logit.
   */
  record PieceTarget(int id, String token, Activation activation) implements Target {
    @Override
    public NDArray select(NDArray output) {
      return activation.apply(output.get(":, -1, :")).get(":, " + id);
    }

    @Override
    public String describe() {
      return (activation == Activation.NONE ? "logit" : "probability") + " of '" + token + "'";
    }

    @Override
    public int index() {
      return id;
    }
  }
}
