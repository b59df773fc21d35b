import { GraphQLScalarType } from "graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";

/** An instant, sent as an ISO 8601 string in UTC with milliseconds: 2024-05-16T03:00:00.000Z. */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: "DateTime",
  description: "date and time (ngày giờ): an ISO 8601 instant in UTC, such as 2024-05-16T03:00:00.000Z",
  specifiedByURL: null,
});
