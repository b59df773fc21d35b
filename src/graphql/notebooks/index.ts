export { NotebookResolver } from "./notebook.resolver.js";
export { NotebookFile, NotebookSummary } from "./notebook.types.js";
export type { NotebookStore, StoredNotebook } from "./notebook-store.js";
export {
  NotebookErrorCode,
  checkNotebookName,
  slugify,
  notebookChanged,
  notebookExists,
  notebookGone,
  notebookNotFound,
} from "./notebook-errors.js";
