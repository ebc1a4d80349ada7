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

  /**
   * Attributes example {@code i} on target {@code i}, each as {@link #attribute} would alone (up to
   * the model's float32 round-off in another batch composition). Methods that can put several
   * examples' points in one forward/backward override it ({@link IntegratedGradients}); the default
   * attributes one at a time.
   */
  default List<Attribution> attributeEach(
      Model model, List<Example> examples, List<Target> targets) {
    if (examples.size() != targets.size()) {
      throw new IllegalArgumentException(
          examples.size() + " examples but " + targets.size() + " targets");
    }
    List<Attribution> out = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      out.add(attribute(model, examples.get(i), targets.get(i)));
    }
    return out;
  }

  /** {@link #attributeEach} with one target for every example (resolved per example). */
  default List<Attribution> attributeAll(Model model, List<Example> examples, Target target) {
    return attributeEach(model, examples, java.util.Collections.nCopies(examples.size(), target));
  }
}
