// jstat ships no type declarations. It is CommonJS: use the default import
// (`import jStat from "jstat"`); the named export does not exist at run time.
declare module "jstat" {
  const jStat: any;
  export default jStat;
}
