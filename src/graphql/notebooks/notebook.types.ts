import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../scalars.js";

/** What names a notebook and the version of it a client holds; the list and the file types extend it. */
// Decorated so that subclasses inherit its fields; as no field returns it, it never appears in the schema itself.
@ObjectType({ description: "A notebook's identity and version (tên và phiên bản sổ ghi chép)." })
export abstract class NotebookIdentity {
  @Field(() => String, {
    description: "notebook name (tên sổ): the file name without .md, lower-case letters, digits and -",
  })
  name!: string;

  @Field(() => String, {
    description: "title (tiêu đề) from the front matter; the name when the file does not parse",
  })
  title!: string;

  @Field(() => String, {
    description: "version (phiên bản): sha256 of the file's bytes, to send back as baseVersion",
  })
  version!: string;

  @Field(() => DateTimeScalar, { description: "last modified (sửa lần cuối): the file's time" })
  updatedAt!: Date;
}

@ObjectType({
  description:
    "A notebook (sổ ghi chép) in the list: a Markdown file of narrative and GraphQL cells in the notebooks folder.",
})
export class NotebookSummary extends NotebookIdentity {
  @Field(() => Int, { description: "parameters declared (số tham số); 0 when the file does not parse" })
  parameterCount!: number;

  @Field(() => Int, { description: "cells (số ô), narrative and GraphQL; 0 when the file does not parse" })
  cellCount!: number;
}

@ObjectType({ description: "A notebook file (tệp sổ ghi chép): its text and version." })
export class NotebookFile extends NotebookIdentity {
  @Field(() => String, {
    description: "the file's text (nội dung tệp), exactly as stored: Markdown with front matter",
  })
  text!: string;
}
