/**
 * The query a new playground tab starts with: the researcher's headline question in one request, plus a
 * catalog lookup that shows names typed without diacritics work.
 */
export const DEFAULT_QUERY = `# Khuyến công Analytics: press ▶ (or Ctrl-Enter) to run. The docs (book icon) explain every
# type and field with the English and Vietnamese terms; the explorer (folder icon) builds queries by clicking.
#
# What share of the north's 2024 plan was national, and how did the plan move since 2021?
query NorthPlan {
  share(
    partsBy: FUNDING_SOURCE
    filter: { areas: ["north"], years: { from: 2024, to: 2024 }, periods: ["FY"], stages: [PLAN] }
  ) {
    slices {
      year
      whole { basis value publishedTotal sumOfParts gap }
      parts { key value sharePercent rank }
    }
  }
  trend(filter: { areas: ["north"], fundingSources: [TOTAL], stages: [PLAN] }, from: 2021, to: 2025, baseYear: 2021) {
    unit
    series { points { year value reason previousYear changePercent index } }
  }
  areas(search: "ha giang") { id name successor { id name } }
}
`;
