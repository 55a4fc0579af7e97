// Types for chromium.mjs (plain JS scripts; TypeScript tests import them).
import type { BrowserContext } from "playwright-core";
export function launchChromium(executablePath: string): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function runChromium(executablePath: string): Promise<{ passed: number; failed: number }>;
