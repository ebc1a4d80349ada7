package dev.attrib.text.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * A translation in words instead of word pieces: source pieces merged into source words, output
 * pieces into output words, every sum kept.
 *
 * <pre>{@code
 * Translation t = explainer.explain("good morning ladies and gentlemen", settings);
 * Translation w = TranslationWords.merge(t);   // ▁gute n → "guten": one row, that of ▁gute
 * w.outputs().get(0).argMax();                  // index of the top source word of "guten"
 * }</pre>
 *
 * <p>A word is a piece and the pieces after it that {@link Piece#continuation() continue} it (how a
 * tokenizer marks that: {@link HuggingFaceTranslationTokenizer}); markers stay markers, and a word
 * tokenizer's pieces are words already, so merging them changes nothing.
 *
 * <ul>
 *   <li>A <b>source word</b>'s score, in every row, is the sum of its pieces' scores (as the text
 *       modality's {@code words=true}), so each row still adds up to its completeness sum.
 *   <li>An <b>output word</b>'s row is the row of its first piece: its scores (source words merged
 *       as above), explained score, completeness and steps. The first piece is where the model
 *       chooses the word; the pieces after it spell it out or inflect it, and their attribution
 *       goes to the words that govern the inflection — in the demo, the {@code n} of {@code gute n}
 *       is credited to "morning", whose gender asks for {@code guten}, not {@code gute}. Summing
 *       the rows mixed that agreement into the translation and made "morning" the top word of
 *       "guten". The cost: a word's later pieces are not in its row, so the merged matrix adds up
 *       to the first pieces' completeness, not to the whole output's (the piece view has every
 *       row). Its probability is the product of its pieces' probabilities, {@code p(word | prefix,
 *       source)}, so the sequence probability stays what it was; where the model itself would have
 *       chosen otherwise (forced decoding), {@link OutputPiece#best()} is its choice at the first
 *       piece where it differs.
 * </ul>
 *
 * <p>A word's {@link Piece#text()} is the text it covers (in the input, or in the output: {@code
 * guten}, not {@code ▁gute}), its {@link Piece#token()} the pieces' tokens joined by spaces ({@code
 * ▁gute n}), its {@link Piece#id()} the piece's id for a one-piece word and -1 otherwise.
 */
public final class TranslationWords {
  private TranslationWords() {}

  /** The word-level translation of {@code t}. */
  public static Translation merge(Translation t) {
    int[] srcWord = groups(t.source());
    List<Piece> source = words(t.source(), srcWord, t.input());
    List<Piece> outPieces = t.outputs().stream().map(OutputPiece::piece).toList();
    int[] outWord = groups(outPieces);
    List<Piece> outWords = words(outPieces, outWord, t.output());
    List<OutputPiece> rows = new ArrayList<>(outWords.size());
    for (int w = 0; w < outWords.size(); w++) {
      List<OutputPiece> parts = new ArrayList<>();
      for (int j = 0; j < outWord.length; j++) {
        if (outWord[j] == w) {
          parts.add(t.outputs().get(j));
        }
      }
      rows.add(row(outWords.get(w), parts, srcWord, source.size()));
    }
    return new Translation(
        t.model(),
        t.input(),
        t.output(),
        t.forced(),
        t.method(),
        t.baseline(),
        t.on(),
        source,
        rows,
        t.endProbability());
  }

  /** For each piece, the index of the word it belongs to. */
  public static int[] groups(List<Piece> pieces) {
    int[] out = new int[pieces.size()];
    int word = -1;
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      boolean joins = i > 0 && p.continuation() && !p.special() && !pieces.get(i - 1).special();
      if (!joins) {
        word++;
      }
      out[i] = word;
    }
    return out;
  }

  private static List<Piece> words(List<Piece> pieces, int[] group, String text) {
    List<Piece> out = new ArrayList<>();
    int i = 0;
    while (i < pieces.size()) {
      int j = i;
      while (j + 1 < pieces.size() && group[j + 1] == group[i]) {
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

  private static OutputPiece row(Piece word, List<OutputPiece> parts, int[] srcWord, int words) {
    OutputPiece first = parts.get(0);
    double probability = 1;
    OutputPiece differs = null;
    for (OutputPiece o : parts) {
      probability *= o.probability();
      if (differs == null && o.best().id() != o.piece().id()) {
        differs = o;
      }
    }
    double[] scores = new double[words];
    for (int i = 0; i < srcWord.length; i++) {
      scores[srcWord[i]] += first.score(i);
    }
    Piece best = differs == null ? word : differs.best().at(word.index());
    double bestProbability = differs == null ? probability : differs.bestProbability();
    return new OutputPiece(
        word,
        probability,
        best,
        bestProbability,
        first.score(),
        scores,
        first.completeness(),
        first.settings());
  }
}
