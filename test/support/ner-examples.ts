/** Short sentences with person and location names, as (text, [[name, type]…]): the NER few-shot and fine-tuning tests' examples. */
export const NAME_SENTENCES: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    'John Smith flew to Paris on Monday.',
    [
      ['John Smith', 'person'],
      ['Paris', 'location'],
    ],
  ],
  [
    'Mary Jones met officials in Berlin.',
    [
      ['Mary Jones', 'person'],
      ['Berlin', 'location'],
    ],
  ],
  [
    'Peter Brown left London for Rome.',
    [
      ['Peter Brown', 'person'],
      ['London', 'location'],
      ['Rome', 'location'],
    ],
  ],
  [
    'Anna Lee was born in Madrid.',
    [
      ['Anna Lee', 'person'],
      ['Madrid', 'location'],
    ],
  ],
  [
    'David King visited Tokyo and Seoul.',
    [
      ['David King', 'person'],
      ['Tokyo', 'location'],
      ['Seoul', 'location'],
    ],
  ],
  [
    'Sarah Hill moved to Chicago.',
    [
      ['Sarah Hill', 'person'],
      ['Chicago', 'location'],
    ],
  ],
];

/** NER examples with character offsets (each name's first occurrence in its sentence). */
export function nerExamplesOf(sentences: readonly (readonly [string, readonly (readonly [string, string])[]])[]) {
  return sentences.map(([text, ents]) => ({
    text,
    entities: ents.map(([s, type]) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, type })),
  }));
}
