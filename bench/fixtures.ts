/** Inputs the benchmark uses: fixed, so runs compare. */
export const SENTENCES = [
  'I really like the film a lot.',
  'this movie makes me very disgusting.',
  'The acting was wooden and the plot made no sense at all.',
  'A charming, funny and beautifully shot story about growing up.',
  'The service was slow but the food was worth the wait.',
  'I would not recommend this product to anyone.',
  'Stocks rallied after the central bank held interest rates steady.',
  'The team won the championship after a dramatic overtime goal.',
];

/** 20–30-word sentences with several capitalized candidate spans each. */
export const NER_SENTENCES = [
  'John Smith flew from London to New York on Monday to meet executives of General Motors and the United Nations before returning home to Paris.',
  'After the match in Madrid, coach Carlo Ancelotti said Real Madrid would sign a striker from Brazil before the Champions League final in Berlin next June.',
  'Microsoft and Google announced on Tuesday that their researchers in Seattle and Zurich will work with Stanford University on a new project funded by the European Union.',
];

/** A text with more than 64 candidate spans (for the memory bound of a 64-span batch). */
export const MANY_SPANS =
  'Alice Baker, Carl Dover, Ellen Fisher, Greg Hall, Irene Jones, Kevin Lee, Maria Nunez, Oscar Price, Quinn Reed, Sara Tate, ' +
  'Uma Vance, Walt Xu, Yara Zeller, Adam Brooks, Bella Cruz, Dan Evans, Fay Grant, Hugo Ivers, Jade King, Liam Moss and Nora Owens visited Rome.';

export const SENTIMENT = {
  template: '{text} It was [MASK].',
  verbalizer: { positive: ['great', 'good', 'amazing', 'wonderful', 'excellent'], negative: ['terrible', 'bad', 'awful', 'horrible', 'boring'] },
};
