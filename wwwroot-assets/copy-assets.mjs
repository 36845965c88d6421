// Copies the pinned apexcharts dist files into the web app, so `dotnet build` needs no Node.
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "node_modules/apexcharts/package.json"), "utf8"));
if (pkg.version !== "4.7.0") {
  throw new Error(`apexcharts must be 4.7.0 (MIT); found ${pkg.version}`);
}
const target = join(here, "../RankingsWeb/wwwroot/lib/apexcharts");
mkdirSync(target, { recursive: true });
for (const file of ["apexcharts.min.js", "apexcharts.css"]) {
  cpSync(join(here, "node_modules/apexcharts/dist", file), join(target, file));
}
cpSync(join(here, "node_modules/apexcharts/LICENSE"), join(target, "LICENSE"));
console.log(`copied apexcharts ${pkg.version} to ${target}`);
