package dev.attrib.cli;

import ai.djl.Device;
import dev.attrib.fixtures.DemoModels;
import dev.attrib.fixtures.image.ShapeScenes;
import dev.attrib.fixtures.image.TrainShapes;
import dev.attrib.ig.Completeness;
import dev.attrib.ig.Methods;
import dev.attrib.image.ImageCompare;
import dev.attrib.image.ImageEncoding;
import dev.attrib.image.ImageEval;
import dev.attrib.image.ImageFiles;
import dev.attrib.image.ImageModality;
import dev.attrib.image.ImagePng;
import dev.attrib.image.KeepTop;
import dev.attrib.image.PixelCurves;
import dev.attrib.image.SideBySide;
import dev.attrib.image.XdnnDemo;
import dev.attrib.model.Devices;
import dev.attrib.model.LoadedModel;
import dev.attrib.model.ModelLoader;
import dev.attrib.molecule.MoleculeEncoding;
import dev.attrib.molecule.MoleculeModality;
import dev.attrib.molecule.MoleculeRenderers;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ExplainSettings;
import dev.attrib.spi.Explainer;
import dev.attrib.spi.Explanation;
import dev.attrib.spi.Modality;
import dev.attrib.spi.ModalityRegistry;
import dev.attrib.spi.Options;
import dev.attrib.spi.PluginProblem;
import dev.attrib.text.TextEncoding;
import dev.attrib.text.TextModality;
import dev.attrib.text.TextRenderers;
import dev.attrib.text.translate.TranslationEncoding;
import dev.attrib.text.translate.TranslationModality;
import dev.attrib.text.translate.TranslationRenderers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code attrib report --out report/}: one static HTML page, {@code report/index.html}, with the
 * pictures it links beside it, that reproduces the IG paper's figures with the built-in models and
 * the studies of the image assignments, every number computed by this run:
 *
 * <ul>
 *   <li>Figure 2: image | IG | IG overlay | gradient×image rows ({@link SideBySide}, {@link
 *       ImagePng#row});
 *   <li>Figure 4: questions coloured by word-piece ({@link TextRenderers#htmlTokens});
 *   <li>Figure 5: a translation's attribution matrix ({@link TranslationRenderers#htmlMatrix});
 *   <li>Figure 6: atom- and bond-coloured molecules with their summaries (the molecule modality's
 *       {@code svg} and {@code plain} renderers);
 *   <li>the X-DNN paper's homogeneity plot, f(a·x) for a = 0.1 … 1, for the X-DNN and its twin
 *       ({@link XdnnDemo});
 *   <li>baselines × steps on the study images, scored by deletion/insertion AUC and completeness
 *       ({@link ImageCompare});
 *   <li>saliency, IG, SmoothGrad (and gradient×input, a random order) side by side and scored by
 *       deletion/insertion AUC and the keep-top-k% test ({@link ImageEvaluation}).
 * </ul>
 *
 * <p>Each attribution shown carries its completeness delta (or says its method has none).
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>The folder is written whole or not at all ({@link ReportFolder}): into a hidden sibling,
 *       renamed into place at the end. {@code DIR} may be new, empty, or an earlier report (which
 *       is replaced); any other folder is refused before anything is computed.
 *   <li>Every input is checked and every model folder's modality read before a model loads; a
 *       failure later (an input a model cannot take) stops the report with one line and leaves no
 *       report behind. A report with a figure missing would look whole and is not.
 *   <li>The study images default to twelve synthetic scenes of the generator that made {@code
 *       examples/} ({@code shape-0} … {@code shape-7} are the examples), written into {@code
 *       DIR/inputs/} so that every picture can be traced to its input; {@code --images} names
 *       others.
 *   <li>Files in the report are named by the report ({@code figure-2/row-1.png}), never after the
 *       user's inputs, so no input text reaches a path or a link.
 *   <li>The twin of {@code --xdnn-model} defaults to the built-in shapes CNN, not to {@code
 *       --image-model}: the twin must be the same network with biases.
 * </ul>
 */
@Command(
    name = "report",
    sortOptions = false,
    description = {
      "Write an HTML report that reproduces the IG paper's figures (2, 4, 5, 6), the X-DNN"
          + " homogeneity plot and the image studies (baselines x steps, methods side by side),"
          + " every number from this run.",
      "Default models: the built-in demo models; each section can be pointed at a model of"
          + " yours."
    })
final class ReportCommand implements Callable<Integer> {

  /** The questions of the text section, after the IG paper's Figure 4. */
  static final List<String> DEFAULT_QUESTIONS =
      List.of(
          "how many townships have a population above 50 ?",
          "what is the difference in population between fora and masilo ?",
          "how many athletes are not ranked ?",
          "what is the total number of points scored by the leeds ?",
          "which film was before the audacity of democracy ?",
          "who was the first president of the club ?",
          "which year did she work on the most films ?",
          "what year was the last school established ?",
          "when did ed sheeran get his first number one of the year ?",
          "did charles oakley play more minutes than robert parish ?");

  static final List<String> DEFAULT_SENTENCES = List.of("good morning ladies and gentlemen");

  static final List<String> DEFAULT_SMILES =
      List.of("O=C(O)c1ccccc1[N+](=O)[O-]", "O=C(F)C1CCCCC1");

  static final List<String> DEFAULT_BASELINES = List.of("black", "white", "blur", "uniform");

  static final List<Integer> DEFAULT_STEPS = List.of(8, 16, 32, 64, 128);

  /** The methods of the methods study, in the order of the page. */
  static final List<String> METHODS =
      List.of("saliency", "ig", "smoothgrad", "gradient-x-input", "random");

  /** The methods drawn side by side, and their names on the page. */
  static final List<String> SIDE_BY_SIDE = List.of("saliency", "ig", "smoothgrad");

  static final List<String> SIDE_BY_SIDE_NAMES = List.of("saliency", "IG", "SmoothGrad");

  /** How many default study images (the issue asks for at least ten). */
  static final int DEFAULT_IMAGES = 12;

  @ParentCommand AttribCommand attrib;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description =
          "The report folder: new, empty, or an earlier report (replaced). Gets index.html and"
              + " the pictures it links.")
  Path out;

  @Option(
      names = "--image-model",
      paramLabel = "DIR",
      description =
          "Image model of Figure 2 and the studies (default: the built-in shapes CNN); give"
              + " --images of the pictures it takes.")
  Path imageModel;

  @Option(
      names = "--text-model",
      paramLabel = "DIR",
      description = "Text classifier of Figure 4 (default: the built-in question classifier).")
  Path textModel;

  @Option(
      names = "--translation-model",
      paramLabel = "DIR",
      description = "Translation model of Figure 5 (default: the built-in English-German one).")
  Path translationModel;

  @Option(
      names = "--molecule-model",
      paramLabel = "DIR",
      description = "Molecule model of Figure 6 (default: the built-in multi-task model).")
  Path moleculeModel;

  @Option(
      names = "--xdnn-model",
      paramLabel = "DIR",
      description = "The X-DNN (bias-free) of the homogeneity plot (default: the built-in one).")
  Path xdnnModel;

  @Option(
      names = "--twin-model",
      paramLabel = "DIR",
      description =
          "The X-DNN's ordinary twin, same network with biases (default: the built-in shapes"
              + " CNN).")
  Path twinModel;

  @Option(
      names = "--images",
      paramLabel = "FOLDER|LIST",
      description =
          "Study images: a folder or a file listing one per line (default: twelve synthetic"
              + " shapes, written to DIR/inputs).")
  Path images;

  @Option(
      names = "--figure-images",
      paramLabel = "N",
      defaultValue = "4",
      description = "How many of the images get a Figure 2 row and a methods row (default: 4).")
  int figureImages;

  @Option(
      names = "--questions",
      paramLabel = "FILE",
      description = "Questions for Figure 4, one per line (default: ten after the paper's).")
  Path questions;

  @Option(
      names = "--sentence",
      paramLabel = "TEXT",
      description =
          "A sentence to translate for Figure 5 (repeatable; default: \"good morning ladies and"
              + " gentlemen\").")
  List<String> sentences;

  @Option(
      names = "--smiles",
      paramLabel = "SMILES",
      description = "A molecule for Figure 6 (repeatable; default: two of the demo's tasks).")
  List<String> smiles;

  @Option(
      names = "--baselines",
      paramLabel = "LIST",
      description =
          "Comma-separated baselines of the baselines x steps study, as compare takes them"
              + " (default: black,white,blur,uniform).")
  String baselines;

  @Option(
      names = "--steps-list",
      paramLabel = "N",
      split = ",",
      description = "Step counts of the baselines x steps study (default: 8,16,32,64,128).")
  List<Integer> stepsList;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Seed for noise baselines, SmoothGrad and the random order (default: 0).")
  long seed;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu[:N]",
      defaultValue = "cpu",
      description = "Where to run the models (default: ${DEFAULT-VALUE}).")
  String device;

  private ModalityRegistry registry;
  private Device dev;
  private Progress progress;
  private int done;
  private final Map<String, String> shownAs = new java.util.HashMap<>();

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    registry = attrib.registry();
    for (PluginProblem p : registry.problems()) {
      err.println("attrib: warning: " + Terminal.oneLine(p.message()));
    }
    // Everything that can be checked is checked before a model loads or the folder is touched.
    if (Output.namesStdout(out)) {
      throw new AttribException(
          out + ": the report is a folder of files, not one stream; give --out DIR");
    }
    ImageModality image = builtIn("image", ImageModality.class);
    TextModality text = builtIn("text", TextModality.class);
    TranslationModality translation = builtIn(TranslationModality.NAME, TranslationModality.class);
    MoleculeModality molecule = builtIn("molecule", MoleculeModality.class);
    Path imageDir = Batch.modelFolder(imageModel, "image", "--image-model");
    Path textDir = Batch.modelFolder(textModel, "text", "--text-model");
    Path translationDir =
        Batch.modelFolder(translationModel, TranslationModality.NAME, "--translation-model");
    Path moleculeDir = Batch.modelFolder(moleculeModel, "molecule", "--molecule-model");
    Path xdnnDir =
        Batch.modelFolder(
            xdnnModel != null ? xdnnModel : DemoModels.folder(XdnnCommand.DEMO_XDNN),
            "image",
            "--xdnn-model");
    Path twinDir = Batch.modelFolder(twinModel, "image", "--twin-model");
    dev = Devices.parse(device);
    List<String> baselineNames =
        baselines == null ? DEFAULT_BASELINES : CompareCommand.baselineNames(baselines, image);
    CompareCommand.requireDistinct(baselineNames, "baseline", "--baselines");
    for (String b : baselineNames) {
      image.baseline(b); // an unknown name lists the available ones
      CompareCommand.requireParameterExists(b, image);
    }
    ImageCompare.Settings compare =
        new ImageCompare.Settings(
            baselineNames,
            stepsList == null ? DEFAULT_STEPS : stepsList,
            PixelCurves.Settings.defaults());
    CompareCommand.requireDistinct(compare.steps(), "step count", "--steps-list");
    if (figureImages < 1) {
      throw new AttribException("--figure-images must be at least 1, not " + figureImages);
    }
    List<String> questionList = questions == null ? DEFAULT_QUESTIONS : readLines(questions);
    List<String> sentenceList = nonEmpty(sentences, DEFAULT_SENTENCES, "--sentence");
    List<String> smilesList = nonEmpty(smiles, DEFAULT_SMILES, "--smiles");
    List<String> given = images == null ? null : readImages(images);

    try (ReportFolder folder = ReportFolder.open(out)) {
      List<String> imageList = given != null ? given : writeDefaultImages(folder);
      List<String> figureList = imageList.subList(0, Math.min(figureImages, imageList.size()));
      int total =
          figureList.size() // Figure 2
              + questionList.size()
              + sentenceList.size()
              + smilesList.size()
              + imageList.size() // X-DNN
              + imageList.size() * compare.baselines().size() * compare.steps().size()
              + imageList.size() // methods evaluation
              + figureList.size(); // methods side by side
      ReportPage page = new ReportPage();
      Map<String, Long> times = new LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      try (Progress p = attrib.progress(err, "report", total)) {
        progress = p;
        progress.step(0);
        ReportPage figure2;
        ReportPage steps;
        ReportPage methods;
        try (LoadedModel model = load(imageDir, image)) {
          figure2 = timed(times, "Figure 2", () -> figure2(image, model, figureList, folder));
          steps =
              timed(
                  times,
                  "baselines x steps",
                  () -> baselinesTimesSteps(image, model, imageList, compare, folder));
          methods =
              timed(times, "methods", () -> methods(image, model, imageList, figureList, folder));
        }
        ReportPage figure4;
        try (LoadedModel model = load(textDir, text)) {
          figure4 = timed(times, "Figure 4", () -> figure4(text, model, questionList));
        }
        ReportPage figure5;
        try (LoadedModel model = load(translationDir, translation)) {
          figure5 = timed(times, "Figure 5", () -> figure5(translation, model, sentenceList));
        }
        ReportPage figure6;
        try (LoadedModel model = load(moleculeDir, molecule)) {
          figure6 = timed(times, "Figure 6", () -> figure6(molecule, model, smilesList, folder));
        }
        ReportPage xdnnSection;
        try (LoadedModel x = load(xdnnDir, image);
            LoadedModel t = load(twinDir, image)) {
          XdnnCommand.requireSameLabels(x, t, twinDir, "--twin-model");
          xdnnSection = timed(times, "X-DNN", () -> xdnn(x, t, imageList, folder));
        }
        progress.close();
        header(page, (System.nanoTime() - t0) / 1e9, times, imageList.size(), given == null);
        // The papers' order on the page, whatever order the models were loaded in.
        for (ReportPage section :
            List.of(figure2, figure4, figure5, figure6, xdnnSection, steps, methods)) {
          body.append(section.body());
        }
      }
      page.raw(body.toString());
      String html = ReportPage.document("attrib report", page.body());
      folder.write("index.html", html.getBytes(StandardCharsets.UTF_8));
      folder.commit();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "wrote %s in %.1f s%n",
        Terminal.oneLine(out.resolve("index.html").toString()),
        (System.nanoTime() - t0) / 1e9);
    stdout.flush();
    return 0;
  }

  // ------------------------------------------------------------------------------------ sections

  private ReportPage figure2(
      ImageModality image, LoadedModel model, List<String> inputs, ReportFolder folder) {
    ReportPage s = new ReportPage();
    s.heading(2, "figure-2", "Figure 2: images, their IG and gradient \u00d7 image");
    Explainer<ImageEncoding> explainer = new Explainer<>(image, model);
    ExplainSettings settings = seeded(ImageModality.defaultSettings());
    s.text(
        "lead",
        "For each image: the picture, IG's heat map, the map over the image, and gradient \u00d7"
            + " image for the same class, as in the IG paper's Figure 2. IG runs from the "
            + baselineName(image, settings)
            + " image with "
            + steps(settings.config())
            + "; the caption and the table give each run's numbers.");
    List<List<Object>> rows = new ArrayList<>();
    StringBuilder pics = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      Explanation<ImageEncoding> e = explainer.explain(inputs.get(i), settings);
      byte[] png = ImagePng.row(SideBySide.of(explainer, e, settings), Options.NONE);
      String file = "figure-2/row-" + (i + 1) + ".png";
      folder.write(file, png);
      Completeness c = e.attribution().completeness();
      ReportPage pic = new ReportPage();
      pic.picture(
          file,
          ReportPage.pngSize(png),
          shown(inputs.get(i)) + ": image, IG, IG overlay, gradient \u00d7 image",
          shown(inputs.get(i))
              + ": "
              + e.prediction().label()
              + String.format(Locale.ROOT, " %.2f", e.prediction().score())
              + ", completeness delta "
              + ReportPage.delta(c));
      pics.append(pic.body());
      rows.add(
          List.of(
              shown(inputs.get(i)),
              e.prediction().label(),
              ReportPage.num(e.prediction().score(), 3),
              ReportPage.num(c.output(), 4),
              ReportPage.num(c.baselineOutput(), 4),
              ReportPage.num(c.sum(), 4),
              new ReportPage.Num(ReportPage.delta(c)),
              new ReportPage.Num(Integer.toString(e.attribution().settings().steps()))));
      step();
    }
    s.raw("<div class=\"pics\">\n" + pics + "</div>\n");
    s.table(
        List.of("image", "class", "p", "F(x)", "F(x')", "sum of IG", "completeness delta", "steps"),
        rows);
    return s;
  }

  private ReportPage figure4(TextModality text, LoadedModel model, List<String> inputs) {
    ReportPage s = new ReportPage();
    s.heading(2, "figure-4", "Figure 4: question classification, coloured by word-piece");
    s.text(
        "lead",
        "Each question's word-pieces coloured by their IG attribution to the predicted question"
            + " type, from the all-zero embedding, as in the IG paper's Figure 4.");
    s.legend(
        "red raises the predicted class, blue lowers it; per question relative to its largest score");
    Explainer<TextEncoding> explainer = new Explainer<>(text, model);
    ExplainSettings settings = seeded(ExplainSettings.defaults(text));
    List<List<Object>> rows = new ArrayList<>();
    for (String q : inputs) {
      Explanation<TextEncoding> e = explainer.explain(q, settings);
      Completeness c = e.attribution().completeness();
      rows.add(
          List.of(
              ReportPage.Html.td("tokens", TextRenderers.htmlTokens(e)),
              e.prediction().label(),
              ReportPage.num(e.prediction().score(), 3),
              new ReportPage.Num(ReportPage.delta(c))));
      step();
    }
    s.table(List.of("question (IG per word-piece)", "class", "p", "completeness delta"), rows);
    return s;
  }

  private ReportPage figure5(
      TranslationModality translation, LoadedModel model, List<String> inputs) {
    ReportPage s = new ReportPage();
    s.heading(2, "figure-5", "Figure 5: translation, each output piece attributed to the source");
    Explainer<TranslationEncoding> explainer = new Explainer<>(translation, model);
    ExplainSettings settings = seeded(ExplainSettings.defaults(translation));
    s.text(
        "lead",
        "Greedy translation, then IG of every output piece's probability with respect to the"
            + " source piece embeddings ("
            + steps(settings.config())
            + "), as in the IG paper's Figure 5. A row per output piece, a column per source"
            + " piece; the last columns give the piece's probability, the steps used and its"
            + " relative completeness delta.");
    s.legend("red: the source piece raises the output piece, blue: lowers it; per row");
    for (String sentence : inputs) {
      Explanation<TranslationEncoding> e = explainer.explain(sentence, settings);
      s.heading(3, null, sentence + " \u2192 " + e.encoded().output());
      s.raw(TranslationRenderers.htmlMatrix(e, Options.NONE));
      double worst = 0;
      for (Explanation.Row r : e.rows()) {
        Completeness c = r.attribution().completeness();
        worst = Math.max(worst, c == null ? 0 : c.relativeDelta());
      }
      s.text(
          "meta",
          String.format(
              Locale.ROOT,
              "largest relative completeness delta over the %d rows: %.3f%%",
              e.rows().size(),
              100 * worst));
      step();
    }
    return s;
  }

  private ReportPage figure6(
      MoleculeModality molecule, LoadedModel model, List<String> inputs, ReportFolder folder) {
    ReportPage s = new ReportPage();
    s.heading(2, "figure-6", "Figure 6: molecules coloured by atom and bond");
    s.text(
        "lead",
        "IG of the predicted task's probability over the atom and atom-pair features, summed per"
            + " atom and per bond and drawn on the 2-D depiction (halo colour per atom, bond"
            + " colour per bond), as in the IG paper's Figure 6; beside each, the attribution"
            + " summary with the atoms/bonds split and the completeness delta.");
    Explainer<MoleculeEncoding> explainer = new Explainer<>(molecule, model);
    ExplainSettings settings = seeded(ExplainSettings.defaults(molecule));
    StringBuilder pics = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      Explanation<MoleculeEncoding> e = explainer.explain(inputs.get(i), settings);
      byte[] svg = molecule.renderer("svg").render(e, Options.NONE);
      String file = "figure-6/molecule-" + (i + 1) + ".svg";
      folder.write(file, svg);
      ReportPage pic = new ReportPage();
      pic.raw("<div>");
      // Drawn larger than CDK's default size, so atom labels read at the page's text size.
      pic.picture(
          file,
          ReportPage.svgSize(svg, 1.5),
          inputs.get(i) + ", coloured by attribution",
          inputs.get(i));
      pic.pre(MoleculeRenderers.plain(e, Options.NONE));
      pic.raw("</div>\n");
      pics.append(pic.body());
      step();
    }
    s.raw("<div class=\"pics\">\n" + pics + "</div>\n");
    return s;
  }

  private ReportPage xdnn(LoadedModel x, LoadedModel t, List<String> inputs, ReportFolder folder) {
    ReportPage s = new ReportPage();
    s.heading(2, "xdnn", "X-DNN: homogeneity from 10% to 100% of the input");
    s.text(
        "lead",
        "The bias-free X-DNN and its ordinary twin (the same network with biases) at a\u00b7x for"
            + " a = 0.1 \u2026 1, as in the X-DNN paper: a nonnegatively homogeneous network"
            + " follows the line a\u00b7f(x), so one gradient gives IG from the black image exactly"
            + " (fast IG). R\u00b2 is taken against that line through the origin.");
    List<List<Object>> rows = new ArrayList<>();
    // Pictured: the image on which the twin strays furthest from its line, where the contrast
    // with the X-DNN shows best.
    XdnnDemo.Report first = null;
    for (String in : inputs) {
      XdnnDemo.Report r = XdnnDemo.run(x, t, in, Options.NONE);
      if (first == null || r.twin().maxRelativeError() > first.twin().maxRelativeError()) {
        first = r;
      }
      rows.add(
          List.of(
              shown(in),
              r.targetLabel(),
              ReportPage.num(r.xdnn().rSquared(), 6),
              ReportPage.pct(r.xdnn().maxRelativeError(), 3),
              ReportPage.num(r.twin().rSquared(), 4),
              ReportPage.pct(r.twin().maxRelativeError(), 1),
              new ReportPage.Num(String.format(Locale.ROOT, "%.1e", r.relativeDifference())),
              new ReportPage.Num(ReportPage.delta(r.fast().completeness())),
              new ReportPage.Num(ReportPage.delta(r.reference().completeness()))));
      step();
    }
    byte[] plot = XdnnDemo.homogeneityPlot(first);
    byte[] maps = XdnnDemo.maps(first, Options.NONE);
    folder.write("xdnn/homogeneity.png", plot);
    folder.write("xdnn/maps.png", maps);
    s.raw("<div class=\"pics\">\n");
    s.picture(
        "xdnn/homogeneity.png",
        ReportPage.pngSize(plot),
        "f(a x) against a for the X-DNN and its twin",
        shown(first.input())
            + String.format(
                Locale.ROOT,
                " (the twin's largest deviation): X-DNN R\u00b2 %.6f, twin R\u00b2 %.4f",
                first.xdnn().rSquared(),
                first.twin().rSquared()));
    s.picture(
        "xdnn/maps.png",
        ReportPage.pngSize(maps),
        "image, fast IG, 128-step IG and their difference",
        shown(first.input())
            + ": fast IG (one gradient) and "
            + XdnnDemo.REFERENCE_STEPS
            + "-step IG of the X-DNN; fast IG's completeness delta "
            + ReportPage.delta(first.fast().completeness()));
    s.raw("</div>\n");
    s.table(
        List.of(
            "image",
            "class",
            "X-DNN R\u00b2",
            "X-DNN max deviation",
            "twin R\u00b2",
            "twin max deviation",
            "fast IG vs " + XdnnDemo.REFERENCE_STEPS + "-step IG",
            "fast IG completeness delta",
            XdnnDemo.REFERENCE_STEPS + "-step IG completeness delta"),
        rows);
    return s;
  }

  private ReportPage baselinesTimesSteps(
      ImageModality image,
      LoadedModel model,
      List<String> inputs,
      ImageCompare.Settings settings,
      ReportFolder folder) {
    ReportPage s = new ReportPage();
    s.heading(2, "baselines-steps", "Study: baselines \u00d7 steps");
    s.text(
        "lead",
        String.format(
            Locale.ROOT,
            "IG with fixed Gauss\u2013Legendre steps for every baseline \u00d7 step count on %d"
                + " images, each run scored by its deletion AUC (the class score as the most"
                + " attributed pixels are blacked out: lower is better), insertion AUC (as they"
                + " are inserted into a blurred copy: higher is better) and its completeness"
                + " delta. Means over the images; \u201cwithin 1%%\u201d counts the images whose"
                + " delta is at most 1%% (absolute, against the outputs, for a baseline that"
                + " scores like the input).",
            inputs.size()));
    ExplainSettings base =
        new ExplainSettings(
            "ig", Methods.config().seed(seed).build(), null, null, "probability", Options.NONE);
    int offset = done;
    ImageCompare.Result r =
        ImageCompare.run(image, model, inputs, base, settings, n -> stepTo(offset + n));
    List<List<Object>> rows = new ArrayList<>();
    for (String b : settings.baselines()) {
      for (int steps : settings.steps()) {
        List<ImageCompare.Row> cell =
            r.rows().stream().filter(x -> x.baseline().equals(b) && x.steps() == steps).toList();
        double del = cell.stream().mapToDouble(ImageCompare.Row::deletionAuc).average().orElse(0);
        double ins = cell.stream().mapToDouble(ImageCompare.Row::insertionAuc).average().orElse(0);
        double mean =
            cell.stream().mapToDouble(x -> Math.abs(x.relativeDelta())).average().orElse(0);
        double worst = cell.stream().mapToDouble(x -> Math.abs(x.relativeDelta())).max().orElse(0);
        long within = cell.stream().filter(CompareCommand::meetsGoal).count();
        long ms = cell.stream().mapToLong(ImageCompare.Row::millis).sum();
        rows.add(
            List.of(
                b,
                new ReportPage.Num(Integer.toString(steps)),
                ReportPage.num(del, 4),
                ReportPage.num(ins, 4),
                ReportPage.pct(mean, 2),
                ReportPage.pct(worst, 2),
                new ReportPage.Num(within + " of " + cell.size()),
                new ReportPage.Num(Long.toString(ms))));
      }
    }
    s.table(
        List.of(
            "baseline",
            "steps",
            "deletion AUC",
            "insertion AUC",
            "mean delta",
            "worst delta",
            "within 1%",
            "ms (all images)"),
        rows);
    List<ImageCompare.Row> named = renamed(r.rows());
    folder.write("study/compare.csv", ImageCompare.csv(named).getBytes(StandardCharsets.UTF_8));
    s.raw(
        "<p class=\"meta\">Every run: <a href=\"study/compare.csv\">study/compare.csv</a>.</p>\n");
    byte[] grid = ImageCompare.grid(r, inputs.get(0), Options.NONE);
    folder.write("study/grid.png", grid);
    s.picture(
        "study/grid.png",
        ReportPage.pngSize(grid),
        "IG maps, a row per baseline and a column per step count",
        shown(inputs.get(0))
            + ": IG's map per baseline (rows) and step count (columns), each with its completeness"
            + " delta");
    List<String> conclusions = new ArrayList<>();
    for (String in : inputs) {
      conclusions.add(CompareCommand.conclusion(shown(in), named));
    }
    // Folded: twelve long lines that a reader opens when a mean needs explaining.
    s.raw(
        "<details><summary>Per image: the best setting by each score, and the steps needed</summary>\n");
    s.pre(String.join("\n", conclusions));
    s.raw("</details>\n");
    return s;
  }

  private ReportPage methods(
      ImageModality image,
      LoadedModel model,
      List<String> inputs,
      List<String> pictured,
      ReportFolder folder) {
    ReportPage s = new ReportPage();
    s.heading(2, "methods", "Study: saliency, IG and SmoothGrad side by side");
    Explainer<ImageEncoding> explainer = new Explainer<>(image, model);
    ExplainSettings settings = seeded(ImageModality.defaultSettings());
    Methods.Config c = settings.config();
    s.text(
        "lead",
        String.format(
            Locale.ROOT,
            "The same class explained by the gradient (saliency), IG (from the %s image, %s) and"
                + " SmoothGrad (the gradient averaged over %d noisy copies, Gaussian noise of"
                + " standard deviation %.2f of the input's range). Each map is normalised on its"
                + " own. Saliency and SmoothGrad make no completeness promise, so only IG has a"
                + " delta.",
            baselineName(image, settings),
            steps(c),
            c.noiseSamples(),
            c.noiseStdev()));
    StringBuilder pics = new StringBuilder();
    for (int i = 0; i < pictured.size(); i++) {
      List<Explanation<ImageEncoding>> es = new ArrayList<>();
      String target = null;
      for (String m : SIDE_BY_SIDE) {
        Explanation<ImageEncoding> e =
            explainer.explain(pictured.get(i), settings.withMethod(m).withTarget(target));
        target = Integer.toString(e.attribution().targetIndex());
        es.add(e);
      }
      byte[] png = ImagePng.methods(es, Options.NONE);
      String file = "study/methods-" + (i + 1) + ".png";
      folder.write(file, png);
      List<String> deltas = new ArrayList<>();
      for (int k = 0; k < es.size(); k++) {
        Completeness d = es.get(k).attribution().completeness();
        deltas.add(SIDE_BY_SIDE_NAMES.get(k) + " " + (d == null ? "none" : ReportPage.delta(d)));
      }
      String caption = shown(pictured.get(i)) + ": completeness delta " + String.join(", ", deltas);
      ReportPage pic = new ReportPage();
      pic.picture(
          file,
          ReportPage.pngSize(png),
          shown(pictured.get(i)) + ": image, saliency, IG, SmoothGrad",
          caption);
      pics.append(pic.body());
      step();
    }
    s.raw("<div class=\"pics\">\n" + pics + "</div>\n");

    s.heading(3, null, "Objective scores on " + inputs.size() + " images");
    PixelCurves.Settings curves = PixelCurves.Settings.defaults();
    ImageEval.Settings eval =
        new ImageEval.Settings(
            curves, KeepTop.DEFAULT_FRACTIONS, PixelCurves.Substrate.BLACK, seed);
    int offset = done;
    ImageEvaluation.Outcome o =
        ImageEvaluation.run(
            image, model, inputs, settings, METHODS, eval, true, n -> stepTo(offset + n));
    if (!o.problems().isEmpty()) {
      throw new AttribException(o.problems().get(0));
    }
    stepTo(offset + inputs.size());
    double[] keep = eval.keepFractions();
    List<String> header =
        new ArrayList<>(List.of("method", "images", "deletion AUC", "insertion AUC"));
    for (double f : keep) {
      header.add(String.format(Locale.ROOT, "kept top %.0f%%", 100 * f));
    }
    header.add("worst completeness delta");
    List<List<Object>> rows = new ArrayList<>();
    for (Map.Entry<String, ImageEval.Summary> e : o.summaries().entrySet()) {
      ImageEval.Summary sum = e.getValue();
      List<Object> row = new ArrayList<>();
      row.add(e.getKey());
      row.add(new ReportPage.Num(Integer.toString(sum.inputs())));
      row.add(ReportPage.num(sum.deletionAuc(), 4));
      row.add(ReportPage.num(sum.insertionAuc(), 4));
      for (double a : sum.keepAccuracy()) {
        row.add(ReportPage.pct(a, 0));
      }
      Double worst = o.worstDeltas().get(e.getKey());
      row.add(
          new ReportPage.Num(
              worst != null
                  ? String.format(Locale.ROOT, "%.2f%%", 100 * worst)
                  : e.getKey().equals("random") ? "n/a (a random order)" : "none"));
      rows.add(row);
    }
    s.table(header, rows);
    s.text(
        "meta",
        String.format(
            Locale.ROOT,
            "Deletion to black, insertion into a blurred copy, %d points per curve; lower deletion"
                + " AUC and higher insertion AUC mean a more faithful attribution. Kept top k%%:"
                + " the share of images still given the explained class with only the top k%% of"
                + " pixels (the others black). The random row orders pixels at random (seed %d).",
            curves.steps() + 1,
            seed));
    folder.write("study/curves.png", o.plot());
    s.picture(
        "study/curves.png",
        ReportPage.pngSize(o.plot()),
        "mean deletion and insertion curves per method",
        "Mean deletion (left) and insertion (right) curves over the " + inputs.size() + " images.");
    return s;
  }

  private void header(
      ReportPage page, double seconds, Map<String, Long> times, int images, boolean defaultImages) {
    page.heading(1, null, "attrib report: Integrated Gradients, reproduced");
    page.text(
        "lead",
        String.format(
            Locale.ROOT,
            "The figures of Sundararajan, Taly & Yan, \u201cAxiomatic Attribution for Deep"
                + " Networks\u201d (2017), the homogeneity test of Hesse et al., \u201cFast"
                + " Axiomatic Attribution for Neural Networks\u201d (2021), and two studies, all"
                + " computed by this run of %s in %.1f s on %s (seed %d). Every number on the page"
                + " comes from the run; every attribution has its completeness delta beside it:"
                + " |sum of attributions \u2212 (F(x) \u2212 F(x'))| / |F(x) \u2212 F(x')|.",
            versionLine(),
            seconds,
            device,
            seed));
    page.raw(
        "<nav><a href=\"#figure-2\">Figure 2</a><a href=\"#figure-4\">Figure 4</a>"
            + "<a href=\"#figure-5\">Figure 5</a><a href=\"#figure-6\">Figure 6</a>"
            + "<a href=\"#xdnn\">X-DNN</a><a href=\"#baselines-steps\">baselines \u00d7 steps</a>"
            + "<a href=\"#methods\">methods</a></nav>\n");
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("Figure 2, studies", "--image-model", model(imageModel, "image")));
    rows.add(List.of("Figure 4", "--text-model", model(textModel, "text")));
    rows.add(
        List.of(
            "Figure 5", "--translation-model", model(translationModel, TranslationModality.NAME)));
    rows.add(List.of("Figure 6", "--molecule-model", model(moleculeModel, "molecule")));
    rows.add(
        List.of(
            "X-DNN",
            "--xdnn-model",
            xdnnModel == null ? "built-in " + XdnnCommand.DEMO_XDNN : xdnnModel.toString()));
    rows.add(List.of("X-DNN", "--twin-model", model(twinModel, "image")));
    page.table(List.of("section", "option", "model"), rows);
    page.text(
        "meta",
        images
            + (defaultImages
                ? " study images: synthetic shapes of the generator of examples/, in inputs/."
                : " study images from " + this.images + ".")
            + " Time per section: "
            + String.join(
                ", ",
                times.entrySet().stream()
                    .map(
                        e ->
                            String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 1e9))
                    .toList())
            + ".");
  }

  // ------------------------------------------------------------------------------------- helpers

  /** How the page names a model: the built-in one by its name, a user's by its folder. */
  private static String model(Path given, String modality) {
    return given == null ? "built-in " + DemoModels.BY_MODALITY.get(modality) : given.toString();
  }

  /** How the steps are chosen, in words: adaptive from N until within X, or fixed. */
  private static String steps(Methods.Config c) {
    if (c.tolerance() == null) {
      return c.steps() + " " + c.quadrature().id() + " steps";
    }
    return String.format(
        Locale.ROOT,
        "adaptive steps, from %d doubled until the completeness delta is at most %s%% or %d"
            + " steps are reached",
        c.steps(),
        new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
            .format(100 * c.tolerance()),
        c.maxSteps());
  }

  /** The baseline the settings use: theirs, or the modality's first (its default). */
  private static String baselineName(ImageModality image, ExplainSettings settings) {
    return settings.baseline() != null ? settings.baseline() : image.baselines().get(0).name();
  }

  /** "attrib 0.1.0, DJL 0.35.1, PyTorch engine 2.7.1": what made the numbers. */
  private static String versionLine() {
    String[] v = new VersionProvider().getVersion();
    return v[0] + " (" + v[1] + ")";
  }

  private interface Section {
    ReportPage make();
  }

  private static ReportPage timed(Map<String, Long> times, String name, Section s) {
    long t0 = System.nanoTime();
    ReportPage p = s.make();
    times.put(name, System.nanoTime() - t0);
    return p;
  }

  private void step() {
    stepTo(done + 1);
  }

  private void stepTo(int n) {
    done = n;
    progress.step(done);
  }

  private ExplainSettings seeded(ExplainSettings s) {
    Methods.Config c = s.config();
    return s.withConfig(
        new Methods.Config(
            c.steps(),
            c.quadrature(),
            c.tolerance(),
            c.maxSteps(),
            c.batchSize(),
            c.memoryBudget(),
            c.noiseSamples(),
            c.noiseStdev(),
            seed,
            c.noiseOver()));
  }

  private LoadedModel load(Path dir, Modality<?> modality) {
    // PyTorch's threads are the CLI's (one unless --threads): the report's networks are small, and
    // with two threads beside busy processes its baselines x steps study took 129 s, with one 21 s.
    return ModelLoader.load(
        dir, modality.manifestKeys(), dev, registry.classLoader(modality.name()));
  }

  private <M> M builtIn(String name, Class<M> type) {
    Modality<?> m = registry.forName(name);
    if (!type.isInstance(m)) {
      throw new AttribException(
          "report needs the built-in " + name + " modality; a plugin replaced it");
    }
    return type.cast(m);
  }

  /** The rows with their inputs named as the page names them. */
  private List<ImageCompare.Row> renamed(List<ImageCompare.Row> rows) {
    return rows.stream()
        .map(
            r ->
                new ImageCompare.Row(
                    shown(r.input()),
                    r.baseline(),
                    r.steps(),
                    r.targetIndex(),
                    r.targetLabel(),
                    r.deletionAuc(),
                    r.insertionAuc(),
                    r.output(),
                    r.baselineOutput(),
                    r.delta(),
                    r.relativeDelta(),
                    r.millis()))
        .toList();
  }

  /**
   * An image as the page and the CSV name it: a default image by its place in the report ({@code
   * inputs/shape-0.png}, a working link), a user's as given.
   */
  private String shown(String input) {
    return shownAs.getOrDefault(input, input);
  }

  private List<String> readLines(Path file) {
    Batch.Read r = Batch.lines(file, attrib.stdin());
    if (!r.problems().isEmpty()) {
      throw new AttribException(r.problems().get(0));
    }
    if (r.inputs().isEmpty()) {
      throw new AttribException(file + ": no questions in the file");
    }
    return r.inputs();
  }

  private static List<String> nonEmpty(List<String> given, List<String> defaults, String option) {
    if (given == null) {
      return defaults;
    }
    for (String s : given) {
      if (s.isBlank()) {
        throw new AttribException(option + " is empty");
      }
    }
    return List.copyOf(given);
  }

  /** The --images folder or list, every image decoded now, so a bad one fails before the work. */
  private List<String> readImages(Path folderOrList) {
    ImageFiles.Listing l = ImageInputs.listing(folderOrList, attrib.stdin());
    if (!l.problems().isEmpty()) {
      throw new AttribException(l.problems().get(0));
    }
    if (l.images().isEmpty()) {
      throw new AttribException(folderOrList + ": no images (PNG or JPEG) in it");
    }
    List<String> out = new ArrayList<>();
    for (Path p : l.images()) {
      ImageFiles.read(p);
      out.add(p.toString());
    }
    return out;
  }

  /** The default study images, written into the report's inputs/ folder. */
  private List<String> writeDefaultImages(ReportFolder folder) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < DEFAULT_IMAGES; i++) {
      ShapeScenes.Scene sc = ShapeScenes.scene(TrainShapes.EXAMPLES_SEED, i, TrainShapes.SIZE);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        ImageIO.write(sc.image(), "png", b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String name = "inputs/shape-" + i + ".png";
      folder.write(name, b.toByteArray());
      String path = folder.staging().resolve(name).toString();
      shownAs.put(path, name);
      out.add(path);
    }
    return out;
  }
}
