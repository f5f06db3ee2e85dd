import type { Word } from './words.js';

/** English function words: a span never starts or ends with one (when trimming is on). */
const STOPWORDS = new Set(
  (
    'a an the and or but nor of in on at to for from by with about into over after before under between ' +
    'is are was were be been being am do does did have has had i you he she it we they me him her us them ' +
    'my your his its our their this that these those there here what which who whom whose when where why how ' +
    'not no yes all any some each every both either neither as if then than so too very can could will would ' +
    'shall should may might must also just only up down out off again further once more most other such own same'
  ).split(' '),
);

export const isStopword = (w: Word): boolean => STOPWORDS.has(w.text.toLowerCase());
