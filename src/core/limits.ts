/**
 * Limits on anything a request or a config can make the engine do. The one place for each
 * number: the HTTP request schemas, the CLI, the webhooks and /openapi.json derive from it.
 */
export const LIMITS = {
  /** Characters of one input text (`text`, each of `texts`, an evaluate row). */
  textChars: 5_000,
  /** Texts in one classify request (`texts`); each costs one prompt row per label-word length. */
  classifyTexts: 64,
  /** Texts in one NER request (`texts`); each costs up to `max_spans` prompt rows. */
  nerTexts: 16,
  /** Labelled rows in one evaluate request, classify and NER. */
  evalRows: 64,
  evalNerRows: 16,
  /** fill-mask `top_k` and `targets`; classify `explain` (top mask predictions returned). */
  topK: 100,
  targets: 100,
  explain: 50,
  templateChars: 1_000,
  /** Extra templates of a classify ensemble (each adds a prompt row per text). */
  extraTemplates: 3,
  labels: 50,
  /** Characters of a label (class or entity type) name. */
  labelChars: 64,
  wordsPerLabel: 50,
  wordChars: 50,
  maxSpanWords: 8,
  maxSpans: 256,
  /**
   * Per-request budget of model work: prompt rows (one per text, or per NER span, times each
   * distinct label-word length) and the tokens of those rows. Beyond it: 413
   * `request_budget_exceeded`, naming the limit, before any model work.
   */
  promptRows: 512,
  promptTokens: 32_768,
  /** Rows scored per model call; their vocabulary logits are dropped before the next call. */
  scoreChunkRows: 64,
  /** Longest non-text slot value (an NER span) in tokens; longer ones are shortened. */
  slotTokens: 32,
} as const;

/** Bounds on labelled examples a config may carry (the fit step runs them all through the model). */
export const EXAMPLE_LIMITS = {
  classify: 256,
  ner: 64,
  textChars: 2_000,
  entitiesPerText: 64,
} as const;
