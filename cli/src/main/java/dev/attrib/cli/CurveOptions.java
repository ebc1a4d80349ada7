package dev.attrib.cli;

import dev.attrib.image.PixelCurves;
import picocli.CommandLine.Option;

/** How the pixel deletion and insertion curves are made ({@code compare}, {@code eval image}). */
final class CurveOptions {

  @Option(
      names = "--substrate",
      paramLabel = "black|blur",
      description =
          "What deleted pixels become and inserted pixels come from (default: deletion to black,"
              + " insertion into blur, as RISE).")
  String substrate;

  @Option(
      names = "--curve-steps",
      paramLabel = "N",
      description = "Segments of each deletion/insertion curve, i.e. N+1 points (default: 32).")
  Integer curveSteps;

  /** {@code base} with the substrate and steps asked for. */
  PixelCurves.Settings settings(PixelCurves.Settings base) {
    PixelCurves.Settings c = curveSteps == null ? base : base.withSteps(curveSteps);
    return substrate == null ? c : c.withSubstrate(PixelCurves.Substrate.forName(substrate));
  }
}
