import { featureHash } from '../embeddings/feature-hash';
import { fnv1aHex } from '../identity/identity';

/** A 64-bit content hash (two independent 32-bit hashes) as 16 hex chars. Not cryptographic. */
export function contentHash(text: string): string {
  return fnv1aHex(text) + featureHash(text, 0x9747b28c).toString(16).padStart(8, '0');
}
