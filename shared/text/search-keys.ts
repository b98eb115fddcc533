/**
 * Search keys for Arabic words written with the definite article and its proclitics.
 *
 * Arabic attaches the article and some prepositions to the word: a clerk who types `وزارة` expects to
 * find `الوزارة`, `بالوزارة` and `للوزارة`. Full stemming would hurt precision on names and numbers,
 * so only the article forms are handled (light stemming, as in the common Arabic light stemmers):
 * `ال`, `وال`, `بال`, `كال`, `فال`, `لل`, when at least three letters remain.
 *
 * Both functions take text already normalised by shared/text/normalise.ts.
 */

const ARTICLE = /^(?:وال|بال|كال|فال|لل|ال)(?=\p{L}{3})/u;

/**
 * @param word one normalised word.
 * @returns the word without its article prefix, or null when it has none (or too little would remain).
 */
export function withoutArticle(word: string): string | null {
  const m = ARTICLE.exec(word);
  return m === null ? null : word.slice(m[0].length);
}

/**
 * The text to index for a normalised field: the text itself, followed by the article-less form of
 * every word that has one (each form once), so that both `الوزاره` and `وزاره` find the field.
 * @param normalised normalised text.
 * @returns `normalised`, or `normalised` + ' ' + the extra forms.
 */
export function indexKeys(normalised: string): string {
  const extra = new Set<string>();
  for (const word of normalised.split(' ')) {
    const bare = withoutArticle(word);
    if (bare !== null) extra.add(bare);
  }
  return extra.size === 0 ? normalised : `${normalised} ${[...extra].join(' ')}`;
}

/**
 * The form of a query word to look up: without its article, since {@link indexKeys} indexes that
 * form for every word written with one, and the bare word itself is indexed as written.
 */
export function queryKey(word: string): string {
  return withoutArticle(word) ?? word;
}
