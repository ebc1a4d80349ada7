package dev.attrib.text;

import dev.attrib.model.LoadedModel;
import dev.attrib.spi.AttribException;
import dev.attrib.spi.ModelCheck;
import dev.attrib.spi.Tensor;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.WeakHashMap;

/**
 * What the text modality needs from one model folder, built once per {@link LoadedModel}: the
 * checked text manifest, the tokenizer, a copy of the embedding matrix, the pad/mask/unknown ids
 * and the per-dimension range of the embeddings.
 *
 * <p>Cached per loaded model (weakly, so it goes when the model does) because copying a real
 * embedding matrix (30k x 768 floats for BERT-base) for every input would dominate a run.
 */
final class TextResources {
  private static final Map<LoadedModel, TextResources> CACHE = new WeakHashMap<>();

  final TextManifest manifest;
  final TextTokenizer tokenizer;
  final float[] embedding;
  final int rows;
  final int dim;
  final OptionalLong pad;
  final OptionalLong mask;
  final OptionalLong unk;
  final float[] low;
  final float[] high;
  final int maxLength;
  final String modelName;

  private TextResources(LoadedModel model) {
    this.modelName = model.manifest().dir().toString();
    this.manifest = TextManifest.of(model.manifest());
    this.tokenizer =
        manifest.lucene()
            ? new LuceneTextTokenizer(
                manifest.dir().resolve(manifest.vocab()),
                LuceneTextTokenizer.stopwords(manifest.stopwords(), manifest.dir()),
                manifest.unkToken())
            : new HuggingFaceTextTokenizer(manifest.dir().resolve(manifest.tokenizer()));
    ModelCheck missing = TextChecks.embeddingExists(model, manifest.embedding());
    if (missing != null) {
      // The doctor's line: it names the embedding-like parameters, not all of them.
      throw new AttribException(missing.message());
    }
    Tensor e = model.parameter(manifest.embedding());
    long[] shape = e.shape();
    if (shape.length != 2) {
      throw new AttribException(
          model.manifest().file()
              + ": embedding parameter '"
              + manifest.embedding()
              + "' must be a [vocabulary, dimension] matrix but has shape "
              + java.util.Arrays.toString(shape));
    }
    this.rows = Math.toIntExact(shape[0]);
    this.dim = Math.toIntExact(shape[1]);
    this.embedding = e.floats();
    long maxId = tokenizer.vocabulary().maxId();
    if (maxId >= rows) {
      throw new AttribException(
          model.manifest().file()
              + ": the tokenizer's vocabulary has ids up to "
              + maxId
              + " but embedding '"
              + manifest.embedding()
              + "' has only "
              + rows
              + " rows: tokenizer and model do not belong together");
    }
    Vocabulary v = tokenizer.vocabulary();
    this.pad = lookup(v, manifest.padToken(), List.of("[PAD]", "<pad>"), "padToken", model);
    this.mask = lookup(v, manifest.maskToken(), List.of("[MASK]", "<mask>"), "maskToken", model);
    this.unk = lookup(v, manifest.unkToken(), List.of("[UNK]", "<unk>"), "unkToken", model);
    this.low = new float[dim];
    this.high = new float[dim];
    java.util.Arrays.fill(low, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(high, Float.NEGATIVE_INFINITY);
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < dim; d++) {
        float x = embedding[r * dim + d];
        low[d] = Math.min(low[d], x);
        high[d] = Math.max(high[d], x);
      }
    }
    this.maxLength = manifest.maxLength() > 0 ? manifest.maxLength() : tokenizer.ownMaxLength();
  }

  /** The resources for {@code model}, built on first use. */
  static TextResources of(LoadedModel model) {
    synchronized (CACHE) {
      TextResources r = CACHE.get(model);
      if (r == null) {
        r = new TextResources(model);
        CACHE.put(model, r);
      }
      return r;
    }
  }

  /** Writes embedding row {@code id} into {@code out} at row {@code at}. */
  void copyRow(long id, float[] out, int at) {
    System.arraycopy(embedding, Math.toIntExact(id) * dim, out, at * dim, dim);
  }

  /** The id of a token the manifest must provide for {@code what}, or a clear error. */
  long require(OptionalLong id, String what, String key, List<String> lookedFor) {
    if (id.isPresent()) {
      return id.getAsLong();
    }
    throw new AttribException(
        modelName
            + ": the "
            + what
            + " needs a "
            + key.replace("Token", "")
            + " token, and the vocabulary has none of "
            + String.join(", ", lookedFor)
            + "; name it with '"
            + key
            + "' in attrib.json");
  }

  private static OptionalLong lookup(
      Vocabulary v, String named, List<String> defaults, String key, LoadedModel model) {
    if (named == null) {
      return v.first(defaults);
    }
    OptionalLong id = v.id(named);
    if (id.isEmpty()) {
      throw new AttribException(
          model.manifest().file()
              + ": '"
              + key
              + "' names token '"
              + named
              + "', which is not in the tokenizer's vocabulary");
    }
    return id;
  }
}
