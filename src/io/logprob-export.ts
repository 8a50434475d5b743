import { writeFileAtomic } from "../core/atomic";
import type { LogprobTable } from "./logprob-table";

/**
 * Export a log-prob table as Parquet (hyparquet-writer): columns `piece` (string), `nll_sum`, `nll_last`
 * (float, NaN = missing), `n_tokens`, `n_bytes` (int32). Written atomically.
 *
 * @example
 *   await exportParquet(readLogprobTable("runs/tiny"), "tiny.parquet");
 */
export async function exportParquet(t: LogprobTable, file: string): Promise<void> {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const buf = parquetWriteBuffer({
    columnData: [
      { name: "piece", data: t.pieceIds, type: "STRING", nullable: false },
      { name: "nll_sum", data: t.nllSum, type: "FLOAT", nullable: false },
      { name: "nll_last", data: t.nllLast, type: "FLOAT", nullable: false },
      { name: "n_tokens", data: Int32Array.from(t.nTokens), type: "INT32", nullable: false },
      { name: "n_bytes", data: Int32Array.from(t.nBytes), type: "INT32", nullable: false },
    ],
    kvMetadata: [{ key: "bsig", value: JSON.stringify({ model: t.manifest.model.id, corpus: t.manifest.corpus.hash }) }],
  });
  writeFileAtomic(file, new Uint8Array(buf));
}
