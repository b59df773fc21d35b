// GraphiQL 5, bundled: Monaco's workers come from our own build (setup-workers/vite, never esm.sh), so the
// playground makes no request outside the server that serves it.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "../fonts.css";
import "./playground.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { useMonaco } from "@graphiql/react";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { createElement, Fragment, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { DEFAULT_QUERY } from "./default-query.js";

const root = document.getElementById("root");
if (root === null) throw new Error("The playground page has no #root element.");

// The API is served by the same server, one level up from /playground/.
const fetcher = createGraphiQLFetcher({ url: new URL("../graphql", location.href).toString() });

/** The code font of ../fonts.css (bundled, with Vietnamese letters), for Monaco's canvas-measured text. */
const EDITOR_FONT = getComputedStyle(document.documentElement).getPropertyValue("--mono").trim();

/**
 * GraphiQL creates its Monaco editors with `fontFamily: "Fira Code"` and no option to change it; Monaco measures
 * characters in its own font setting, so CSS alone would misplace the cursor. Every editor, now and later, is
 * switched to the bundled code font once Monaco has loaded and the font is ready.
 */
function BundledEditorFont(): null {
  const monaco = useMonaco((state) => state.monaco);
  useEffect(() => {
    if (!monaco || EDITOR_FONT === "") return;
    const apply = (editor: { updateOptions(options: { fontFamily: string }): void }): void => {
      editor.updateOptions({ fontFamily: EDITOR_FONT });
    };
    void document.fonts.load(`15px ${EDITOR_FONT}`, "Kế hoạch").then(() => {
      for (const editor of monaco.editor.getEditors()) apply(editor);
      monaco.editor.remeasureFonts();
    });
    const created = monaco.editor.onDidCreateEditor(apply);
    return () => created.dispose();
  }, [monaco]);
  return null;
}

createRoot(root).render(
  createElement(
    Fragment,
    null,
    createElement(BundledEditorFont),
    createElement(
      GraphiQL,
      {
        fetcher,
        defaultQuery: DEFAULT_QUERY,
        plugins: [HISTORY_PLUGIN, explorerPlugin()],
        defaultEditorToolsVisibility: false,
      },
      createElement(
        GraphiQL.Logo,
        null,
        createElement(
          "a",
          { className: "back-link", href: "../", title: "Back to the notebooks · Về sổ ghi chép" },
          "← Notebooks",
          createElement("small", { className: "vi" }, " · Sổ"),
        ),
      ),
    ),
  ),
);
