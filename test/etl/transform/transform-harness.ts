import { listInputs } from "../../../etl/extract/list-inputs.js";
import { transformInputs, type TransformedInputs } from "../../../etl/transform/transform-inputs.js";
import type { EtlIssue } from "../../../etl/etl-issue.js";

/** Extract and transform a data folder; issues of both stages together. */
export async function transformFolder(
  dataDir: string,
): Promise<TransformedInputs & { readonly allIssues: EtlIssue[] }> {
  const listed = await listInputs(dataDir);
  const transformed = await transformInputs(dataDir, listed.tables);
  return { ...transformed, allIssues: [...listed.issues, ...transformed.issues] };
}
