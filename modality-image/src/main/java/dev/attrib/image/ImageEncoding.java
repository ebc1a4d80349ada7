package dev.attrib.image;

import dev.attrib.spi.Encoding;
import dev.attrib.spi.NamedTensor;
import dev.attrib.spi.Unit;
import java.util.List;
import java.util.Objects;

/**
 * An image as the {@code image} modality encodes it: the normalised pixels as the model input, one
 * unit per pixel, and what baselines, curves and renderers need beside them.
 *
 * <pre>{@code
 * ImageEncoding e = new ImageModality().encode("examples/shape-3.png", model, Options.NONE);
 * e.height();            // 32: after fitting to the manifest's size
 * e.scaled();            // the fitted picture in scaled space (before mean/std), for drawing
 * }</pre>
 *
 * @param input the image file as given
 * @param tensors the one attributable input {@code pixels [C, H, W]}, normalised as the manifest
 *     says
 * @param units the pixels, kind {@code pixel}, row-major
 * @param spec the manifest's image keys (size, scaling, mean/std, resizing)
 * @param scaled the fitted image in scaled space: what the baselines are built from and the
 *     renderers draw
 * @param aggregate how channels become one score per pixel: {@code sum} or {@code abs-sum}
 */
public record ImageEncoding(
    String input,
    List<NamedTensor> tensors,
    List<Unit> units,
    ImageSpec spec,
    Pixels scaled,
    String aggregate)
    implements Encoding {

  public ImageEncoding {
    Objects.requireNonNull(input, "input");
    tensors = List.copyOf(tensors);
    units = List.copyOf(units);
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(scaled, "scaled");
    Objects.requireNonNull(aggregate, "aggregate");
  }

  /** The image's height in pixels, as the model sees it. */
  public int height() {
    return scaled.height();
  }

  /** The image's width in pixels, as the model sees it. */
  public int width() {
    return scaled.width();
  }
}
