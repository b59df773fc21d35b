import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AreaRegistry } from "../../../etl/transform/area-registry.js";
import { transformFolder } from "./transform-harness.js";

const data = await transformFolder(join(import.meta.dirname, "../../../data"));
const provinces = data.areas.filter((a) => a.level === "province" && a.boundary === "historical");
const registry = AreaRegistry.build(
  provinces.map((p) => ({
    gso_code: p.gso_code ?? "",
    name_vi: p.name_vi,
    name_ascii: p.name_ascii,
    aliases: p.aliases,
    region_id: p.region_id as "north" | "central-highlands" | "south",
    subregion: p.subregion,
    merged_into_2025: data.areas.find((a) => a.area_id === p.successor_id)?.name_vi ?? "",
    merged_into_2025_code: (p.successor_id ?? "").slice(5),
  })),
);

describe("AreaRegistry", () => {
  it.each([
    ["2", "02"],
    ["02", "02"],
    ["Hà Giang", "02"],
    ["ha giang", "02"],
    ["HA GIANG", "02"],
    ["Tỉnh Hà Giang", "02"],
    ["TP HCM", "79"],
    ["TP. Hồ Chí Minh", "79"],
    ["Thành phố Hồ Chí Minh", "79"],
    ["BR-VT", "77"],
    ["Ba Ria - Vung Tau", "77"],
    ["TT-Huế", "46"],
    ["Huế", "46"],
    ["Hoa Binh", "17"],
    ["VN", "VN"],
    ["Viet Nam", "VN"],
    ["cả nước", "VN"],
    ["north", "north"],
    ["central-highlands", "central-highlands"],
    ["2025-08", "2025-08"],
  ])("resolves %j to %s", (text, id) => {
    expect(registry.resolve(text)?.area_id).toBe(id);
  });

  it("returns null for unknown codes and names, and for the wrong level", () => {
    expect(registry.resolve("99")).toBeNull();
    expect(registry.resolve("Ha Giangg")).toBeNull();
    expect(registry.resolve("north", "province")).toBeNull();
  });

  it("resolves a new name to the post-2025 province when asked for that level only", () => {
    expect(registry.resolve("Thành phố Huế")?.area_id).toBe("46");
    expect(registry.get("2025-46")?.name_vi).toBe("Thành phố Huế");
  });

  it("suggests the closest province with its code", () => {
    expect(registry.suggest("Ha Giangg", "province")).toBe(' Did you mean "Hà Giang" (02)?');
  });

  it("links pre-2025 provinces to their successors", () => {
    expect(registry.get("02")).toMatchObject({
      successor_id: "2025-08",
      valid_to: 2025,
      region_id: "north",
      boundary: "historical",
    });
    expect(registry.get("46")).toMatchObject({ successor_id: "2025-46" });
    expect(registry.get("2025-08")).toMatchObject({
      name_vi: "Tuyên Quang",
      valid_from: 2025,
      boundary: "2025",
      level: "province",
    });
  });

  it("holds 28, 15 and 20 provinces in the three regions, 21 in south-2011 and 7 in southeast-2013", () => {
    const members = (region: string) =>
      registry.memberships.filter((m) => m.region_id === region).map((m) => m.area_id);
    expect([members("north").length, members("central-highlands").length, members("south").length]).toEqual([
      28, 15, 20,
    ]);
    expect(members("south-2011").length).toBe(21);
    expect(members("south-2011")).toContain("68");
    expect(members("southeast-2013")).toEqual(["68", "70", "72", "74", "75", "77", "79"]);
    expect(registry.memberships.find((m) => m.region_id === "southeast-2013")).toMatchObject({
      from_year: 2012,
      to_year: 2013,
    });
    expect(members("VN").length).toBe(63);
  });
});
