/**
 * Translation attribution: which source pieces produced each output piece of a sequence-to-sequence
 * model (Figure 5 of the Integrated Gradients paper).
 *
 * <pre>{@code
 * try (LoadedModel model = ModelLoader.load(dir, TranslationFolder.KEYS, Device.cpu())) {
 *   TranslationExplainer ex = new TranslationExplainer(model);
 *   Translation t = ex.explain("good morning ladies and gentlemen", TranslationExplainer.defaultSettings());
 *   System.out.print(new String(TranslationRenderers.plain(t, Options.NONE), StandardCharsets.UTF_8));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.attrib.text.translate.TranslationExplainer}: greedy (beam 1) or forced decoding
 *       through the model's forward {@code (src_embeds [B,S,D], src_mask int64 [B,S], tgt_ids int64
 *       [B,T]) -> logits [B,T,V]}, then IG per output piece in the core's adaptive mode; batches;
 *   <li>{@link dev.attrib.text.translate.Translation}, {@link
 *       dev.attrib.text.translate.OutputPiece}, {@link dev.attrib.text.translate.Piece}: the
 *       results as plain records (the matrix, per-row completeness and steps);
 *   <li>{@link dev.attrib.text.translate.TranslationRenderers}: plain and ANSI matrices, the
 *       by-output view, HTML, JSON;
 *   <li>{@link dev.attrib.text.translate.TranslationModality}: the {@code translation} modality
 *       (manifest keys, baselines {@code nmt}, {@code zero}, {@code pad}, renderers);
 *   <li>{@link dev.attrib.text.translate.TranslationTokenizer}: one side's tokenizer, named by the
 *       manifest's {@code tokenizer}: {@link
 *       dev.attrib.text.translate.HuggingFaceTranslationTokenizer} ({@code "huggingface"}: {@code
 *       tokenizer.json} files, SentencePiece/Unigram, BPE, WordPiece; the demo model's) or {@link
 *       dev.attrib.text.translate.WordVocabulary} ({@code "words"}: word lists);
 *   <li>{@link dev.attrib.text.translate.TranslationWords}: a translation in words instead of word
 *       pieces ({@code attrib translate --words}).
 * </ul>
 */
package dev.attrib.text.translate;
