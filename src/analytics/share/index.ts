export { shareQuery, shareSliceKeys, shareSpecs } from "./share.query.js";
export type { SharePartsBy, ShareRole, ShareRow, ShareSpec } from "./share.query.js";
export { shapeShares } from "./share.shape.js";
export type { ShareBasis, SharePart, ShareShapeOptions, ShareSlice, ShareWhole } from "./share.shape.js";
