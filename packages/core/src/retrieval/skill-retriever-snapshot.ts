import { InvalidArgumentError } from '../errors/errors';
import type { SkillScope } from '../skill/skill';
import type { KeywordIndexSnapshot } from './keyword-index-snapshot';

/** Version of `SkillRetrieverSnapshot`; another version is rejected (rebuild instead). */
export const SKILL_RETRIEVER_SNAPSHOT_FORMAT = 1;

/**
 * What a retriever knows beside its vectors, as plain columns: the keyword index plus each
 * skill's scope, owner, keyword-field hash and phrase bigrams. Saved by the SDK next to the store
 * so opening a large store does not tokenize every skill again. Vectors live in the vector index.
 */
export interface SkillRetrieverSnapshot {
  format: typeof SKILL_RETRIEVER_SNAPSHOT_FORMAT;
  keyword: KeywordIndexSnapshot;
  ids: string[];
  /** 0 = user, 1 = common, per id. */
  scopes: Uint8Array;
  owners: string[];
  keywordHashes: string[];
  /** Phrase bigrams per id, joined with `\n` (split again only for search candidates). */
  phrases: string[];
}

/** Where a skill lives and what the retriever remembers of its text. */
export interface SkillLocation {
  scope: SkillScope;
  owner: string;
  /** Hash of the keyword fields, to skip re-indexing unchanged skills. */
  keywordHash: string;
  /** Word bigrams of name, title, description and tags; a `\n`-joined string until first used. */
  phrases: Set<string> | string;
}

/** The locations of a snapshot (owner strings shared). Throws InvalidArgumentError when malformed. */
export function restoreLocations(snapshot: SkillRetrieverSnapshot): Map<string, SkillLocation> {
  const count = snapshot?.ids?.length;
  if (
    !snapshot ||
    snapshot.format !== SKILL_RETRIEVER_SNAPSHOT_FORMAT ||
    !Array.isArray(snapshot.ids) ||
    !(snapshot.scopes instanceof Uint8Array) ||
    snapshot.scopes.length !== count ||
    snapshot.owners?.length !== count ||
    snapshot.keywordHashes?.length !== count ||
    snapshot.phrases?.length !== count
  ) {
    throw new InvalidArgumentError(
      'snapshot',
      `expected a skill retriever snapshot of format ${SKILL_RETRIEVER_SNAPSHOT_FORMAT}`,
    );
  }
  const owners = new Map<string, string>();
  const locations = new Map<string, SkillLocation>();
  for (const [position, id] of snapshot.ids.entries()) {
    const owner = snapshot.owners[position]!;
    if (!owners.has(owner)) owners.set(owner, owner);
    locations.set(id, {
      scope: snapshot.scopes[position] === 1 ? 'common' : 'user',
      owner: owners.get(owner)!,
      keywordHash: snapshot.keywordHashes[position]!,
      phrases: snapshot.phrases[position]!,
    });
  }
  return locations;
}

/** A skill's phrase bigrams as a set (parsed once from a restored string). */
export function phrasesOf(location: SkillLocation | undefined): ReadonlySet<string> {
  if (!location) return new Set();
  if (typeof location.phrases === 'string')
    location.phrases = new Set(location.phrases === '' ? [] : location.phrases.split('\n'));
  return location.phrases;
}

/** The snapshot of a retriever's locations and keyword index. */
export function buildRetrieverSnapshot(
  locations: ReadonlyMap<string, SkillLocation>,
  keyword: KeywordIndexSnapshot,
): SkillRetrieverSnapshot {
  const ids = [...locations.keys()];
  const scopes = new Uint8Array(ids.length);
  const owners: string[] = [];
  const keywordHashes: string[] = [];
  const phrases: string[] = [];
  for (const [position, location] of [...locations.values()].entries()) {
    scopes[position] = location.scope === 'common' ? 1 : 0;
    owners.push(location.owner);
    keywordHashes.push(location.keywordHash);
    phrases.push(
      typeof location.phrases === 'string' ? location.phrases : [...location.phrases].join('\n'),
    );
  }
  return {
    format: SKILL_RETRIEVER_SNAPSHOT_FORMAT,
    keyword,
    ids,
    scopes,
    owners,
    keywordHashes,
    phrases,
  };
}
