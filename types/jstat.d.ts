// jstat ships no type declarations. It is CommonJS: use the default import
// (`import jStat from "jstat"`); the named export does not exist at run time.
declare module "jstat" {
  // biome-ignore lint/suspicious/noExplicitAny: the library has no types; callers wrap what they use
  const jStat: any;
  export default jStat;
}
