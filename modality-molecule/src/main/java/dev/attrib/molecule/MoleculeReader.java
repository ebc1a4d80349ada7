package dev.attrib.molecule;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a batch of molecules from a file: one record per molecule, and one {@link Problem} per
 * record that does not parse, so a batch goes on and reports the failures at the end.
 *
 * <pre>{@code
 * MoleculeReader.Batch batch = MoleculeReader.read(Path.of("molecules.csv"));
 * for (MoleculeReader.Record r : batch.records()) {
 *   Explanation<MoleculeEncoding> e = explainer.explain(r.input(), settings);   // r.input(): SMILES or MOL block
 * }
 * batch.problems().forEach(p -> System.err.println(p.message()));
 * }</pre>
 *
 * <p>Formats, by file extension:
 *
 * <ul>
 *   <li>{@code .smi}, {@code .smiles}, {@code .txt}: one SMILES per line, optionally followed by
 *       whitespace and an id/name (the rest of the line); blank lines and lines starting with
 *       {@code #} are skipped.
 *   <li>{@code .csv} ({@code ,}) and {@code .tsv} (tab): a header line, then one molecule per row.
 *       The SMILES column is the one named {@code smiles} (any case); the id column is the first of
 *       {@code id}, {@code name}, {@code title} present. Fields may be double-quoted (RFC 4180,
 *       {@code ""} for a quote; no line breaks inside fields).
 *   <li>{@code .sdf}, {@code .sd}, {@code .mol}: MOL blocks (V2000 or V3000) separated by {@code
 *       $$$$} lines; the id is the block's first (title) line, or {@code #N} when it is blank. A
 *       record's input is its MOL block up to {@code M END} (data items are dropped).
 * </ul>
 *
 * <p>Every record is parsed once here (with {@link MoleculeParser}) so that invalid SMILES and
 * unreadable blocks become problems naming the file, line, id and text; so does a line that is not
 * UTF-8 ({@link TextLines}), which costs its record only. A file that cannot be read, has an
 * unknown extension, lacks the CSV column, or holds no molecule lines at all is an {@link
 * AttribException}.
 */
public final class MoleculeReader {
  private MoleculeReader() {}

  /**
   * One molecule of a batch.
   *
   * @param number 1-based position among the file's molecules (records and problems together)
   * @param line 1-based line of the file where it starts
   * @param id the id or name given with it, or {@code #number}
   * @param input what {@link MoleculeModality#encode} takes: the SMILES, or the MOL block
   */
  public record Record(int number, long line, String id, String input) {}

  /**
   * A molecule that could not be read; the batch goes on without it.
   *
   * @param source the file
   * @param number 1-based position among the file's molecules
   * @param line 1-based line where it starts
   * @param id its id or name, or {@code #number}
   * @param text the offending text (one line, shortened)
   * @param error what is wrong
   */
  public record Problem(
      String source, int number, long line, String id, String text, String error) {
    /** One line for the person at the terminal, naming file, line, id and text. */
    public String message() {
      return source + ":" + line + ": molecule " + id + " ('" + text + "'): " + error;
    }
  }

  /**
   * The molecules of a file.
   *
   * @param source the file
   * @param records the molecules that parsed, in file order
   * @param problems the ones that did not, in file order
   */
  public record Batch(String source, List<Record> records, List<Problem> problems) {
    public Batch {
      records = List.copyOf(records);
      problems = List.copyOf(problems);
    }

    /** Molecules in the file, readable or not. */
    public int size() {
      return records.size() + problems.size();
    }
  }

  /** Reads {@code file} in the format its extension names. */
  public static Batch read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String ext =
        name.lastIndexOf('.') < 0
            ? ""
            : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (!TYPES.contains(ext)) {
      throw new AttribException(
          file
              + ": unknown molecule file type '."
              + ext
              + "'; use .smi, .smiles, .txt, .csv, .tsv, .sdf, .sd or .mol");
    }
    return read(readBytes(file), file.toString(), ext);
  }

  /**
   * Reads {@code content} (e.g. standard input) named {@code source} in messages, in the format of
   * the file extension {@code type}, or, when {@code type} is null, the format it looks like: MOL
   * blocks when a line starts with {@code M END}, CSV or TSV when the first line names a {@code
   * smiles} column, else SMILES lines.
   */
  public static Batch read(byte[] content, String source, String type) {
    List<TextLines.Line> lines = TextLines.of(content);
    String t = type == null ? sniff(lines) : type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "smi", "smiles", "txt" -> smiles(lines, source);
      case "csv" -> delimited(lines, source, ',');
      case "tsv" -> delimited(lines, source, '\t');
      case "sdf", "sd", "mol" -> sdf(lines, source);
      default ->
          throw new AttribException(
              source
                  + ": unknown molecule file type '."
                  + t
                  + "'; use .smi, .smiles, .txt, .csv, .tsv, .sdf, .sd or .mol");
    };
  }

  private static final List<String> TYPES =
      List.of("smi", "smiles", "txt", "csv", "tsv", "sdf", "sd", "mol");

  private static String sniff(List<TextLines.Line> lines) {
    for (TextLines.Line l : lines) {
      if (l.text().startsWith("M  END")) {
        return "sdf";
      }
    }
    for (TextLines.Line l : lines) {
      if (!l.text().isBlank()) {
        for (char sep : new char[] {'\t', ','}) {
          if (l.text().indexOf(sep) >= 0) {
            for (String f : l.text().split(sep == '\t' ? "\t" : ",", -1)) {
              if (f.strip().replace("\"", "").equalsIgnoreCase("smiles")) {
                return sep == '\t' ? "tsv" : "csv";
              }
            }
          }
        }
        break;
      }
    }
    return "smi";
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new AttribException(file + ": no such file");
    } catch (IOException e) {
      throw new AttribException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** A {@code .smi} text: SMILES, whitespace, optional id; {@code #} comments. */
  public static Batch smiles(String text, String source) {
    return smiles(lines(text), source);
  }

  private static Batch smiles(List<TextLines.Line> all, String source) {
    List<Record> ok = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    for (TextLines.Line l : all) {
      if (!l.ok()) {
        notUtf8(ok, bad, source, l);
        continue;
      }
      int i = l.number() - 1;
      String line = l.text().strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int ws = firstWhitespace(line);
      String smi = ws < 0 ? line : line.substring(0, ws);
      String id = ws < 0 ? "" : line.substring(ws).strip();
      add(ok, bad, source, i + 1, id, smi);
    }
    return finish(source, ok, bad);
  }

  /** A CSV/TSV text with a header naming a {@code smiles} column. */
  public static Batch delimited(String text, String source, char sep) {
    return delimited(lines(text), source, sep);
  }

  private static Batch delimited(List<TextLines.Line> all, String source, char sep) {
    String[] lines = texts(all);
    int headerLine = -1;
    for (int i = 0; i < lines.length; i++) {
      if (!all.get(i).ok() || !lines[i].isBlank()) {
        headerLine = i;
        break;
      }
    }
    if (headerLine < 0) {
      throw new AttribException(source + ": holds no molecules (empty file)");
    }
    if (!all.get(headerLine).ok()) {
      throw new AttribException(
          source + ":" + (headerLine + 1) + ": the header line is " + all.get(headerLine).error());
    }
    List<String> header = fields(lines[headerLine], sep, source, headerLine + 1);
    int smilesCol = -1;
    int idCol = -1;
    for (String want : List.of("id", "name", "title")) {
      for (int c = 0; c < header.size() && idCol < 0; c++) {
        if (header.get(c).strip().equalsIgnoreCase(want)) {
          idCol = c;
        }
      }
    }
    for (int c = 0; c < header.size(); c++) {
      if (header.get(c).strip().equalsIgnoreCase("smiles")) {
        smilesCol = c;
        break;
      }
    }
    if (smilesCol < 0) {
      throw new AttribException(
          source
              + ":"
              + (headerLine + 1)
              + ": no 'smiles' column in the header "
              + header
              + " (the first line names the columns)");
    }
    List<Record> ok = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    for (int i = headerLine + 1; i < lines.length; i++) {
      if (!all.get(i).ok()) {
        notUtf8(ok, bad, source, all.get(i));
        continue;
      }
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> f;
      try {
        f = fields(lines[i], sep, source, i + 1);
      } catch (AttribException e) {
        int n = ok.size() + bad.size() + 1;
        bad.add(new Problem(source, n, i + 1, "#" + n, clip(lines[i]), e.getMessage()));
        continue;
      }
      String smi = smilesCol < f.size() ? f.get(smilesCol).strip() : "";
      String id = idCol >= 0 && idCol < f.size() ? f.get(idCol).strip() : "";
      add(ok, bad, source, i + 1, id, smi);
    }
    return finish(source, ok, bad);
  }

  /** An SDF (or single MOL) text: blocks separated by {@code $$$$}. */
  public static Batch sdf(String text, String source) {
    return sdf(lines(text), source);
  }

  private static Batch sdf(List<TextLines.Line> all, String source) {
    String[] lines = texts(all);
    List<Record> ok = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= lines.length; i++) {
      boolean end = i == lines.length || lines[i].strip().equals("$$$$");
      if (!end) {
        continue;
      }
      int from = start;
      start = i + 1;
      boolean blank = true;
      TextLines.Line undecodable = null;
      for (int k = from; k < i; k++) {
        blank &= lines[k].isBlank() && all.get(k).ok();
        if (undecodable == null && !all.get(k).ok()) {
          undecodable = all.get(k);
        }
      }
      if (blank) {
        continue; // trailing newline after the last $$$$, or an empty file
      }
      StringBuilder block = new StringBuilder();
      boolean sawEnd = false;
      for (int k = from; k < i; k++) {
        block.append(lines[k]).append('\n');
        if (lines[k].startsWith("M  END")) {
          sawEnd = true;
          break;
        }
      }
      String title = lines[from].strip();
      int n = ok.size() + bad.size() + 1;
      String id = title.isEmpty() ? "#" + n : title;
      if (undecodable != null) {
        bad.add(
            new Problem(
                source,
                n,
                from + 1,
                id,
                clip(title),
                "line " + undecodable.number() + " is " + undecodable.error()));
        continue;
      }
      if (!sawEnd) {
        bad.add(
            new Problem(source, n, from + 1, id, clip(title), "no 'M  END' line: not a MOL block"));
        continue;
      }
      try {
        MoleculeParser.parse(block.toString());
        ok.add(new Record(n, from + 1, id, block.toString()));
      } catch (AttribException e) {
        bad.add(new Problem(source, n, from + 1, id, clip(title), e.getMessage()));
      }
    }
    return finish(source, ok, bad);
  }

  private static void add(
      List<Record> ok, List<Problem> bad, String source, long line, String id, String smi) {
    int n = ok.size() + bad.size() + 1;
    String shown = id.isEmpty() ? "#" + n : id;
    if (smi.isEmpty()) {
      bad.add(new Problem(source, n, line, shown, "", "no SMILES"));
      return;
    }
    try {
      MoleculeParser.parse(smi);
      ok.add(new Record(n, line, shown, smi));
    } catch (AttribException e) {
      bad.add(new Problem(source, n, line, shown, clip(smi), e.getMessage()));
    }
  }

  private static Batch finish(String source, List<Record> ok, List<Problem> bad) {
    if (ok.isEmpty() && bad.isEmpty()) {
      throw new AttribException(source + ": holds no molecules");
    }
    return new Batch(source, ok, bad);
  }

  private static List<TextLines.Line> lines(String text) {
    return TextLines.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] texts(List<TextLines.Line> lines) {
    return lines.stream().map(TextLines.Line::text).toArray(String[]::new);
  }

  /** A line that is not UTF-8 is one unreadable molecule, named by its line. */
  private static void notUtf8(List<Record> ok, List<Problem> bad, String source, TextLines.Line l) {
    int n = ok.size() + bad.size() + 1;
    bad.add(new Problem(source, n, l.number(), "#" + n, "", l.error()));
  }

  private static int firstWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Splits one CSV/TSV line; quotes as RFC 4180 (no line breaks inside quotes). */
  static List<String> fields(String line, char sep, String source, long lineNo) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.toString().isBlank() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        cur.setLength(0);
      } else if (c == sep) {
        out.add(cur.toString());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new AttribException(source + ":" + lineNo + ": unterminated quote");
    }
    out.add(cur.toString());
    return out;
  }

  private static String clip(String s) {
    String one = s.strip().replace('\t', ' ');
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }
}
