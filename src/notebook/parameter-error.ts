/** A parameter value that cannot be parsed, an unknown parameter name, or a cell variable that refers to one. */
export class ParameterError extends Error {
  override readonly name = "ParameterError";
  /** The parameter named by the caller or by the cell (possibly misspelled). */
  readonly parameter: string;
  /** The cell whose variables hold the reference, when the error comes from `bindVariables`. */
  readonly cellId: string | undefined;

  constructor(message: string, parameter: string, cellId?: string) {
    super(message);
    this.parameter = parameter;
    this.cellId = cellId;
  }
}
