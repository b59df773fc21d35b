// Vite's `?raw` suffix imports a file's text: the named operations of schema/operations/*.graphql.
declare module "*.graphql?raw" {
  const text: string;
  export default text;
}
