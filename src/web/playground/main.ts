// GraphiQL 5, bundled: Monaco's workers come from our own build (setup-workers/vite, never esm.sh), so the
// playground makes no request outside the server that serves it.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { DEFAULT_QUERY } from "./default-query.js";

const root = document.getElementById("root");
if (root === null) throw new Error("The playground page has no #root element.");

// The API is served by the same server, one level up from /playground/.
const fetcher = createGraphiQLFetcher({ url: new URL("../graphql", location.href).toString() });

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    plugins: [HISTORY_PLUGIN, explorerPlugin()],
    defaultEditorToolsVisibility: false,
  }),
);
