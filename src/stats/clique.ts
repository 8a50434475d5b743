/**
 * Maximum clique of a threshold graph (the paper's "red clique", Fig. 4a right): vertices are
 * benchmarks, an edge joins i and j when overlap(i, j) > threshold. Exact branch and bound with a
 * greedy-colouring bound (Tomita & Seki's MCQ ordering) over bitsets.
 */

/** A graph as adjacency bitsets: adj[i] has bit j set when i–j is an edge. */
export interface BitGraph {
  n: number;
  words: number;
  adj: Uint32Array[];
}

/**
 * Build the threshold graph of a symmetric matrix: edge i–j (i ≠ j) iff values[i*n+j] > threshold
 * (NaN is never an edge).
 *
 * @example
 *   thresholdGraph(Float64Array.of(1, 0.9, 0.9, 1), 2, 0.5).adj[0][0]  // 0b10
 */
export function thresholdGraph(values: ArrayLike<number>, n: number, threshold: number): BitGraph {
  const words = Math.max(1, Math.ceil(n / 32));
  const adj = Array.from({ length: n }, () => new Uint32Array(words));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (i !== j && values[i * n + j] > threshold) adj[i][j >>> 5] |= 1 << (j & 31);
  }
  return { n, words, adj };
}

function has(set: Uint32Array, j: number): boolean {
  return (set[j >>> 5] & (1 << (j & 31))) !== 0;
}

/**
 * One maximum clique (vertex indices, ascending). Among several maximum cliques the one returned is
 * fixed by the deterministic search order (vertices tried in decreasing-degree order, ties by index).
 *
 * Search: expand(R, P) colours P greedily (colour classes in a fixed vertex order); vertices are
 * tried from the highest colour down, and a branch is cut when |R| + colour(v) ≤ |best|.
 *
 * @example
 *   maximumClique(thresholdGraph(m.values, m.labels.length, 0.5))  // e.g. [0, 3, 7]
 */
export function maximumClique(g: BitGraph): number[] {
  const { n, words, adj } = g;
  if (n === 0) return [];
  const degree = adj.map((a) => a.reduce((s, w) => s + popcount(w), 0));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b] - degree[a] || a - b);
  let best: number[] = [];
  const R: number[] = [];

  const expand = (P: number[]): void => {
    // Greedy colouring of P in its current order.
    const sorted: number[] = [];
    const sortedCol: number[] = [];
    let remaining = P.slice();
    let colour = 0;
    while (remaining.length) {
      colour++;
      const classSet = new Uint32Array(words);
      const next: number[] = [];
      for (const v of remaining) {
        let conflict = false;
        for (let w = 0; w < words; w++) if (adj[v][w] & classSet[w]) { conflict = true; break; }
        if (conflict) next.push(v);
        else { classSet[v >>> 5] |= 1 << (v & 31); sorted.push(v); sortedCol.push(colour); }
      }
      remaining = next;
    }
    for (let k = sorted.length - 1; k >= 0; k--) {
      if (R.length + sortedCol[k] <= best.length) return;
      const v = sorted[k];
      R.push(v);
      const newP: number[] = [];
      for (let t = 0; t < k; t++) if (has(adj[v], sorted[t])) newP.push(sorted[t]);
      if (newP.length === 0) {
        if (R.length > best.length) best = R.slice();
      } else expand(newP);
      R.pop();
    }
  };
  expand(order);
  return best.sort((a, b) => a - b);
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Maximum clique of the overlap graph of a labelled square matrix, as labels.
 *
 * @example
 *   maxCliqueLabels({ labels: ["a", "b"], values: Float64Array.of(1, 0.8, 0.8, 1) }, 0.5)  // ["a", "b"]
 */
export function maxCliqueLabels(m: { labels: string[]; values: ArrayLike<number> }, threshold: number, subset?: number[]): string[] {
  const idx = subset ?? m.labels.map((_, i) => i);
  const n = m.labels.length, k = idx.length;
  const sub = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sub[a * k + b] = m.values[idx[a] * n + idx[b]];
  return maximumClique(thresholdGraph(sub, k, threshold)).map((i) => m.labels[idx[i]]);
}
