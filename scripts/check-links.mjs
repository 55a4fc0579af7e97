// Checks the links of README.md, CHANGELOG.md and every Markdown file under docs/: each
// relative link must name a file or folder of the repository, and each #anchor a heading
// (GitHub's slugs) or an explicit id/name of the file it points into. Web links are not
// fetched (nothing may download during tests). Closes with "links: N passed, N failed".
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function markdownFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith(".md") ? [file] : [];
  });
}

/** Markdown without fenced code blocks and inline code spans, where links are not links. */
function prose(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
function anchorsOf(file) {
  const text = readFileSync(file, "utf8");
  const seen = new Map();
  const anchors = new Set();
  for (const [, heading] of text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
    const slug = plain.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

const files = [path.join(root, "README.md"), path.join(root, "CHANGELOG.md"), ...markdownFiles(path.join(root, "docs"))];
const anchorCache = new Map();
const problems = [];
let links = 0;
for (const file of files) {
  const text = prose(readFileSync(file, "utf8"));
  for (const [, target] of text.matchAll(/!?\[(?:[^\]]|\\\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not fetched
    links++;
    const [pathPart, anchor] = target.split("#");
    const resolved = pathPart === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
    const where = `${path.relative(root, file)}: (${target})`;
    if (!resolved.startsWith(root) || !existsSync(resolved)) {
      problems.push(`${where}: no such file ${path.relative(root, resolved)}`);
      continue;
    }
    if (anchor === undefined || anchor === "") continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) {
      problems.push(`${where}: an anchor into something that is not a Markdown file`);
      continue;
    }
    if (!anchorCache.has(resolved)) anchorCache.set(resolved, anchorsOf(resolved));
    if (!anchorCache.get(resolved).has(decodeURIComponent(anchor).toLowerCase())) {
      problems.push(`${where}: no heading #${anchor} in ${path.relative(root, resolved)}`);
    }
  }
}

for (const problem of problems) console.log(`not ok - ${problem}`);
console.log(`# ${links} relative links in ${files.length} Markdown files`);
console.log(`links: ${links - problems.length} passed, ${problems.length} failed`);
process.exitCode = problems.length === 0 ? 0 : 1;
