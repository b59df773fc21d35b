/**
 * A bad argument found while normalizing user input: the message is a full sentence that quotes the culprit
 * and suggests the fix; `argumentName` is the path of the argument (`filter.areas`). The GraphQL layer turns
 * it into a BAD_USER_INPUT error; analytics never import GraphQL.
 */
export class AnalyticsInputError extends Error {
  override readonly name = "AnalyticsInputError";
  constructor(
    message: string,
    readonly argumentName: string,
  ) {
    super(message);
  }
}
