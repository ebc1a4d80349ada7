package dev.attrib.spi;

import dev.attrib.ig.Methods;
import java.util.Objects;

/**
 * What to explain and how, as the CLI's common options give it.
 *
 * @param method a {@link Methods} name ({@code ig}, {@code saliency}, ...)
 * @param config the method settings (steps, quadrature, tolerance, noise, seed, ...)
 * @param baseline the modality's baseline name, or null for the modality's default (its first)
 * @param target a label, or a class index, or null for the predicted class
 * @param on {@code probability} (the manifest's activation applied) or {@code logit} (raw)
 * @param options modality options ({@code key=value})
 */
public record ExplainSettings(
    String method,
    Methods.Config config,
    String baseline,
    String target,
    String on,
    Options options) {

  public ExplainSettings {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(options, "options");
    if (!on.equals("probability") && !on.equals("logit")) {
      throw new AttribException("--on must be probability or logit, not '" + on + "'");
    }
  }

  /** IG with the documented defaults, the modality's default baseline, the predicted class. */
  public static ExplainSettings defaults() {
    return new ExplainSettings(
        "ig", Methods.Config.defaults(), null, null, "probability", Options.NONE);
  }

  /** As {@link #defaults()}, with the modality's own default method settings. */
  public static ExplainSettings defaults(Modality<?> modality) {
    return defaults().withConfig(modality.defaultConfig());
  }

  public ExplainSettings withMethod(String m) {
    return new ExplainSettings(m, config, baseline, target, on, options);
  }

  public ExplainSettings withConfig(Methods.Config c) {
    return new ExplainSettings(method, c, baseline, target, on, options);
  }

  public ExplainSettings withBaseline(String b) {
    return new ExplainSettings(method, config, b, target, on, options);
  }

  public ExplainSettings withTarget(String t) {
    return new ExplainSettings(method, config, baseline, t, on, options);
  }

  public ExplainSettings withOn(String o) {
    return new ExplainSettings(method, config, baseline, target, o, options);
  }

  public ExplainSettings withOptions(Options o) {
    return new ExplainSettings(method, config, baseline, target, on, o);
  }
}
