package dev.attrib.spi;

import dev.attrib.ig.Activation;
import dev.attrib.ig.Attribution;
import dev.attrib.ig.AttributionMethod;
import dev.attrib.ig.Example;
import dev.attrib.ig.Methods;
import dev.attrib.ig.ModelOutputs;
import dev.attrib.ig.Target;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * The one pipeline every modality goes through: encode, baseline, then for each of the modality's
 * targets attribute and summarise, then predict. Front ends (the CLI, the report) call it and
 * render; none repeats a step.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, text.manifestKeys(), Device.cpu())) {
 *   Explanation<TextEncoding> e =
 *       new Explainer<>(text, model).explain("how many ...?", ExplainSettings.defaults());
 *   byte[] out = text.renderer("plain").render(e, Options.NONE);
 * }
 * }</pre>
 *
 * <p>The rows are the modality's {@link Modality#targets}, in order: by default one, the predicted
 * class unless a label or index is given; with {@code on = probability} the manifest's activation
 * (softmax, sigmoid) is applied before the target is taken, with {@code logit} the raw output is
 * explained. Every row shares the encoded input and the baseline samples; a row may bring its own
 * fixed inputs (a translation's decoded prefix). The baseline is the modality's first unless named.
 * Random baselines and noise draw from the settings' seed. This is the only place that loops over
 * targets. Immutable and safe to use from several threads.
 *
 * @param <E> the modality's encoding
 */
public final class Explainer<E extends Encoding> {
  private final Modality<E> modality;
  private final LoadedModel model;

  public Explainer(Modality<E> modality, LoadedModel model) {
    this.modality = modality;
    this.model = model;
  }

  public Modality<E> modality() {
    return modality;
  }

  public LoadedModel model() {
    return model;
  }

  /**
   * Checks what can be checked without a model: the options are the modality's, the method exists
   * and takes these settings (steps and samples within the core's bounds), the baseline is one of
   * the modality's. Front ends call it before loading a model, so a bad setting costs nothing and a
   * batch does not fail once per input for it; {@link #explain} checks the same.
   */
  public static void check(Modality<?> modality, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    Methods.forName(s.method(), s.config());
    if (s.baseline() != null) {
      modality.baseline(s.baseline());
    }
  }

  /**
   * Checks the settings' target against the loaded model ({@link Modality#checkTarget}), once,
   * before the first input.
   */
  public void checkTarget(ExplainSettings s) {
    modality.checkTarget(s, model.manifest());
  }

  /** Explains one input: one row per target of the modality. */
  public Explanation<E> explain(String input, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    Methods.forName(s.method(), s.config());
    return explain(modality.encodeForAttribution(input, model, s.options()), s);
  }

  /** Explains an input the modality has encoded already (e.g. its {@link Modality#sample}). */
  public Explanation<E> explain(E encoded, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    AttributionMethod method = Methods.forName(s.method(), s.config());
    Baseline<E> baseline = baseline(s.baseline());
    Work<E> w = work(encoded, baseline, s);
    return explanation(w, rowByRow(method, w), method, baseline, s);
  }

  /** Row by row, each exactly as alone: the reference explainAll's shared batches are held to. */
  private List<Attribution> rowByRow(AttributionMethod method, Work<E> w) {
    List<Attribution> attributions = new ArrayList<>(w.targets().size());
    for (int j = 0; j < w.targets().size(); j++) {
      attributions.add(method.attribute(model, w.examples().get(j), w.targets().get(j)));
    }
    return attributions;
  }

  /**
   * One input's result in {@link #explainAll}: its explanation, or the error that stopped it (an
   * input that cannot be read, a target its model does not have).
   */
  public record Outcome<E extends Encoding>(
      String input, Explanation<E> explanation, AttribException failure) {
    /** The failure's one-line message, or null when the input was explained. */
    public String error() {
      return failure == null ? null : failure.getMessage();
    }
  }

  /**
   * Explains several inputs, each as {@link #explain(String, ExplainSettings)} would alone, with
   * their attribution points in shared engine batches where the method can ({@link
   * AttributionMethod#attributeEach}: inputs whose model inputs have one shape, such as questions
   * of one length or molecules of one size, go through one forward/backward per batch instead of
   * one each). The results equal one-at-a-time ones up to the model's float32 round-off in another
   * batch. An input that cannot be explained gets its failure; the others go on. Outcomes are in
   * input order.
   */
  public List<Outcome<E>> explainAll(List<String> inputs, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    AttributionMethod method = Methods.forName(s.method(), s.config());
    Baseline<E> baseline = baseline(s.baseline());
    List<Outcome<E>> out = new ArrayList<>(inputs.size());
    List<Work<E>> work = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (String input : inputs) {
      try {
        work.add(work(modality.encodeForAttribution(input, model, s.options()), baseline, s));
        at.add(out.size());
        out.add(null);
      } catch (AttribException ex) {
        out.add(new Outcome<>(input, null, ex));
      }
    }
    List<Example> examples = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (Work<E> w : work) {
      examples.addAll(w.examples());
      targets.addAll(w.targets());
    }
    List<Attribution> all;
    try {
      all = method.attributeEach(model, examples, targets);
    } catch (AttribException e) {
      // Some input's attribution fails (its target is not in the model's output, say): one at a
      // time, so the failure lands on that input and the others are explained.
      all = null;
    }
    for (int w = 0, from = 0; w < work.size(); w++) {
      Work<E> one = work.get(w);
      int rows = one.targets().size();
      String input = inputs.get(at.get(w));
      try {
        List<Attribution> mine =
            all != null ? all.subList(from, from + rows) : rowByRow(method, one);
        out.set(at.get(w), new Outcome<>(input, explanation(one, mine, method, baseline, s), null));
      } catch (AttribException e) {
        out.set(at.get(w), new Outcome<>(input, null, e));
      }
      from += rows;
    }
    return out;
  }

  /**
   * The model's raw outputs at the input, as the first row explained on the input itself computed
   * them ({@link Attribution#outputsAtInput}); null when no row did.
   */
  private static float[] outputsAtInput(Work<?> w, List<Attribution> attributions) {
    for (int j = 0; j < attributions.size(); j++) {
      float[] raw = attributions.get(j).outputsAtInput();
      if (raw != null && w.rows().get(j).fixed().isEmpty()) {
        return raw;
      }
    }
    return null;
  }

  /**
   * The work with its encoding completed ({@link Modality#complete}) from {@code raw}, the outputs
   * at the input, or null.
   */
  private Work<E> completed(Work<E> w, float[] raw) {
    E done = modality.complete(w.encoded(), raw, model);
    return done == w.encoded() ? w : new Work<>(done, w.rows(), w.examples(), w.targets());
  }

  /** An encoded input with what its rows need: one example and one target per row. */
  private record Work<E extends Encoding>(
      E encoded, List<ExplainTarget> rows, List<Example> examples, List<Target> targets) {}

  private Work<E> work(E encoded, Baseline<E> baseline, ExplainSettings s) {
    List<List<Tensor>> samples = baseline.create(encoded, model, s.options(), s.config().seed());
    List<ExplainTarget> rows = modality.targets(encoded, model, s);
    List<Example> examples = new ArrayList<>(rows.size());
    List<Target> targets = new ArrayList<>(rows.size());
    int predicted = -2; // not looked up yet
    for (ExplainTarget t : rows) {
      examples.add(new Example(t.inputs(encoded), samples));
      Target target = t.target();
      if (target instanceof Target.PredictedTarget p) {
        if (predicted == -2) {
          predicted = uniqueArgmax(modality.outputsAtInput(encoded));
        }
        if (predicted >= 0) {
          target = Target.index(predicted).on(p.activation());
        }
      }
      targets.add(target);
    }
    return new Work<>(encoded, rows, examples, targets);
  }

  /**
   * What the model predicts for the input. A modality with a {@link Modality#predict} of its own
   * (text, translation) is asked; for the default (the class with the highest output after the
   * manifest's activation) the outputs at the input that the method's row for F(x) computed anyway
   * are used where a row was explained on the input itself, so the prediction costs no forward pass
   * of its own. The activation is then applied here in double precision to the float32 outputs,
   * where the forward pass applied it in float32: the scores agree to float32 round-off.
   */
  private Prediction prediction(Work<E> w, float[] raw) {
    if (raw != null && DEFAULT_PREDICT.get(modality.getClass())) {
      return predictedClass(model.manifest().activation().apply(raw), model.manifest());
    }
    return modality.predict(w.encoded(), model);
  }

  /** Whether a modality class keeps {@link Modality#predict}'s default (looked up once a class). */
  private static final ClassValue<Boolean> DEFAULT_PREDICT =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("predict", Encoding.class, LoadedModel.class).getDeclaringClass()
                == Modality.class;
          } catch (NoSuchMethodException e) {
            return false;
          }
        }
      };

  /** The index of the largest value when no other equals it; -1 for none, a tie or null. */
  static int uniqueArgmax(double[] v) {
    if (v == null || v.length == 0) {
      return -1;
    }
    for (double d : v) {
      if (Double.isNaN(d)) {
        return -1; // the engine's argmax treats NaN its own way: let it decide
      }
    }
    int best = 0;
    boolean tie = false;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
        tie = false;
      } else if (v[i] == v[best]) {
        tie = true;
      }
    }
    return tie ? -1 : best;
  }

  private Explanation<E> explanation(
      Work<E> w,
      List<Attribution> attributions,
      AttributionMethod method,
      Baseline<E> baseline,
      ExplainSettings s) {
    float[] raw = outputsAtInput(w, attributions);
    w = completed(w, raw);
    E encoded = w.encoded();
    List<ExplainTarget> targets = w.rows();
    Manifest mf = model.manifest();
    Prediction prediction = prediction(w, raw);
    List<Explanation.Row> rows = new ArrayList<>(targets.size());
    for (int j = 0; j < targets.size(); j++) {
      ExplainTarget t = targets.get(j);
      Attribution a = attributions.get(j);
      String label = t.label();
      if (label == null) {
        label = a.targetIndex() >= 0 ? label(mf, a.targetIndex()) : a.target();
      }
      rows.add(
          new Explanation.Row(
              label,
              t.index() >= 0 ? t.index() : a.targetIndex(),
              a.output(),
              a,
              modality.summarize(encoded, a),
              t.prediction() != null ? t.prediction() : prediction));
    }
    return new Explanation<>(
        modality.name(),
        mf.name(),
        encoded,
        prediction,
        s.on(),
        method.name(),
        baseline.name(),
        rows);
  }

  /** The baseline called {@code name}, or the modality's default when null. */
  public Baseline<E> baseline(String name) {
    if (name == null) {
      if (modality.baselines().isEmpty()) {
        throw new AttribException("modality " + modality.name() + " has no baselines");
      }
      return modality.baselines().get(0);
    }
    return modality.baseline(name);
  }

  /** Parses {@code --target}: a label of the manifest, or a class index. */
  public static Target target(String spec, Manifest mf, Activation act) {
    if (spec == null) {
      return Target.predicted(act);
    }
    if (mf.labels().contains(spec)) {
      return Target.label(spec, mf.labels(), act);
    }
    try {
      int i = Integer.parseInt(spec);
      if (!mf.labels().isEmpty() && (i < 0 || i >= mf.labels().size())) {
        throw new AttribException(
            "target index "
                + i
                + " is out of range 0.."
                + (mf.labels().size() - 1)
                + " (labels: "
                + String.join(", ", mf.labels())
                + ")");
      }
      return Target.index(i).on(act);
    } catch (NumberFormatException e) {
      return Target.label(spec, mf.labels(), act);
    }
  }

  /**
   * The class with the highest output at the encoded input, after the manifest's activation: {@link
   * Modality#predict}'s default.
   */
  public static Prediction predictedClass(Encoding encoded, LoadedModel model) {
    Manifest mf = model.manifest();
    return predictedClass(
        ModelOutputs.at(model, new Example(encoded.tensors(), List.of()), mf.activation()), mf);
  }

  /**
   * The class with the highest of {@code out}, the model's outputs at the input after the
   * manifest's activation, for a modality that has them already (no second forward pass).
   */
  public static Prediction predictedClass(double[] out, Manifest mf) {
    int best = 0;
    for (int i = 1; i < out.length; i++) {
      if (out[i] > out[best]) {
        best = i;
      }
    }
    return new Prediction(label(mf, best), best, out[best]);
  }

  static String label(Manifest mf, int index) {
    return index < mf.labels().size() ? mf.labels().get(index) : Integer.toString(index);
  }
}
