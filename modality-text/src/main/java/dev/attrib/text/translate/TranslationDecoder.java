package dev.attrib.text.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attrib.ig.Activation;
import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decoding with a {@code translation} model folder, without attribution: greedy translation of
 * sentences, and the teacher-forced pass over a given translation. The {@link TranslationModality}
 * decodes with it when it encodes an input; library users translate with it directly.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, TranslationFolder.KEYS, Device.cpu())) {
 *   TranslationDecoder d = new TranslationDecoder(model);
 *   d.translate("good morning ladies and gentlemen");   // "guten morgen damen und herren"
 *   d.translateAll(List.of("good morning", "good evening"));  // decoded together, in batches
 * }
 * }</pre>
 *
 * <p>Greedy decoding (beam size 1): at each step the model is run on the source embeddings, the
 * source mask and the prefix decoded so far ({@code [BOS] y_1 .. y_j}), and the most probable piece
 * is taken ({@code [PAD]} and {@code [BOS]} excepted), until {@code [EOS]} or the manifest's {@code
 * maxOutputLength}. The markers are the target tokenizer's ({@code <s>}, {@code </s>} in a
 * SentencePiece file). The pieces become text through the target tokenizer's decoder ({@link
 * TranslationFolder#decode}), so word pieces read as words. Forced decoding runs the given pieces
 * as the prefix once and reports, per position, their probability and what the model would have
 * chosen. Probabilities are always the softmax over the target vocabulary. Immutable and safe to
 * use from several threads; every native array is freed before a method returns.
 */
public final class TranslationDecoder {

  /** Sentences decoded together by {@link #translateAll}. */
  static final int BATCH = 64;

  private final LoadedModel model;
  private final TranslationFolder folder;

  public TranslationDecoder(LoadedModel model) {
    this.model = model;
    this.folder = TranslationFolder.of(model);
  }

  public TranslationFolder folder() {
    return folder;
  }

  /** Greedy translation of one sentence. */
  public String translate(String source) {
    return translateAll(List.of(source)).get(0);
  }

  /** Greedy translations, decoded together in batches of up to 64 sentences. */
  public List<String> translateAll(List<String> sources) {
    List<String> out = new ArrayList<>(sources.size());
    for (int from = 0; from < sources.size(); from += BATCH) {
      List<List<Piece>> chunk = new ArrayList<>();
      for (String s : sources.subList(from, Math.min(sources.size(), from + BATCH))) {
        chunk.add(folder.source(s));
      }
      for (Decoded d : greedy(chunk)) {
        out.add(text(d.ids()));
      }
    }
    return out;
  }

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
  Steps forced(List<Piece> src, List<Piece> pieces) {
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
    in.get(1).setName(TranslationModality.SRC_MASK);
    in.get(2).setName(TranslationModality.TGT_IDS);
    NDArray out = model.function().forward(in);
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

  /**
   * The decoded pieces with their offsets in {@link #text} and their word starts, as the target
   * tokenizer finds them ({@link TranslationFolder#outputPieces}): {@link Piece#text()} is the
   * token as the tokenizer writes it ({@code ▁gute}).
   */
  List<Piece> pieces(int[] ids) {
    return folder.outputPieces(ids);
  }

  /**
   * The output text of decoded ids, as the target tokenizer decodes them ({@link
   * TranslationFolder#decode}): word pieces through the file's decoder ({@code ▁gute n ▁morgen} →
   * "guten morgen"), a word list's words joined by single spaces.
   */
  String text(int[] ids) {
    return folder.decode(ids);
  }

  static double[] softmax(float[] logits) {
    return Activation.SOFTMAX.apply(logits);
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
}
