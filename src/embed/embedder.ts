/**
 * Pluggable embedders for the semantic overlap. The overlap embeds *concatenations* of questions
 * (joined with `CONCAT_SEPARATOR`) truncated to the encoder's maximum length, so the interface works on
 * prepared question lists and index sequences: an embedder may compute the embedding of a concatenation
 * from per-question pieces (LSA does) as long as the result equals embedding the joined string.
 */
import { addProjection, lsaTokenIds, type LsaModel } from "./lsa";

/** String placed between concatenated questions. */
export const CONCAT_SEPARATOR = "\n\n";

/** What an embedder is, for provenance: every semantic result names its embedder. */
export interface EmbedderInfo {
  /** Short name, e.g. "tfidf-lsa" or "transformers:all-mpnet-base-v2". */
  name: string;
  /** Embedding dimension. */
  dim: number;
  /** Truncation length and the unit it is counted in. */
  maxTokens: number;
  tokenUnit: string;
  /** Anything else needed to reproduce it. */
  params: Record<string, unknown>;
}

/** Questions prepared for one embedder (opaque to callers except for the token counts). */
export interface PreparedQuestions {
  /** Number of the embedder's tokens in each question (used to stop drawing once the window is full). */
  tokenCounts: Int32Array;
  /** Questions as given. */
  texts: string[];
}

/** An embedder of truncated question concatenations. */
export interface ConcatEmbedder {
  info: EmbedderInfo;
  /** Token budget of a concatenation (maxTokens minus special tokens). */
  budget: number;
  prepare(questions: string[]): Promise<PreparedQuestions>;
  /** Embeddings of the concatenations texts[order[0]] + SEP + texts[order[1]] + …, each truncated to the budget. */
  embedConcats(prep: PreparedQuestions, orders: ArrayLike<number>[]): Promise<Float64Array[]>;
}

interface LsaPrepared extends PreparedQuestions {
  ids: Int32Array[];
  full: Float64Array[];
}

/**
 * The offline default embedder: TF-IDF + LSA (see `fitLsa`). A concatenation's embedding is the sum of
 * whole-question projections plus the projection of the first tokens of the question cut by the
 * truncation, which equals `lsaEmbed(model, joined, maxTokens)` exactly (the separator holds no token
 * characters, so tokens never merge across questions).
 *
 * @example
 *   const emb = lsaConcatEmbedder(fitLsa(allQuestions), { maxTokens: 384 });
 */
export function lsaConcatEmbedder(model: LsaModel, opts: { maxTokens?: number } = {}): ConcatEmbedder {
  const maxTokens = opts.maxTokens ?? 384;
  return {
    info: {
      name: "tfidf-lsa",
      dim: model.dim,
      maxTokens,
      tokenUnit: "word tokens (/[\\p{L}\\p{N}]+/u, lowercase; out-of-vocabulary tokens count toward truncation)",
      params: { ...model.params, idf: "ln((1+N)/(1+df))+1", tf: "raw counts", svdInput: "tf-idf rows, unit L2 norm" },
    },
    budget: maxTokens,
    async prepare(questions: string[]): Promise<LsaPrepared> {
      const ids = questions.map((q) => lsaTokenIds(model, q));
      const full = ids.map((a) => {
        const out = new Float64Array(model.dim);
        addProjection(model, a, 0, a.length, out);
        return out;
      });
      return { texts: questions, tokenCounts: Int32Array.from(ids, (a) => a.length), ids, full };
    },
    async embedConcats(prep: PreparedQuestions, orders: ArrayLike<number>[]): Promise<Float64Array[]> {
      const p = prep as LsaPrepared;
      return orders.map((order) => lsaConcat(model, p, order, maxTokens));
    },
  };
}

function lsaConcat(model: LsaModel, p: LsaPrepared, order: ArrayLike<number>, maxTokens: number): Float64Array {
  const out = new Float64Array(model.dim);
  let left = maxTokens;
  for (let r = 0; r < order.length && left > 0; r++) {
    const q = order[r];
    const len = p.ids[q].length;
    if (len <= left) {
      const f = p.full[q];
      for (let c = 0; c < out.length; c++) out[c] += f[c];
      left -= len;
    } else {
      addProjection(model, p.ids[q], 0, left, out);
      left = 0;
    }
  }
  return out;
}

/**
 * Cosine similarity of two vectors (NaN when either has zero norm).
 *
 * cos(a, b) = a·b / (‖a‖ ‖b‖)
 *
 * @example
 *   cosine(Float64Array.of(1, 0), Float64Array.of(1, 1))  // 0.7071...
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  if (aa === 0 || bb === 0) return NaN;
  return ab / Math.sqrt(aa * bb);
}
