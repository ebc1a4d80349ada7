/**
 * Translation attribution: which source pieces produced each output piece of a sequence-to-sequence
 * model (Figure 5 of the Integrated Gradients paper), through the same {@link
 * dev.attrib.spi.Explainer} as every other modality.
 *
 * <pre>{@code
 * TranslationModality tr = new TranslationModality();
 * try (LoadedModel model = ModelLoader.load(dir, tr.manifestKeys(), Device.cpu())) {
 *   Explanation<TranslationEncoding> e = new Explainer<>(tr, model)
 *       .explain("good morning ladies and gentlemen", ExplainSettings.defaults(tr));
 *   System.out.print(new String(TranslationRenderers.plain(e, Options.NONE), StandardCharsets.UTF_8));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.attrib.text.translate.TranslationModality}: the {@code translation} modality:
 *       encoding (source pieces, and the translation decoded greedily or forced to a target text),
 *       one target per output piece (per output word with {@code words=true}), baselines {@code
 *       nmt}, {@code zero}, {@code pad}, renderers;
 *   <li>{@link dev.attrib.text.translate.TranslationDecoder}: greedy (beam 1) and forced decoding
 *       through the model's forward {@code (src_embeds [B,S,D], src_mask int64 [B,S], tgt_ids int64
 *       [B,T]) -> logits [B,T,V]}, the output text through the target tokenizer's decoder;
 *       translation without attribution, in batches;
 *   <li>{@link dev.attrib.text.translate.TranslationEncoding}, {@link
 *       dev.attrib.text.translate.OutputPiece}, {@link dev.attrib.text.translate.Piece}: the typed
 *       encoding (source pieces, output pieces with their probabilities and the model's own
 *       choices); the attributions are the explanation's rows, one per output piece;
 *   <li>{@link dev.attrib.text.translate.TranslationRenderers}: plain and ANSI matrices, the
 *       by-output view, HTML, JSON;
 *   <li>{@link dev.attrib.text.translate.TranslationFolder}: what the model folder provides
 *       (tokenizers, source embeddings, limits) and the decoding of output ids into text;
 *   <li>{@link dev.attrib.text.translate.TranslationTokenizer}: one side's tokenizer, named by the
 *       manifest's {@code tokenizer}: {@link
 *       dev.attrib.text.translate.HuggingFaceTranslationTokenizer} ({@code "huggingface"}: {@code
 *       tokenizer.json} files, SentencePiece/Unigram, BPE, WordPiece; the demo model's) or {@link
 *       dev.attrib.text.translate.WordVocabulary} ({@code "words"}: word lists);
 *   <li>{@link dev.attrib.text.translate.TranslationWords}: how pieces make words, for the option
 *       {@code words=true} ({@code attrib translate --words}): source words sum their pieces'
 *       scores, an output word is explained at its first piece.
 * </ul>
 */
package dev.attrib.text.translate;
