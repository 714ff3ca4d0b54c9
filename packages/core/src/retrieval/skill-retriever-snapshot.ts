import { InvalidArgumentError } from '../errors/errors';
import type { SkillScope } from '../skill/skill';
import type { KeywordIndexSnapshot } from './keyword-index-snapshot';

/**
 * Version of `SkillRetrieverSnapshot`; another version is rejected (rebuild instead).
 * 2: phrases packed into one UTF-8 block, decoded per skill when it is a search candidate.
 */
export const SKILL_RETRIEVER_SNAPSHOT_FORMAT = 2;

/** Strings packed into one UTF-8 block: string `i` is `bytes[ends[i − 1] … ends[i]]`. */
export interface PackedStrings {
  bytes: Uint8Array;
  ends: Uint32Array;
}

/** A restored skill's phrases, still packed (most skills are never a search candidate). */
export class PackedPhrases {
  constructor(
    readonly packed: PackedStrings,
    readonly at: number,
  ) {}

  bytes(): Uint8Array {
    const { bytes, ends } = this.packed;
    return bytes.subarray(this.at === 0 ? 0 : ends[this.at - 1], ends[this.at]);
  }
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

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
  /** Phrase bigrams per id, joined with `\n` (decoded and split only for search candidates). */
  phrases: PackedStrings;
}

/** Where a skill lives and what the retriever remembers of its text. */
export interface SkillLocation {
  scope: SkillScope;
  owner: string;
  /** Hash of the keyword fields, to skip re-indexing unchanged skills. */
  keywordHash: string;
  /** Word bigrams of name, title, description and tags; `\n`-joined or packed until first used. */
  phrases: Set<string> | string | PackedPhrases;
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
    !(snapshot.phrases?.bytes instanceof Uint8Array) ||
    !(snapshot.phrases.ends instanceof Uint32Array) ||
    snapshot.phrases.ends.length !== count ||
    (count > 0 && snapshot.phrases.ends[count - 1] !== snapshot.phrases.bytes.length)
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
      phrases: new PackedPhrases(snapshot.phrases, position),
    });
  }
  return locations;
}

/** A skill's phrase bigrams as a set (parsed once from a restored string). */
export function phrasesOf(location: SkillLocation | undefined): ReadonlySet<string> {
  if (!location) return new Set();
  let { phrases } = location;
  if (phrases instanceof PackedPhrases) phrases = utf8Decoder.decode(phrases.bytes());
  if (typeof phrases === 'string') phrases = new Set(phrases === '' ? [] : phrases.split('\n'));
  location.phrases = phrases;
  return phrases;
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
  const phrases = new PackedStringsBuilder(ids.length);
  for (const [position, location] of [...locations.values()].entries()) {
    scopes[position] = location.scope === 'common' ? 1 : 0;
    owners.push(location.owner);
    keywordHashes.push(location.keywordHash);
    const text = location.phrases;
    if (text instanceof PackedPhrases) phrases.addBytes(text.bytes());
    else phrases.addText(typeof text === 'string' ? text : [...text].join('\n'));
  }
  return {
    format: SKILL_RETRIEVER_SNAPSHOT_FORMAT,
    keyword,
    ids,
    scopes,
    owners,
    keywordHashes,
    phrases: phrases.done(),
  };
}

/** Packs strings one after another into a growing UTF-8 block. */
class PackedStringsBuilder {
  #bytes = new Uint8Array(1024);
  #length = 0;
  readonly #ends: Uint32Array;
  #count = 0;

  constructor(count: number) {
    this.#ends = new Uint32Array(count);
  }

  addText(text: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.#reserve(text.length * 3);
    this.#length += utf8Encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
    this.#ends[this.#count++] = this.#length;
  }

  addBytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
    this.#ends[this.#count++] = this.#length;
  }

  done(): PackedStrings {
    return { bytes: this.#bytes.slice(0, this.#length), ends: this.#ends };
  }

  #reserve(more: number): void {
    if (this.#length + more <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + more));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
