package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code attrib report}: the whole default report once (every figure, every picture a valid file,
 * numbers that agree with the commands that compute them alone), then small reports and refusals.
 * The browser check (every image loads in Chromium, a screenshot) is {@code docs/report/check.sh}:
 * a CI machine need not have a browser, and a skipped test would say nothing.
 */
class ReportCommandTest {

  @TempDir static Path shared;

  @TempDir Path home;
  @TempDir Path work;

  static Path report;
  static String html;
  static String[] output;

  /** One default run serves every test of the default page (it takes some seconds). */
  @BeforeAll
  static void defaultReport() throws IOException {
    report = shared.resolve("report");
    Path home = Files.createDirectories(shared.resolve("home"));
    output = CliRun.run(home, 0, "report", "--out", report.toString());
    html = Files.readString(report.resolve("index.html"));
  }

  @Test
  void printsWhereThePageIsAndLeavesNothingElseBeside() throws IOException {
    assertTrue(output[0].matches("wrote .*report/index\\.html in \\d+\\.\\d s\n"), output[0]);
    assertEquals("", output[1]);
    try (Stream<Path> s = Files.list(shared)) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("home", "report"), names, "no staging folder left beside the report");
    }
    assertTrue(Files.isRegularFile(report.resolve(ReportFolder.MARKER)));
  }

  @Test
  void everySectionOfTheIssueIsThere() {
    for (String id :
        List.of(
            "figure-2", "figure-4", "figure-5", "figure-6", "xdnn", "baselines-steps", "methods")) {
      assertTrue(html.contains("id=\"" + id + "\""), id);
      assertTrue(html.contains("href=\"#" + id + "\""), "the contents link to " + id);
    }
    // Figure 2: a row picture per figure image; methods side by side for the same images.
    assertEquals(4, count(html, "src=\"figure-2/row-\\d\\.png\""));
    assertEquals(4, count(html, "src=\"study/methods-\\d\\.png\""));
    // Figure 4: one row per default question, each coloured piece a span with its score.
    for (String q : ReportCommand.DEFAULT_QUESTIONS) {
      assertTrue(html.contains(">" + q.split(" ")[0] + "</span>"), q);
    }
    assertEquals(ReportCommand.DEFAULT_QUESTIONS.size(), count(html, "<td class=\"tokens\">"));
    // Figure 5: the matrix; Figure 6: a depiction per molecule; X-DNN: the plot and maps.
    assertEquals(1, count(html, "<table class=\"matrix\">"));
    assertEquals(2, count(html, "src=\"figure-6/molecule-\\d\\.svg\""));
    assertTrue(html.contains("src=\"xdnn/homogeneity.png\""));
    assertTrue(html.contains("src=\"study/grid.png\""));
    assertTrue(html.contains("src=\"study/curves.png\""));
  }

  @Test
  void everyPictureIsAFileOfTheReportThatDecodesAtTheSizeThePageSays() throws Exception {
    Matcher m = Pattern.compile("<img ([^>]*)>").matcher(html);
    int seen = 0;
    while (m.find()) {
      Map<String, String> a = attributes(m.group(1));
      String src = a.get("src");
      assertNotNull(src, m.group());
      assertFalse(src.contains(":") || src.startsWith("/") || src.contains(".."), src);
      Path file = report.resolve(src);
      assertTrue(Files.isRegularFile(file), src);
      assertFalse(a.getOrDefault("alt", "").isBlank(), "alt text for " + src);
      if (src.endsWith(".png")) {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, src + " is not a PNG");
        assertEquals(Integer.toString(img.getWidth()), a.get("width"), src);
        assertEquals(Integer.toString(img.getHeight()), a.get("height"), src);
      } else {
        assertTrue(src.endsWith(".svg"), src);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(file.toFile());
        assertEquals(
            "svg",
            d.getDocumentElement().getLocalName() == null
                ? d.getDocumentElement().getTagName()
                : d.getDocumentElement().getLocalName());
        assertFalse(Files.readString(file).contains("<script"), src);
      }
      seen++;
    }
    assertEquals(4 + 2 + 2 + 1 + 4 + 1, seen, "every picture of the page");
    // Links: within the page or to a file of the report.
    Matcher l = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (l.find()) {
      String href = l.group(1);
      assertTrue(
          href.startsWith("#") || Files.isRegularFile(report.resolve(href)), "broken link " + href);
    }
  }

  @Test
  void thePageIsSelfContainedAndHasNoScript() {
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "no script, so no script error");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(lower).find(), "no event handler");
    assertFalse(lower.contains("http:") || lower.contains("https:"), "nothing from the network");
    assertFalse(lower.contains("<link") || lower.contains("@import"), "styles are inline");
    assertFalse(lower.contains("<iframe") || lower.contains("<object"));
  }

  @Test
  void studiesRunOnAtLeastTenImagesAndTheTableIsTheMeanOfTheRuns() throws IOException {
    List<CSVRecord> rows;
    try (var r = new StringReader(Files.readString(report.resolve("study/compare.csv")))) {
      rows = CSVFormat.DEFAULT.builder().setHeader().get().parse(r).getRecords();
    }
    Set<String> images = new HashSet<>();
    Map<String, List<Double>> deletion = new LinkedHashMap<>();
    for (CSVRecord r : rows) {
      images.add(r.get("input"));
      deletion
          .computeIfAbsent(r.get("baseline") + "/" + r.get("steps"), k -> new ArrayList<>())
          .add(Double.parseDouble(r.get("deletion_auc")));
      assertTrue(Files.isRegularFile(report.resolve(r.get("input"))), r.get("input"));
    }
    assertTrue(images.size() >= 10, images.toString());
    assertEquals(
        images.size() * ReportCommand.DEFAULT_BASELINES.size() * ReportCommand.DEFAULT_STEPS.size(),
        rows.size());
    for (String b : ReportCommand.DEFAULT_BASELINES) {
      for (int steps : ReportCommand.DEFAULT_STEPS) {
        double mean =
            deletion.get(b + "/" + steps).stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        String row =
            "<td>"
                + b
                + "</td><td class=\"num\">"
                + steps
                + "</td><td class=\"num\">"
                + String.format(Locale.ROOT, "%.4f", mean)
                + "</td>";
        // The CSV rounds to 6 significant digits; the page shows 4 decimals of the same runs.
        assertTrue(html.contains(row), row);
      }
    }
    // The methods table: every method over the same images, IG with a completeness delta.
    for (String method : ReportCommand.METHODS) {
      assertTrue(
          html.contains("<td>" + method + "</td><td class=\"num\">" + images.size() + "</td>"),
          method);
    }
  }

  @Test
  void figureFourNumbersAreThoseTheTextCommandComputes() {
    String q = ReportCommand.DEFAULT_QUESTIONS.get(0);
    String json = CliRun.run(home, 0, "text", q, "--format", "json")[0];
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    String label = o.getAsJsonObject("prediction").get("label").getAsString();
    double p = o.getAsJsonObject("prediction").get("score").getAsDouble();
    double delta = o.getAsJsonObject("completeness").get("relativeDelta").getAsDouble();
    String cells =
        "<td>"
            + label
            + "</td><td class=\"num\">"
            + String.format(Locale.ROOT, "%.3f", p)
            + "</td><td class=\"num\">"
            + String.format(Locale.ROOT, "%.2f%%", 100 * delta);
    int row = html.indexOf("<td class=\"tokens\">");
    assertTrue(html.indexOf(cells, row) > row, cells);
  }

  @Test
  void aSmallReportEscapesUntrustedTextAndReplacesAnEarlierReport() throws IOException {
    Path out = work.resolve("r");
    Files.createDirectories(out);
    Files.writeString(out.resolve(ReportFolder.MARKER), "");
    Files.writeString(out.resolve("stale.html"), "from an earlier report");
    Path questions = work.resolve("q.txt");
    Files.writeString(questions, "<script>alert(1)</script> how many & which ?\n");
    Path list = work.resolve("images.txt");
    Files.writeString(list, Path.of("../examples/shape-3.png").toAbsolutePath() + "\n");
    CliRun.run(
        home,
        0,
        "report",
        "--out",
        out.toString(),
        "--images",
        list.toString(),
        "--baselines",
        "black",
        "--steps-list",
        "4",
        "--questions",
        questions.toString(),
        "--sentence",
        "good <b>morning</b>",
        "--smiles",
        "O=C(O)c1ccccc1[N+](=O)[O-]");
    String page = Files.readString(out.resolve("index.html"));
    assertFalse(Files.exists(out.resolve("stale.html")), "the earlier report was replaced whole");
    assertFalse(page.contains("<script"), page);
    assertFalse(page.contains("<b>morning"), "input text is escaped");
    assertTrue(page.contains("&lt;"), "the markup is shown as text");
    assertTrue(Files.isRegularFile(out.resolve(ReportFolder.MARKER)));
  }

  @Test
  void aFolderOfOtherFilesIsRefusedBeforeAnyWork() throws IOException {
    Path out = work.resolve("mine");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    String[] r = CliRun.run(home, 2, "report", "--out", out.toString());
    assertEquals("", r[0]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].contains("neither empty nor an earlier report"), r[1]);
    assertEquals(List.of("notes.txt"), names(out));
    assertEquals(List.of("mine"), names(work), "no staging folder");
  }

  @Test
  void aFileIsRefused() throws IOException {
    Path out = work.resolve("file.html");
    Files.writeString(out, "x");
    String[] r = CliRun.run(home, 2, "report", "--out", out.toString());
    assertTrue(r[1].contains("exists and is not a folder"), r[1]);
    assertEquals("x", Files.readString(out));
  }

  @Test
  void badOptionsAndModelsFailInOneLineBeforeAnyWork() {
    String[] r =
        CliRun.run(home, 2, "report", "--out", work.resolve("a").toString(), "--baselines", "nope");
    assertTrue(r[1].startsWith("attrib: "), r[1]);
    assertTrue(r[1].contains("nope"), r[1]);
    assertFalse(r[1].contains("\tat "), r[1]);
    r =
        CliRun.run(
            home,
            2,
            "report",
            "--out",
            work.resolve("b").toString(),
            "--text-model",
            dev.attrib.fixtures.DemoModels.forModality("image").toString());
    assertTrue(r[1].contains("not text (--text-model)"), r[1]);
    assertFalse(Files.exists(work.resolve("a")) || Files.exists(work.resolve("b")));
  }

  @Test
  void aFailureHalfwayLeavesNoReport() throws IOException {
    Path out = work.resolve("r");
    Path list = work.resolve("images.txt");
    Files.writeString(list, Path.of("../examples/shape-3.png").toAbsolutePath() + "\n");
    String[] r =
        CliRun.run(
            home,
            2,
            "report",
            "--out",
            out.toString(),
            "--images",
            list.toString(),
            "--baselines",
            "black",
            "--steps-list",
            "4",
            "--smiles",
            "this is no molecule");
    assertEquals(1, r[1].lines().count(), r[1]);
    assertFalse(Files.exists(out), "no report");
    assertEquals(List.of("images.txt"), names(work), "no staging folder");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> a = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([a-z]+)=\"([^\"]*)\"").matcher(tag);
    while (m.find()) {
      a.put(m.group(1), m.group(2));
    }
    return a;
  }

  static {
    // Fail loudly rather than skip if the test resources moved.
    assertTrue(Files.isRegularFile(Path.of("../examples/shape-3.png")), "examples/ not found");
    assertEquals(StandardCharsets.UTF_8, StandardCharsets.UTF_8);
  }
}
