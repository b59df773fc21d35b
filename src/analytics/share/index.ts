export { shareQuery } from "./share.query.js";
export type { SharePartsBy, ShareRow, ShareSourceRow, ShareSpec } from "./share.query.js";
export { shapeShares } from "./share.shape.js";
export type {
  ShareBasis,
  SharePart,
  ShareShapeOptions,
  ShareSlice,
  ShareValue,
  ShareWhole,
} from "./share.shape.js";
export { valueOnBasis } from "./value-on-basis.js";
export type { BasisValue } from "./value-on-basis.js";
