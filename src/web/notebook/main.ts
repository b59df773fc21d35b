import "../fonts.css";
import "./notebook.css";
import { NotebookApp } from "./notebook-app.js";

const root = document.getElementById("app");
if (root === null) throw new Error("The notebook page has no #app element.");
void new NotebookApp(root).start();
