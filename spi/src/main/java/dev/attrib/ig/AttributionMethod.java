package dev.attrib.ig;

import java.util.ArrayList;
import java.util.List;

/**
 * An attribution method of the core: IG, saliency, gradient×input, a noise tunnel, fast IG.
 *
 * <p>Implementations are immutable and safe to share between threads; each call opens and closes
 * its own native memory scope. Results do not depend on the internal batch size or on how examples
 * are grouped, up to float32 round-off of the model itself.
 */
public interface AttributionMethod {

  /** The registry name, e.g. {@code integrated-gradients}. */
  String name();

  /** Attributes one example. */
  Attribution attribute(Model model, Example example, Target target);

  /** Attributes several examples, each exactly as {@link #attribute} would alone. */
  default List<Attribution> attributeAll(Model model, List<Example> examples, Target target) {
    List<Attribution> out = new ArrayList<>(examples.size());
    for (Example e : examples) {
      out.add(attribute(model, e, target));
    }
    return out;
  }
}
