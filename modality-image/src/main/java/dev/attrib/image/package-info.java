/**
 * The image modality of attrib: PNG/JPEG decoding and fitting ({@link dev.attrib.image.ImageFiles},
 * {@link dev.attrib.image.ImageSpec}), the pixel baselines of Sturmfels et al. ({@link
 * dev.attrib.image.PixelBaselines}), heat maps, overlays and the IG paper's side-by-side row
 * ({@link dev.attrib.image.ImagePng}), deletion/insertion curves and the keep-top-k% test ({@link
 * dev.attrib.image.PixelCurves}, {@link dev.attrib.image.KeepTop}, {@link
 * dev.attrib.image.ImageEval}), baseline × steps comparisons ({@link
 * dev.attrib.image.ImageCompare}) and the X-DNN report ({@link dev.attrib.image.XdnnDemo}).
 *
 * <pre>{@code
 * ImageModality image = new ImageModality();
 * try (LoadedModel model = ModelLoader.load(dir, image.manifestKeys(), Device.cpu())) {
 *   Explainer explainer = new Explainer(image, model);
 *   SideBySide both = SideBySide.explain(explainer, "examples/shape-3.png",
 *       ExplainSettings.defaults().withBaseline("blur"));
 *   System.out.println(ImageText.plain(both.main()));
 *   Files.write(Path.of("row.png"), ImagePng.row(both, Options.NONE));
 * }
 * }</pre>
 *
 * <p>Everything here returns values; only {@link dev.attrib.image.ImagePng}, {@link
 * dev.attrib.image.ImageText} and the {@code plot}/{@code grid} methods make bytes, and nothing
 * prints or writes files.
 */
package dev.attrib.image;
