/** An edit that would make an invalid notebook: an unknown or duplicate cell id, a patch of the wrong kind… */
export class NotebookEditError extends Error {
  override readonly name = "NotebookEditError";
}
