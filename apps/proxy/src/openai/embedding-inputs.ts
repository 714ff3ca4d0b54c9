import { ProxyHttpError } from '../edge/proxy-http-error';

/** `/v1/embeddings` input in any of OpenAI's forms. */
export type EmbeddingInput = string | string[] | number[] | number[][];

/**
 * The texts AutoSkill's own embedding model embeds for an input, and the token count reported.
 * Token arrays carry ids of the client's tokenizer, which AutoSkill does not have: the offline
 * `hashing` embedder embeds each array as the text of its ids ("15339 1917"), a bag of tokens —
 * stable, and close for arrays sharing tokens, but comparable only with other token arrays, not
 * with texts. Other models would embed digits as words, so they refuse token arrays (400);
 * `--embeddings-source upstream` sends them to an OpenAI-compatible upstream as they are.
 * See docs/decisions/2026-12-02-embedding-token-arrays.md.
 */
export function embeddingTexts(
  input: EmbeddingInput,
  provider: string,
): { texts: string[]; tokens: number } {
  if (typeof input === 'string') return { texts: [input], tokens: countWords([input]) };
  if (input.every((entry) => typeof entry === 'string'))
    return { texts: input as string[], tokens: countWords(input as string[]) };
  const arrays = (
    input.every((entry) => typeof entry === 'number') ? [input] : input
  ) as number[][];
  if (provider !== 'hashing')
    throw new ProxyHttpError(
      400,
      `Token-array inputs cannot be embedded by this proxy's embedding model (${provider}): send texts, or start the proxy with --embeddings-source upstream to pass them to an OpenAI-compatible upstream.`,
      'unsupported',
      'invalid_request_error',
      'input',
    );
  return {
    texts: arrays.map((ids) => ids.join(' ')),
    tokens: arrays.reduce((total, ids) => total + ids.length, 0),
  };
}

function countWords(texts: string[]): number {
  return texts.reduce((total, text) => total + text.split(/\s+/).filter(Boolean).length, 0);
}
