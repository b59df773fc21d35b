import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import {
  claimReconciliationQuery,
  consistencyFindingsQuery,
  type ClaimReconciliationRow,
} from "../../analytics/reconciliation/index.js";
import { checkYear } from "../../analytics/index.js";
import type { GraphQLContext } from "../context.js";
import { filterCatalog, withInputErrors } from "../common/analytics-context.js";
import { badUserInput, quote, unknownValue } from "../errors.js";
import {
  ClaimKind,
  ClaimReconciliation,
  ClaimStatus,
  ConsistencyFinding,
  FindingKind,
  FindingStatus,
} from "./reconciliation.types.js";

@Resolver()
export class ReconciliationResolver {
  @Query(() => [ClaimReconciliation], {
    description:
      "Reconciliation (đối chiếu): every published claim beside the value computed from its own base figures, confirmed within rounding (khớp), a discrepancy with its gap (sai lệch), or unverifiable (không kiểm chứng được).",
  })
  claimReconciliation(
    @Ctx() ctx: GraphQLContext,
    @Arg("years", () => [Int], {
      nullable: true,
      description: "years (năm): claims whose year or span contains one of them",
    })
    years: number[] | null | undefined,
    @Arg("sources", () => [Int], { nullable: true, description: "source ids (mã nguồn tài liệu)" })
    sources: number[] | null | undefined,
    @Arg("sourceUrls", () => [String], {
      nullable: true,
      description:
        "source addresses (địa chỉ nguồn): web pages, or files such as sources/2024-05-north-conference-xviii.txt",
    })
    sourceUrls: string[] | null | undefined,
    @Arg("statuses", () => [ClaimStatus], { nullable: true, description: "statuses (kết quả) to keep" })
    statuses: ClaimStatus[] | null | undefined,
    @Arg("kinds", () => [ClaimKind], { nullable: true, description: "kinds (loại nhận định) to keep" })
    kinds: ClaimKind[] | null | undefined,
    @Arg("search", () => String, {
      nullable: true,
      description: "search (tìm kiếm) in the claim's text, any case",
    })
    search: string | null | undefined,
  ): Promise<ClaimReconciliation[]> {
    return withInputErrors(async () => {
      const catalog = await filterCatalog(ctx.warehouse);
      for (const year of years ?? []) checkYear(year, catalog.fundingYears, "years");
      for (const id of sources ?? []) {
        if (!catalog.sourceIds.has(id)) {
          throw badUserInput(
            `Unknown source ${id} in argument "sources". List the sources with the sources query, or give "sourceUrls".`,
            "sources",
          );
        }
      }
      let sourceIds = sources ?? null;
      if (sourceUrls != null) {
        const all = await ctx.warehouse.db
          .selectFrom("source")
          .select(["source_id", "url", "title"])
          .execute();
        const byUrl = new Map(all.map((s) => [s.url, s.source_id]));
        const ids = sourceUrls.map((url) => {
          const id = byUrl.get(url.trim());
          if (id === undefined) {
            throw unknownValue(
              "source address",
              url,
              "sourceUrls",
              all.map((s) => ({ value: s.url })),
            );
          }
          return id;
        });
        sourceIds = sourceIds === null ? ids : sourceIds.filter((id) => ids.includes(id));
      }
      const rows = await claimReconciliationQuery(ctx.warehouse.db, {
        years: years ?? null,
        sourceIds,
        statuses: statuses ?? null,
        kinds: kinds ?? null,
        search: search == null || search.trim() === "" ? null : search.trim(),
      }).execute();
      return rows.map(toClaimReconciliation);
    });
  }

  @Query(() => [ConsistencyFinding], {
    description:
      "Consistency findings (phát hiện khi đối chiếu) recorded when the snapshot was built: claims, parts vs totals (thành phần so với tổng) and source disagreements (nguồn vênh nhau).",
  })
  async consistencyFindings(
    @Ctx() ctx: GraphQLContext,
    @Arg("kinds", () => [FindingKind], { nullable: true, description: "kinds (loại) to keep" })
    kinds: FindingKind[] | null | undefined,
    @Arg("statuses", () => [FindingStatus], { nullable: true, description: "statuses (trạng thái) to keep" })
    statuses: FindingStatus[] | null | undefined,
    @Arg("search", () => String, {
      nullable: true,
      description: "search (tìm kiếm) in the subject and message, any case",
    })
    search: string | null | undefined,
  ): Promise<ConsistencyFinding[]> {
    const rows = await consistencyFindingsQuery(ctx.warehouse.db, {
      kinds: kinds ?? null,
      statuses: statuses ?? null,
      search: search == null || search.trim() === "" ? null : search.trim(),
    }).execute();
    return rows.map((r) => ({ ...r, id: String(r.finding_id) }));
  }
}

function toClaimReconciliation(r: ClaimReconciliationRow): ClaimReconciliation {
  const year = r.year_from === r.year_to ? String(r.year_from) : `${r.year_from}-${r.year_to}`;
  const shown = (v: number) => String(Number(v.toFixed(Math.max(2, r.decimals + 2))));
  const bases = `${r.numerator_bn} and ${r.denominator_bn}`;
  const message =
    r.status === "unverifiable"
      ? `Stated ${r.stated}, but the ${r.reason === "zero-denominator" ? "denominator is zero" : `source does not give ${r.reason === "missing-numerator" ? "the numerator" : r.reason === "missing-denominator" ? "the denominator" : "either base figure"}`} (${quote(r.numerator_desc)} / ${quote(r.denominator_desc)}).`
      : r.status === "confirmed"
        ? `Stated ${r.stated}; ${bases} give ${shown(r.computed as number)}: confirmed within rounding (±${r.tolerance}).`
        : `Stated ${r.stated}, but ${bases} give ${shown(r.computed as number)}: a gap of ${shown(r.gap as number)}, beyond the rounding of the printed digits (±${r.tolerance}).`;
  return {
    id: String(r.claim_id),
    claim: r.claim,
    kind: r.kind,
    year,
    period: r.period,
    stated: r.stated,
    decimals: r.decimals,
    computed: r.computed,
    gap: r.gap,
    tolerance: r.tolerance,
    status: r.status,
    message,
    numeratorDescription: r.numerator_desc,
    denominatorDescription: r.denominator_desc,
    numerator: r.numerator_bn,
    denominator: r.denominator_bn,
    source: { id: r.source_id, title: r.source_title, url: r.source_url },
    origin: r.origin,
  };
}
