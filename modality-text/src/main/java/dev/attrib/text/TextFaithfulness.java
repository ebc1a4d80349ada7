package dev.attrib.text;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Example;
import dev.attrib.ig.Faithfulness;
import dev.attrib.ig.Methods;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Options;
import dev.attrib.spi.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * ERASER faithfulness of text attributions (DeYoung et al. 2020), for {@code attrib eval}.
 *
 * <pre>{@code
 * TextFaithfulness.Report r = TextFaithfulness.evaluate(
 *     model, texts, ExplainSettings.defaults(), TextFaithfulness.METHODS,
 *     TextFaithfulness.FRACTIONS, done -> {});
 * System.out.print(r.table());
 * TextFaithfulness.Curve ig = r.method("ig");   // ig.aopcComprehensiveness(), ...
 * }</pre>
 *
 * <p>For each text, the target is fixed once (the predicted class, or the settings' target) and
 * explained on the settings' {@code on} (the probability by default). Each method ranks the text's
 * non-special tokens by score (word-pieces; the {@code words} option is ignored here), and for each
 * fraction {@code f} the top {@code k = ceil(f * n)} tokens ({@code 1 <= k <= n}) are
 * <em>removed</em>: their embeddings replaced by the pad token's, the attention mask and the
 * special tokens left as they are.
 *
 * <ul>
 *   <li>comprehensiveness(f) = F(x) - F(x without its top k): higher is more faithful;
 *   <li>sufficiency(f) = F(x) - F(x with only its top k): lower is more faithful;
 *   <li>AOPC: the mean of each over the fractions.
 * </ul>
 *
 * <p>Methods: any {@link Methods} name ({@code ig}, {@code saliency}, {@code gradient-x-input},
 * ...) with the settings' baseline and config, and {@code random}: a ranking drawn from the
 * settings' seed and the text's position (the floor any method should beat). Values are averaged
 * over the texts. Deterministic for the same settings. The model needs a pad token.
 */
public final class TextFaithfulness {
  private TextFaithfulness() {}

  /** ERASER's removal fractions. */
  public static final List<Double> FRACTIONS = List.of(0.01, 0.05, 0.10, 0.20, 0.50);

  /** The methods {@code attrib eval} compares by default. */
  public static final List<String> METHODS =
      List.of("ig", "saliency", "gradient-x-input", "random");

  /**
   * One method's averaged curves.
   *
   * @param method the method name as asked for
   * @param comprehensiveness mean comprehensiveness per fraction
   * @param sufficiency mean sufficiency per fraction
   * @param aopcComprehensiveness mean of {@code comprehensiveness}
   * @param aopcSufficiency mean of {@code sufficiency}
   */
  public record Curve(
      String method,
      double[] comprehensiveness,
      double[] sufficiency,
      double aopcComprehensiveness,
      double aopcSufficiency) {
    public Curve {
      comprehensiveness = comprehensiveness.clone();
      sufficiency = sufficiency.clone();
    }

    @Override
    public double[] comprehensiveness() {
      return comprehensiveness.clone();
    }

    @Override
    public double[] sufficiency() {
      return sufficiency.clone();
    }
  }

  /**
   * The evaluation of several methods over the same texts.
   *
   * @param fractions the removal fractions, in order
   * @param texts how many texts were evaluated
   * @param on {@code probability} or {@code logit}
   * @param curves one per method, in the order asked for
   */
  public record Report(List<Double> fractions, int texts, String on, List<Curve> curves) {
    public Report {
      fractions = List.copyOf(fractions);
      curves = List.copyOf(curves);
    }

    /** The curve of {@code method}. */
    public Curve method(String method) {
      for (Curve c : curves) {
        if (c.method().equals(method)) {
          return c;
        }
      }
      throw new AttribException("no method '" + method + "' in this report");
    }

    /** A plain-text table, one row per method (no colours; the caller prints it). */
    public String table() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "ERASER faithfulness over %d text%s, target %s; top-k%% tokens replaced by the pad"
                  + " token%n",
              texts,
              texts == 1 ? "" : "s",
              on));
      b.append("comprehensiveness: higher is better; sufficiency: lower is better\n");
      StringBuilder head =
          new StringBuilder(
              String.format(Locale.ROOT, "%-18s%10s%10s", "method", "aopc-comp", "aopc-suff"));
      for (double f : fractions) {
        head.append(String.format(Locale.ROOT, "%10s", "comp@" + pct(f)));
      }
      for (double f : fractions) {
        head.append(String.format(Locale.ROOT, "%10s", "suff@" + pct(f)));
      }
      b.append(head).append('\n');
      for (Curve c : curves) {
        b.append(
            String.format(
                Locale.ROOT,
                "%-18s%10.4f%10.4f",
                c.method(),
                c.aopcComprehensiveness(),
                c.aopcSufficiency()));
        for (double v : c.comprehensiveness()) {
          b.append(String.format(Locale.ROOT, "%10.4f", v));
        }
        for (double v : c.sufficiency()) {
          b.append(String.format(Locale.ROOT, "%10.4f", v));
        }
        b.append('\n');
      }
      return b.toString();
    }

    private static String pct(double f) {
      double p = 100 * f;
      return (p == Math.rint(p) ? Long.toString(Math.round(p)) : Double.toString(p)) + "%";
    }
  }

  /** {@link #evaluate(LoadedModel, List, ExplainSettings, List, List, IntConsumer)} quietly. */
  public static Report evaluate(
      LoadedModel model, List<String> texts, ExplainSettings settings, List<String> methods) {
    return evaluate(model, texts, settings, methods, FRACTIONS, done -> {});
  }

  /**
   * Evaluates {@code methods} on {@code texts}; {@code progress} is told how many texts are done
   * after each one (for a progress bar).
   */
  public static Report evaluate(
      LoadedModel model,
      List<String> texts,
      ExplainSettings settings,
      List<String> methods,
      List<Double> fractions,
      IntConsumer progress) {
    if (texts.isEmpty()) {
      throw new AttribException("no texts to evaluate");
    }
    if (methods.isEmpty()) {
      throw new AttribException("no methods to evaluate");
    }
    for (double f : fractions) {
      if (!(f > 0 && f <= 1)) {
        throw new AttribException("removal fraction " + f + " must be in (0, 1]");
      }
    }
    for (String m : methods) {
      if (!m.equals("random") && !Methods.NAMES.contains(m) && !m.equals("integrated-gradients")) {
        throw new AttribException(
            "unknown method '"
                + m
                + "'; available: "
                + String.join(", ", Methods.NAMES)
                + ", random");
      }
    }
    TextModality text = new TextModality();
    // ERASER ranks tokens, not words: the model sees tokens.
    Map<String, String> opts = new HashMap<>(settings.options().values());
    opts.remove("words");
    ExplainSettings s = settings.withOptions(Options.of(opts));
    TextResources r = TextResources.of(model);
    long pad = r.require(r.pad, "faithfulness evaluation", "padToken", List.of("[PAD]", "<pad>"));
    Manifest mf = model.manifest();
    Activation act = s.on().equals("probability") ? mf.activation() : Activation.NONE;
    Map<String, double[][]> sums = new LinkedHashMap<>();
    for (String m : methods) {
      sums.put(m, new double[2][fractions.size()]);
    }
    Explainer<TextEncoding> explainer = new Explainer<>(text, model);
    for (int t = 0; t < texts.size(); t++) {
      TextEncoding enc = text.encode(texts.get(t), model, s.options());
      List<Boolean> special = enc.special();
      Target target = fixedTarget(s, mf, act, enc);
      Example input = new Example(enc.tensors(), List.of());
      float[] x = enc.tensors().get(0).value().floats();
      long[] shape = enc.tensors().get(0).value().shape();
      List<Integer> content = new ArrayList<>();
      for (int i = 0; i < special.size(); i++) {
        if (!special.get(i)) {
          content.add(i);
        }
      }
      for (String m : methods) {
        double[] pieceScores;
        if (m.equals("random")) {
          SplittableRandom rnd = new SplittableRandom(s.config().seed() * 1_000_003L + t);
          pieceScores = new double[special.size()];
          for (int i = 0; i < pieceScores.length; i++) {
            pieceScores[i] = rnd.nextDouble();
          }
        } else {
          ExplainSettings ms = s.withMethod(m);
          if (s.target() == null) {
            ms = ms.withTarget(Integer.toString(((Target.ClassTarget) target).index()));
          }
          pieceScores =
              TextModality.pieceScores(enc, explainer.explain(texts.get(t), ms).attribution());
        }
        double[] contentScores = new double[content.size()];
        for (int i = 0; i < contentScores.length; i++) {
          contentScores[i] = pieceScores[content.get(i)];
        }
        int[] order = Faithfulness.ranking(contentScores);
        List<Example> perturbed = new ArrayList<>();
        perturbed.add(input);
        for (double f : fractions) {
          int k = topK(f, content.size());
          boolean[] top = new boolean[special.size()];
          for (int i = 0; i < k; i++) {
            top[content.get(order[i])] = true;
          }
          float[] without = x.clone();
          float[] only = x.clone();
          for (int i : content) {
            r.copyRow(pad, top[i] ? without : only, i);
          }
          perturbed.add(replace(input, Tensor.of(without, shape)));
          perturbed.add(replace(input, Tensor.of(only, shape)));
        }
        double[] y = Faithfulness.scores(model, perturbed, target, 64);
        double[][] acc = sums.get(m);
        for (int f = 0; f < fractions.size(); f++) {
          acc[0][f] += y[0] - y[1 + 2 * f];
          acc[1][f] += y[0] - y[2 + 2 * f];
        }
      }
      progress.accept(t + 1);
    }
    List<Curve> curves = new ArrayList<>();
    for (Map.Entry<String, double[][]> en : sums.entrySet()) {
      double[] comp = en.getValue()[0];
      double[] suff = en.getValue()[1];
      for (int f = 0; f < comp.length; f++) {
        comp[f] /= texts.size();
        suff[f] /= texts.size();
      }
      curves.add(
          new Curve(en.getKey(), comp, suff, Faithfulness.mean(comp), Faithfulness.mean(suff)));
    }
    return new Report(fractions, texts.size(), s.on(), curves);
  }

  /** How many of {@code n} tokens the fraction {@code f} removes: {@code ceil(f n)}, in [1, n]. */
  public static int topK(double f, int n) {
    // The small epsilon keeps 0.1 * 20 at 2 despite 0.1 * 20 = 2.0000000000000004.
    return Math.max(1, Math.min(n, (int) Math.ceil(f * n - 1e-9)));
  }

  private static Target fixedTarget(
      ExplainSettings s, Manifest mf, Activation act, TextEncoding enc) {
    if (s.target() != null) {
      return Explainer.target(s.target(), mf, act);
    }
    List<Double> outputs = enc.outputs();
    int best = 0;
    for (int i = 1; i < outputs.size(); i++) {
      if (outputs.get(i) > outputs.get(best)) {
        best = i;
      }
    }
    return Target.index(best).on(act);
  }

  private static Example replace(Example e, Tensor embeds) {
    List<NamedTensor> in = new ArrayList<>(e.inputs());
    in.set(0, NamedTensor.attributable(TextModality.INPUTS_EMBEDS, embeds));
    return new Example(in, List.of());
  }
}
