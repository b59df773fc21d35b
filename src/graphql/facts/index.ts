export { FactsResolver } from "./facts.resolver.js";
export { FactsArgs } from "./facts.args.js";
export { FundingFact, FundingFactPage, OutputFact, OutputFactPage } from "./facts.types.js";
