// occlusion-wasm, the command: Occlusion attribution of an ONNX image classifier for one
// PNG/JPEG image, written as a heat map. Flags in options.ts, the run in run.ts. Every
// failure is one line on stderr; the exit status says which kind (see HELP).
import { CliError, HELP, parseOptions } from "./options.ts";
import { runCli, type RunReport } from "./run.ts";
import { firstLine } from "./model.ts";
import { runTextCli, TEXT_HELP, wantsText } from "./text.ts";
import { VERSION } from "./version.ts";

function summary(report: RunReport): string {
  const named = (index: number | null, name: string | null) => (index === null ? "none" : name ? `${index} (${name})` : String(index));
  const score = report.scores[report.predicted].toFixed(3);
  return `${report.image}: predicted ${named(report.predicted, report.labels.predicted)}, score ${score}; ` +
    `target ${named(report.target, report.labels.target)}; window ${report.window.join("x")}, stride ${report.stride.join("x")}; ` +
    `${report.picture.method} -> ${report.picture.path} (${report.picture.width}x${report.picture.height}); ${report.seconds.toFixed(2)} s`;
}

async function main(argv: string[]): Promise<number> {
  try {
    if (wantsText(argv)) {
      await runTextCli(argv);
      return 0;
    }
    const options = parseOptions(argv);
    if (options.help) {
      console.log(`${HELP}\n\n${TEXT_HELP}`);
      return 0;
    }
    if (options.version) {
      console.log(VERSION);
      return 0;
    }
    console.log(summary(await runCli(options)));
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    console.error(`occlusion-wasm: ${firstLine(error)}`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
