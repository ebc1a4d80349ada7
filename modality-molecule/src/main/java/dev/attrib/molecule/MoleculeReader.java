package dev.attrib.molecule;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.TextLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IChemObjectBuilder;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

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
 *       {@code id}, {@code name}, {@code title} present. Read with commons-csv as RFC 4180: fields
 *       may be double-quoted ({@code ""} for a quote, line breaks allowed inside quotes; a row
 *       starts on the line it is reported by); CRLF or LF line ends and a UTF-8 byte order mark are
 *       accepted. A field whose quote never closes costs its line only: reading goes on at the next
 *       line.
 *   <li>{@code .sdf}, {@code .sd}, {@code .mol}: MOL blocks (V2000 or V3000) separated by {@code
 *       $$$$} lines, read with CDK's {@link IteratingSDFReader} (strict, as {@link
 *       MoleculeParser}); the id is the block's first (title) line, or {@code #N} when it is blank.
 *       A record's input is its MOL block up to {@code M END} (data items are dropped). A record
 *       CDK cannot read is one problem, with the reason {@link MoleculeParser} gives, and reading
 *       goes on.
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

  static {
    // Before CDK's SDF reader creates its logger: see CdkLogging.
    CdkLogging.install();
  }

  private static final IChemObjectBuilder BUILDER = SilentChemObjectBuilder.getInstance();

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
            for (String f : headerFields(l.text(), sep)) {
              if (f.strip().equalsIgnoreCase("smiles")) {
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

  /** The fields of one line as CSV with {@code sep}; none when it does not parse. */
  private static List<String> headerFields(String line, char sep) {
    try (CSVParser p = CSVParser.parse(line, CsvText.format(sep))) {
      List<CSVRecord> records = p.getRecords();
      return records.isEmpty() ? List.of() : records.get(0).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
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
    CsvText csv = new CsvText(all);
    List<Record> ok = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    int smilesCol = -1;
    int idCol = -1;
    boolean header = true;
    for (CsvRow row : csv.rows(sep)) {
      if (header) {
        if (row.blank() && row.undecodable() == null && row.error() == null) {
          continue;
        }
        if (row.undecodable() != null) {
          throw new AttribException(
              source + ":" + row.line() + ": the header line is " + row.undecodable().error());
        }
        if (row.error() != null) {
          throw new AttribException(
              source + ":" + row.line() + ": cannot read the header line: " + row.error());
        }
        List<String> names = row.fields();
        for (String want : List.of("id", "name", "title")) {
          for (int c = 0; c < names.size() && idCol < 0; c++) {
            if (names.get(c).strip().equalsIgnoreCase(want)) {
              idCol = c;
            }
          }
        }
        for (int c = 0; c < names.size(); c++) {
          if (names.get(c).strip().equalsIgnoreCase("smiles")) {
            smilesCol = c;
            break;
          }
        }
        if (smilesCol < 0) {
          throw new AttribException(
              source
                  + ":"
                  + row.line()
                  + ": no 'smiles' column in the header "
                  + names
                  + " (the first line names the columns)");
        }
        header = false;
        continue;
      }
      if (row.undecodable() != null) {
        notUtf8(ok, bad, source, row.undecodable());
        continue;
      }
      if (row.error() != null) {
        int n = ok.size() + bad.size() + 1;
        bad.add(new Problem(source, n, row.line(), "#" + n, clip(row.firstLine()), row.error()));
        continue;
      }
      if (row.blank()) {
        continue;
      }
      List<String> f = row.fields();
      String smi = smilesCol < f.size() ? f.get(smilesCol).strip() : "";
      String id = idCol >= 0 && idCol < f.size() ? f.get(idCol).strip() : "";
      add(ok, bad, source, row.line(), id, smi);
    }
    if (header) {
      throw new AttribException(source + ": holds no molecules (empty file)");
    }
    return finish(source, ok, bad);
  }

  /**
   * One CSV record: its fields, the line it starts on, and why it could not be read, if so.
   *
   * @param undecodable the first line of the record that is not UTF-8, or null
   * @param error a quoting error (an unterminated quote), or null
   */
  private record CsvRow(
      long line, String firstLine, List<String> fields, TextLines.Line undecodable, String error) {
    boolean blank() {
      return fields.stream().allMatch(String::isBlank);
    }
  }

  /**
   * The decoded lines of a CSV/TSV file, read with commons-csv (RFC 4180: quoted fields, {@code ""}
   * for a quote, line breaks inside quotes). {@link TextLines} has already dropped a byte order
   * mark and split CRLF, CR and LF, so the parser sees {@code \n} only; a line that is not UTF-8 is
   * handed over empty and costs the record it belongs to, named by its line, not the file.
   */
  private static final class CsvText {
    private final List<TextLines.Line> lines;
    private final String text;

    /** Character offset of each line's start in {@link #text}. */
    private final int[] starts;

    CsvText(List<TextLines.Line> lines) {
      this.lines = lines;
      StringBuilder b = new StringBuilder();
      starts = new int[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        starts[i] = b.length();
        b.append(lines.get(i).text()).append('\n');
      }
      text = b.toString();
    }

    private static CSVFormat format(char sep) {
      // Blank lines are kept as records so that every line belongs to one record: a line that is
      // not UTF-8 (handed over empty) must cost its record, and blank rows are skipped by us.
      return CSVFormat.DEFAULT
          .builder()
          .setDelimiter(sep)
          .setIgnoreEmptyLines(false)
          .setIgnoreSurroundingSpaces(true)
          .get();
    }

    /** Every record in file order, blank ones included. */
    List<CsvRow> rows(char sep) {
      List<CsvRow> out = new ArrayList<>();
      int from = 0; // 0-based index of the first line not yet read
      while (from < lines.size()) {
        int next = from;
        try (CSVParser p = CSVParser.parse(text.substring(starts[from]), format(sep))) {
          for (CSVRecord r : p) {
            // Every line belongs to one record (blank ones too), so a record runs from the line
            // after the previous one to the line the parser has reached.
            int last = from + (int) p.getCurrentLineNumber() - 1;
            out.add(row(next, last, r.toList(), null));
            next = last + 1;
          }
          from = lines.size();
        } catch (IOException | UncheckedIOException e) {
          // Only an unterminated quote stops commons-csv here: that record's first line is the
          // bad one, and reading starts afresh on the line after it, as if the quote had closed.
          out.add(
              row(
                  next,
                  next,
                  List.of(),
                  "unterminated quote (a field opened with '\"' never ends)"));
          from = next + 1;
        }
      }
      return out;
    }

    private CsvRow row(int first, int last, List<String> fields, String error) {
      TextLines.Line undecodable = null;
      for (int i = first; i <= last && undecodable == null; i++) {
        if (!lines.get(i).ok()) {
          undecodable = lines.get(i);
        }
      }
      return new CsvRow(first + 1, lines.get(first).text(), fields, undecodable, error);
    }
  }

  /** An SDF (or single MOL) text: blocks separated by {@code $$$$}. */
  public static Batch sdf(String text, String source) {
    return sdf(lines(text), source);
  }

  private static Batch sdf(List<TextLines.Line> all, String source) {
    SdfLines in = new SdfLines(all);
    try (IteratingSDFReader it = new IteratingSDFReader(in, BUILDER)) {
      // As MoleculeParser reads a MOL block: a record CDK only half understands is a problem
      // now, not a different molecule later.
      it.setReaderMode(IChemObjectReader.Mode.STRICT);
      while (true) {
        int before = in.position();
        if (it.hasNext()) {
          IAtomContainer mol = it.next();
          SdfRecord r = in.lastMolEnd();
          if (r != null && r.mol == null) {
            r.mol = mol;
          }
        } else if (in.atEnd() || in.position() == before) {
          break; // the end; or, defensively, a reader that stopped reading
        }
        // Otherwise CDK could not read the record whose M  END it just passed (it logs why and
        // returns false); asked again, it reads on from there, so the batch goes on.
      }
    } catch (IOException e) {
      throw new AttribException(source + ": cannot read: " + e.getMessage(), e);
    }
    List<Record> ok = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    for (SdfRecord r : in.records) {
      if (r.blank()) {
        continue; // a trailing blank line after the last $$$$, or an empty file
      }
      int n = ok.size() + bad.size() + 1;
      String title = all.get(r.first).text().strip();
      String id = title.isEmpty() ? "#" + n : title;
      long line = r.first + 1L;
      if (r.undecodable != null) {
        bad.add(
            new Problem(
                source,
                n,
                line,
                id,
                clip(title),
                "line " + r.undecodable.number() + " is " + r.undecodable.error()));
        continue;
      }
      if (r.molEnd < 0) {
        bad.add(new Problem(source, n, line, id, clip(title), "no 'M  END' line: not a MOL block"));
        continue;
      }
      StringBuilder block = new StringBuilder();
      for (int k = r.first; k <= r.molEnd; k++) {
        block.append(all.get(k).text()).append('\n');
      }
      try {
        if (r.mol == null) {
          // CDK's reader only logs its reason; reading the block alone gives it as our message.
          MoleculeParser.parse(block.toString());
          throw new AttribException(
              "unreadable MOL block '" + MoleculeParser.shortText(block.toString()) + "'");
        }
        MoleculeParser.perceive(r.mol, block.toString());
        ok.add(new Record(n, line, id, block.toString()));
      } catch (AttribException e) {
        bad.add(new Problem(source, n, line, id, clip(title), e.getMessage()));
      }
    }
    return finish(source, ok, bad);
  }

  /**
   * One record of an SDF file as {@link SdfLines} saw CDK read it: lines {@code first} up to its
   * {@code $$$$} (or the end), and the molecule CDK made of it, if any.
   */
  private static final class SdfRecord {
    final int first;
    int molEnd = -1;
    boolean blank = true;
    TextLines.Line undecodable;
    IAtomContainer mol;

    SdfRecord(int first) {
      this.first = first;
    }

    boolean blank() {
      return blank && undecodable == null;
    }
  }

  /**
   * The decoded lines served to CDK's {@link IteratingSDFReader} (it reads with {@code readLine}
   * only), noting where each record starts and ends on the way, since CDK does not say which lines
   * a molecule came from or which record it skipped. A line that is not UTF-8 is served empty and
   * marks its record.
   */
  private static final class SdfLines extends BufferedReader {
    private final List<TextLines.Line> lines;
    final List<SdfRecord> records = new ArrayList<>();
    private SdfRecord current;
    private SdfRecord lastMolEnd;
    private int next;

    SdfLines(List<TextLines.Line> lines) {
      super(Reader.nullReader());
      this.lines = lines;
    }

    @Override
    public String readLine() {
      if (next >= lines.size()) {
        next = lines.size() + 1; // asked past the end: CDK is done with the file
        return null;
      }
      TextLines.Line l = lines.get(next);
      if (current == null) {
        current = new SdfRecord(next);
        records.add(current);
      }
      String text = l.text();
      if (text.startsWith("$$$$")) {
        current = null; // CDK's own test for the record separator
      } else {
        current.blank &= text.isBlank();
        if (!l.ok() && current.undecodable == null) {
          current.undecodable = l;
        }
        if (text.startsWith("M  END") && current.molEnd < 0) {
          current.molEnd = next;
          lastMolEnd = current;
        }
      }
      next++;
      return text;
    }

    /** The record whose {@code M END} line CDK read last: the one it has just parsed. */
    SdfRecord lastMolEnd() {
      return lastMolEnd;
    }

    /** How many lines CDK has read. */
    int position() {
      return next;
    }

    /** Whether CDK has read past the last line. */
    boolean atEnd() {
      return next > lines.size();
    }

    @Override
    public void close() {}
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

  private static String clip(String s) {
    String one = s.strip().replace('\t', ' ');
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }
}
