// npm run demo:text: the committed topic model explains ten held-out fortunes. Prints,
// per sentence, the true and predicted labels and the words coloured by attribution
// (plain text with values when stdout is not a terminal or NO_COLOR is set), and writes
// out/text/demo.html with the same records as Captum's visualize_text table.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-web";
import { onnxForward } from "../../src/adapters/index.ts";
import { explainText, WordTokenizer } from "../../src/text/index.ts";
import { visualizeText, visualizeTextAnsi } from "../../src/visualize/index.ts";

const HERE = new URL("./", import.meta.url);
const OUT = new URL("../../out/text/", import.meta.url);
const COUNT = 10;

const json = async (name: string) => JSON.parse(await readFile(new URL(name, HERE), "utf8"));
const data: { classes: string[]; test: { text: string; label: number }[] } = await json("data.json");
const tokenizer = new WordTokenizer(await json("tokenizer.json"));
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(await readFile(new URL("model.onnx", HERE)), { executionProviders: ["wasm"] });
const forward = onnxForward(session, ort.Tensor);

const records = [];
for (const item of data.test.slice(0, COUNT)) {
  records.push(await explainText(forward, tokenizer, item.text, { classes: data.classes, trueClass: data.classes[item.label] }));
}
process.stdout.write(visualizeTextAnsi(records));
await mkdir(OUT, { recursive: true });
const page = `<!doctype html><meta charset="utf-8"><title>Topic model: word attributions</title>` +
  `<h1>Which words made the topic</h1><p>FeatureAblation over token ids (each word's tokens set to [PAD] together), ` +
  `scores per word normalised by their L2 norm.</p>${visualizeText(records)}`;
await writeFile(new URL("demo.html", OUT), page);
console.log(`${records.filter((r) => r.predClass === r.trueClass).length}/${records.length} correct; wrote ${fileURLToPath(new URL("demo.html", OUT))}`);
