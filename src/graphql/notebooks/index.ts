export { NotebookResolver } from "./notebook.resolver.js";
export { NotebookFile, NotebookSummary } from "./notebook.types.js";
export type { NotebookStore, StoredNotebook } from "./notebook-store.js";
export {
  NotebookErrorCode,
  checkNotebookName,
  isNotebookName,
  slugify,
  notebookChanged,
  notebookExists,
  notebookGone,
  notebookNotFound,
  notebookTooLarge,
  tooManyNotebooks,
  writeAccessNeeded,
} from "./notebook-errors.js";
