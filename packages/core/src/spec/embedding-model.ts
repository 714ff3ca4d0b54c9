/**
 * An embedding model. Providers implement `doEmbed`; callers use `embedMany()` from
 * `@autoskill/core`, which batches by `maxEmbeddingsPerCall` and passes the abort signal.
 */
export interface EmbeddingModel {
  readonly specificationVersion: 'v1';
  /** Vendor id, e.g. `hashing`, `openai`, `dashscope`. */
  readonly provider: string;
  readonly modelId: string;
  /** Output dimensions when known up front (hashing: always). */
  readonly dimensions: number | undefined;
  /** Largest batch one `doEmbed` call accepts. */
  readonly maxEmbeddingsPerCall: number;
  doEmbed(options: EmbeddingModelCallOptions): Promise<EmbeddingModelResult>;
}

export interface EmbeddingModelCallOptions {
  values: string[];
  abortSignal?: AbortSignal;
}

export interface EmbeddingModelResult {
  /** One vector per input value, in input order. */
  embeddings: Float32Array[];
  usage?: { tokens: number };
}

/** Identifies the vector space a model produces. Indexes are keyed by it so models never mix. */
export interface EmbeddingSignature {
  provider: string;
  modelId: string;
  dimensions: number;
}
