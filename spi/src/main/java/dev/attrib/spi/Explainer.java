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
import java.util.List;

/**
 * The one pipeline every modality goes through: encode, baseline, attribute, predict, summarise.
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, text.manifestKeys(), Device.cpu())) {
 *   Explanation e = new Explainer(text, model).explain("how many ...?", ExplainSettings.defaults());
 *   byte[] out = text.renderer("plain").render(e, Options.NONE);
 * }
 * }</pre>
 *
 * <p>The target is the predicted class unless a label or index is given; with {@code on =
 * probability} the manifest's activation (softmax, sigmoid) is applied before the target is taken,
 * with {@code logit} the raw output is explained. The baseline is the modality's first unless
 * named. Random baselines and noise draw from the settings' seed.
 */
public final class Explainer {
  private final Modality modality;
  private final LoadedModel model;

  public Explainer(Modality modality, LoadedModel model) {
    this.modality = modality;
    this.model = model;
  }

  /**
   * Checks what can be checked without a model: the options are the modality's, the method exists
   * and takes these settings (steps and samples within the core's bounds), the baseline is one of
   * the modality's. Front ends call it before loading a model, so a bad setting costs nothing and a
   * batch does not fail once per input for it; {@link #explain} checks the same.
   */
  public static void check(Modality modality, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    Methods.forName(s.method(), s.config());
    if (s.baseline() != null) {
      modality.baseline(s.baseline());
    }
  }

  public Explanation explain(String input, ExplainSettings s) {
    s.options().requireKnown(modality.options(), "modality " + modality.name());
    AttributionMethod method = Methods.forName(s.method(), s.config());
    Encoded encoded = modality.encode(input, model, s.options());
    Baseline baseline = baseline(s.baseline());
    List<List<Tensor>> samples = baseline.create(encoded, model, s.options(), s.config().seed());
    Example example = new Example(encoded.tensors(), samples);
    Manifest mf = model.manifest();
    Activation act = s.on().equals("probability") ? mf.activation() : Activation.NONE;
    Target target = target(s.target(), mf, act);
    Attribution a = method.attribute(model, example, target);
    double[] out = ModelOutputs.at(model, example, mf.activation());
    int best = 0;
    for (int i = 1; i < out.length; i++) {
      if (out[i] > out[best]) {
        best = i;
      }
    }
    Prediction prediction = new Prediction(label(mf, best), best, out[best]);
    String targetLabel = a.targetIndex() >= 0 ? label(mf, a.targetIndex()) : a.target();
    UnitScores units = modality.summarize(encoded, a);
    return new Explanation(
        modality.name(),
        mf.name(),
        encoded,
        prediction,
        targetLabel,
        s.on(),
        a,
        units,
        baseline.name());
  }

  /** The baseline called {@code name}, or the modality's default when null. */
  public Baseline baseline(String name) {
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

  static String label(Manifest mf, int index) {
    return index < mf.labels().size() ? mf.labels().get(index) : Integer.toString(index);
  }
}
