package dev.attrib.text.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * A translation in words instead of word pieces, as the option {@code words=true} encodes it
 * ({@code attrib translate --words}): source pieces grouped into source words, output pieces into
 * output words.
 *
 * <pre>{@code
 * Options words = Options.of(Map.of("words", "true"));
 * Explanation<TranslationEncoding> e = new Explainer<>(tr, model)
 *     .explain("good morning ladies and gentlemen", ExplainSettings.defaults(tr).withOptions(words));
 * e.encoded().words().outputs().get(0).piece().text();  // "guten": ▁gute n, one row, that of ▁gute
 * e.rows().get(0).units().scores();                      // one score per source word, markers kept
 * }</pre>
 *
 * <p>A word is a piece and the pieces after it that {@link Piece#continuation() continue} it (how a
 * tokenizer marks that: {@link HuggingFaceTranslationTokenizer}); markers stay markers, and a word
 * tokenizer's pieces are words already, so grouping them changes nothing.
 *
 * <ul>
 *   <li>A <b>source word</b>'s score, in every row, is the sum of its pieces' scores (as the text
 *       modality's {@code words=true}), so each row still adds up to its completeness sum. The
 *       model's input stays in pieces: only the summary groups them.
 *   <li>An <b>output word</b> is explained at its first piece: its row is that piece's row (target,
 *       scores, explained score, completeness, steps), and the pieces after it are not attributed.
 *       The first piece is where the model chooses the word; the pieces after it spell it out or
 *       inflect it, and their attribution goes to the words that govern the inflection — in the
 *       demo, the {@code n} of {@code ▁gute n} is credited to "morning", whose gender asks for
 *       {@code guten}, not {@code gute}. Summing the rows mixed that agreement into the translation
 *       and made "morning" the top word of "guten". The cost: a word's later pieces are not in its
 *       row, so the rows add up to the first pieces' completeness, not to the whole output's (the
 *       piece view has every row). Its probability is the product of its pieces' probabilities,
 *       {@code p(word | prefix, source)}, so the sequence probability stays what it was; where the
 *       model itself would have chosen otherwise (forced decoding), {@link OutputPiece#best()} is
 *       its choice at the first piece where it differs.
 * </ul>
 *
 * <p>A word's {@link Piece#text()} is the text it covers (in the input, or in the output: {@code
 * guten}, not {@code ▁gute}), its {@link Piece#token()} the pieces' tokens joined by spaces ({@code
 * ▁gute n}), its {@link Piece#id()} the piece's id for a one-piece word and -1 otherwise.
 *
 * @param source the source words, markers included, in order
 * @param sourceWord for each source piece, the index of its word in {@code source}
 * @param outputs the output words, in order
 * @param outputWord for each output piece, the index of its word in {@code outputs}
 * @param firstPiece for each output word, the index of its first output piece: the one its row
 *     explains
 */
public record TranslationWords(
    List<Piece> source,
    List<Integer> sourceWord,
    List<OutputPiece> outputs,
    List<Integer> outputWord,
    List<Integer> firstPiece) {

  public TranslationWords {
    source = List.copyOf(source);
    sourceWord = List.copyOf(sourceWord);
    outputs = List.copyOf(outputs);
    outputWord = List.copyOf(outputWord);
    firstPiece = List.copyOf(firstPiece);
  }

  /**
   * The words of a translation: {@code source} are the source pieces (markers included) with
   * offsets in {@code input}, {@code outputs} the output pieces with offsets in {@code output};
   * {@code target} decodes the model's own choice where it differs from a forced word.
   */
  public static TranslationWords of(
      List<Piece> source,
      String input,
      List<OutputPiece> outputs,
      String output,
      TranslationTokenizer target) {
    List<Integer> srcWord = groups(source);
    List<Piece> srcWords = words(source, srcWord, input);
    List<Piece> outPieces = outputs.stream().map(OutputPiece::piece).toList();
    List<Integer> outWord = groups(outPieces);
    List<Piece> outWords = words(outPieces, outWord, output);
    List<OutputPiece> rows = new ArrayList<>(outWords.size());
    List<Integer> first = new ArrayList<>(outWords.size());
    for (int w = 0; w < outWords.size(); w++) {
      List<OutputPiece> parts = new ArrayList<>();
      for (int j = 0; j < outWord.size(); j++) {
        if (outWord.get(j) == w) {
          if (parts.isEmpty()) {
            first.add(j);
          }
          parts.add(outputs.get(j));
        }
      }
      rows.add(word(outWords.get(w), parts, target));
    }
    return new TranslationWords(srcWords, srcWord, rows, outWord, first);
  }

  /** Sums per-piece scores into per-word scores, in word order. */
  public double[] merge(double[] pieceScores) {
    double[] out = new double[source.size()];
    for (int i = 0; i < pieceScores.length; i++) {
      out[sourceWord.get(i)] += pieceScores[i];
    }
    return out;
  }

  /** For each piece, the index of the word it belongs to. */
  static List<Integer> groups(List<Piece> pieces) {
    List<Integer> out = new ArrayList<>(pieces.size());
    int word = -1;
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      boolean joins = i > 0 && p.continuation() && !p.special() && !pieces.get(i - 1).special();
      if (!joins) {
        word++;
      }
      out.add(word);
    }
    return out;
  }

  private static List<Piece> words(List<Piece> pieces, List<Integer> group, String text) {
    List<Piece> out = new ArrayList<>();
    int i = 0;
    while (i < pieces.size()) {
      int j = i;
      while (j + 1 < pieces.size() && group.get(j + 1).equals(group.get(i))) {
        j++;
      }
      Piece first = pieces.get(i);
      if (first.special()) {
        out.add(first.at(out.size()));
      } else {
        int start = Integer.MAX_VALUE;
        int end = -1;
        List<String> tokens = new ArrayList<>();
        for (int k = i; k <= j; k++) {
          Piece p = pieces.get(k);
          tokens.add(p.token());
          if (p.start() >= 0) {
            start = Math.min(start, p.start());
            end = Math.max(end, p.end());
          }
        }
        // A bare ▁ piece covers the space before its word; the word is what follows it.
        while (start < end && Character.isWhitespace(text.charAt(start))) {
          start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
          end--;
        }
        // A piece without offsets (none of the tokenizers here makes one) keeps its own text.
        boolean located = end >= 0 && start <= end;
        out.add(
            new Piece(
                out.size(),
                located && start < end ? text.substring(start, end) : first.text(),
                String.join(" ", tokens),
                i == j ? first.id() : -1,
                located ? start : first.start(),
                located ? end : first.end(),
                false));
      }
      i = j + 1;
    }
    return out;
  }

  /**
   * An output word from its pieces: probability the product, the model's choice where it differs
   * (as decoded text, as the word is: {@code abend}, not {@code ▁abend}).
   */
  private static OutputPiece word(
      Piece word, List<OutputPiece> parts, TranslationTokenizer target) {
    double probability = 1;
    OutputPiece differs = null;
    for (OutputPiece o : parts) {
      probability *= o.probability();
      if (differs == null && o.best().id() != o.piece().id()) {
        differs = o;
      }
    }
    Piece best = word;
    if (differs != null) {
      Piece b = differs.best();
      String text = target.decode(new int[] {b.id()}).strip();
      best = new Piece(word.index(), text.isEmpty() ? b.text() : text, b.token(), b.id(), -1, -1);
    }
    double bestProbability = differs == null ? probability : differs.bestProbability();
    return new OutputPiece(word, probability, best, bestProbability);
  }
}
