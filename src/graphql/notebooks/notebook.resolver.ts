import { GraphQLError } from "graphql";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import {
  NotebookFormatError,
  parseNotebook,
  serializeNotebook,
  type Notebook,
} from "../../notebook/index.js";
import type { GraphQLContext } from "../context.js";
import { badUserInput, ErrorCode } from "../errors.js";
import { checkNotebookName, writeAccessNeeded } from "./notebook-errors.js";
import type { StoredNotebook } from "./notebook-store.js";
import { NotebookFile, NotebookSummary } from "./notebook.types.js";

const MAX_TITLE_LENGTH = 200;

/**
 * The notebooks folder (thư mục sổ ghi chép) through `ctx.notebooks`: list, read, create, save, rename and
 * delete. Saved text must parse as a notebook (docs/notebook-format.md); every change takes the version the
 * client loaded, and a stale one fails with CONFLICT. Reading is open; every change needs write access
 * (`ctx.canWrite`), else UNAUTHENTICATED with how to get it.
 */
@Resolver()
export class NotebookResolver {
  @Query(() => [NotebookSummary], {
    description: "Notebooks (sổ ghi chép) in the notebooks folder, by name.",
  })
  async notebooks(@Ctx() ctx: GraphQLContext): Promise<NotebookSummary[]> {
    const stored = await ctx.notebooks.list();
    return stored.map((file) => {
      const notebook = tryParse(file);
      return {
        name: file.name,
        title: notebook?.title ?? file.name,
        version: file.version,
        updatedAt: file.updatedAt,
        parameterCount: notebook?.parameters.length ?? 0,
        cellCount: notebook?.cells.length ?? 0,
      };
    });
  }

  @Query(() => NotebookFile, {
    nullable: true,
    description: "One notebook (sổ ghi chép) with its text, by name; null when there is none.",
  })
  async notebook(
    @Arg("name", () => String, { description: "notebook name (tên sổ): north-trend" }) name: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotebookFile | null> {
    const file = await ctx.notebooks.read(checkNotebookName(name, "name"));
    return file === null ? null : toFile(file);
  }

  @Mutation(() => NotebookFile, {
    description:
      "Create a notebook (tạo sổ ghi chép) with a title and no cells; fails when the name is taken.",
  })
  async createNotebook(
    @Arg("name", () => String, { description: "new notebook name (tên sổ): a-z, 0-9 and -" }) name: string,
    @Arg("title", () => String, { description: "title (tiêu đề) for the front matter" }) title: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotebookFile> {
    requireWriteAccess(ctx, "createNotebook");
    checkNotebookName(name, "name");
    const trimmed = title.trim();
    if (trimmed === "" || trimmed.length > MAX_TITLE_LENGTH || /[\r\n]/.test(trimmed)) {
      throw badUserInput(
        `Give the notebook a title of 1 to ${MAX_TITLE_LENGTH} characters on one line in argument "title".`,
        "title",
      );
    }
    const text = serializeNotebook({ title: trimmed, parameters: [], cells: [] });
    return toFile(await ctx.notebooks.create(name, text));
  }

  @Mutation(() => NotebookFile, {
    description:
      "Save a notebook's text (lưu sổ ghi chép) if the file is still at baseVersion; CONFLICT when someone changed it since.",
  })
  async saveNotebook(
    @Arg("name", () => String, { description: "notebook name (tên sổ)" }) name: string,
    @Arg("text", () => String, {
      description: "the whole file (toàn bộ nội dung): front matter and cells; it must parse",
    })
    text: string,
    @Arg("baseVersion", () => String, {
      description: "the version you loaded (phiên bản đã tải): from notebook or a previous save",
    })
    baseVersion: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotebookFile> {
    requireWriteAccess(ctx, "saveNotebook");
    checkNotebookName(name, "name");
    checkParses(text, name);
    return toFile(await ctx.notebooks.save(name, text, baseVersion));
  }

  @Mutation(() => NotebookFile, {
    description:
      "Rename a notebook's file (đổi tên sổ) if it is still at baseVersion; fails when the new name is taken.",
  })
  async renameNotebook(
    @Arg("name", () => String, { description: "current notebook name (tên hiện tại)" }) name: string,
    @Arg("newName", () => String, { description: "new notebook name (tên mới): a-z, 0-9 and -" })
    newName: string,
    @Arg("baseVersion", () => String, { description: "the version you loaded (phiên bản đã tải)" })
    baseVersion: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotebookFile> {
    requireWriteAccess(ctx, "renameNotebook");
    checkNotebookName(name, "name");
    checkNotebookName(newName, "newName");
    return toFile(await ctx.notebooks.rename(name, newName, baseVersion));
  }

  @Mutation(() => Boolean, {
    description: "Delete a notebook (xoá sổ ghi chép) if it is still at baseVersion; true when deleted.",
  })
  async deleteNotebook(
    @Arg("name", () => String, { description: "notebook name (tên sổ)" }) name: string,
    @Arg("baseVersion", () => String, { description: "the version you loaded (phiên bản đã tải)" })
    baseVersion: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    requireWriteAccess(ctx, "deleteNotebook");
    checkNotebookName(name, "name");
    await ctx.notebooks.delete(name, baseVersion);
    return true;
  }
}

/** Every change needs the write token (or the admin token, or a browser session for one): reads stay open. */
function requireWriteAccess(ctx: GraphQLContext, field: string): void {
  if (!ctx.canWrite) throw writeAccessNeeded(field);
}

function toFile(file: StoredNotebook): NotebookFile {
  return {
    name: file.name,
    title: tryParse(file)?.title ?? file.name,
    text: file.text,
    version: file.version,
    updatedAt: file.updatedAt,
  };
}

function tryParse(file: StoredNotebook): Notebook | undefined {
  try {
    return parseNotebook(file.text, `${file.name}.md`);
  } catch {
    return undefined;
  }
}

/** BAD_USER_INPUT with the parser's line and column when `text` is not a notebook. */
function checkParses(text: string, name: string): void {
  try {
    parseNotebook(text, `${name}.md`);
  } catch (error) {
    if (!(error instanceof NotebookFormatError)) throw error;
    throw new GraphQLError(`The text in argument "text" is not a valid notebook: ${error.message}`, {
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        argumentName: "text",
        line: error.line,
        column: error.column,
      },
    });
  }
}
