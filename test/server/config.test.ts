import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/config.js";

describe("loadConfig", () => {
  it("defaults to 127.0.0.1:4000, the default warehouse and data folder, and a generated admin token", () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({
      port: 4000,
      host: "127.0.0.1",
      warehousePath: resolve(".warehouse/khuyen-cong.duckdb"),
      dataDir: resolve("data"),
      adminTokenGenerated: true,
    });
    expect(config.adminToken.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig([], {}).adminToken).not.toBe(config.adminToken);
  });

  it("reads PORT, HOST, KC_WAREHOUSE, KC_DATA_DIR and KC_ADMIN_TOKEN, and flags win over them", () => {
    const env = {
      PORT: "5000",
      HOST: "0.0.0.0",
      KC_WAREHOUSE: "/w.duckdb",
      KC_DATA_DIR: "/d",
      KC_ADMIN_TOKEN: "env",
    };
    expect(loadConfig([], env)).toMatchObject({
      port: 5000,
      host: "0.0.0.0",
      warehousePath: "/w.duckdb",
      dataDir: "/d",
      adminToken: "env",
      adminTokenGenerated: false,
    });
    const flags = [
      "--port",
      "6000",
      "--host",
      "::1",
      "--db",
      "/f.duckdb",
      "--data",
      "/e",
      "--admin-token",
      "flag",
    ];
    expect(loadConfig(flags, env)).toMatchObject({
      port: 6000,
      host: "::1",
      warehousePath: "/f.duckdb",
      dataDir: "/e",
      adminToken: "flag",
    });
  });

  it("reads the response limits KC_MAX_RESPONSE_BYTES, KC_MAX_RESULT_ROWS and KC_MAX_ANALYSES", () => {
    expect(loadConfig([], {})).toMatchObject({
      maxResponseBytes: 5 * 1024 * 1024,
      maxResultRows: 50_000,
      maxAnalyses: 5,
    });
    const env = { KC_MAX_RESPONSE_BYTES: "1048576", KC_MAX_RESULT_ROWS: "1000", KC_MAX_ANALYSES: "2" };
    expect(loadConfig([], env)).toMatchObject({
      maxResponseBytes: 1_048_576,
      maxResultRows: 1000,
      maxAnalyses: 2,
    });
    expect(() => loadConfig([], { KC_MAX_ANALYSES: "0" })).toThrow(
      new ConfigError('KC_MAX_ANALYSES is "0": give a whole number from 1 to 1000.'),
    );
  });

  it("reads the work limits KC_MAX_ESTIMATED_ROWS and KC_MAX_ROWS_IN_FLIGHT", () => {
    expect(loadConfig([], {})).toMatchObject({ maxEstimatedRows: 100_000, maxRowsInFlight: 200_000 });
    const env = { KC_MAX_ESTIMATED_ROWS: "20000", KC_MAX_ROWS_IN_FLIGHT: "40000" };
    expect(loadConfig([], env)).toMatchObject({ maxEstimatedRows: 20_000, maxRowsInFlight: 40_000 });
    expect(() => loadConfig([], { KC_MAX_ROWS_IN_FLIGHT: "lots" })).toThrow(
      new ConfigError('KC_MAX_ROWS_IN_FLIGHT is "lots": give a whole number from 1 to 1000000000.'),
    );
  });

  it("reads rollups from KC_ROLLUPS: on unless it says off", () => {
    expect(loadConfig([], {}).rollups).toBe(true);
    expect(loadConfig([], { KC_ROLLUPS: "off" }).rollups).toBe(false);
    expect(loadConfig([], { KC_ROLLUPS: "on" }).rollups).toBe(true);
    expect(() => loadConfig([], { KC_ROLLUPS: "sometimes" })).toThrow(
      new ConfigError('KC_ROLLUPS is "sometimes": give on or off.'),
    );
  });

  it("rejects a bad port and an unknown flag with a sentence that names them", () => {
    expect(() => loadConfig([], { PORT: "40x" })).toThrow(
      new ConfigError('--port / PORT is "40x": give a whole number from 0 to 65535.'),
    );
    expect(() => loadConfig(["--prot", "1"], {})).toThrow(/Unknown option '--prot'/);
  });

  it("names the data folders reloadWarehouse may load: default, then KC_DATA_SOURCES or --data-sources", () => {
    expect([
      ...loadConfig(["--data", "/d"], { KC_DATA_SOURCES: "cron=/srv/inbox, test=/t" }).dataSources,
    ]).toEqual([
      ["default", "/d"],
      ["cron", "/srv/inbox"],
      ["test", "/t"],
    ]);
    expect([
      ...loadConfig(["--data-sources", "x=/x"], { KC_DATA_SOURCES: "y=/y" }).dataSources.keys(),
    ]).toEqual(["default", "x"]);
    for (const list of ["inbox", "Cron=/x", "default=/x", "a=/x,a=/y", "b="])
      expect(() => loadConfig([], { KC_DATA_SOURCES: list })).toThrow(
        new ConfigError(
          `--data-sources / KC_DATA_SOURCES has "${list.split(",").at(-1)}": give name=folder pairs separated by ` +
            "commas, each name new and of lower-case letters, digits, - and _ (default is the --data folder), for " +
            "example cron=/srv/kc/inbox,test=data-test.",
        ),
      );
  });
});
