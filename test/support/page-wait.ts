import type { Page } from 'playwright-core';

/**
 * Waits until a JavaScript expression is true in the page. Playwright's `waitForFunction` compiles its predicate with
 * eval inside the page, which our Content-Security-Policy forbids (no 'unsafe-eval'); `evaluate` is not subject to it.
 */
export async function waitForExpression(page: Page, expression: string, options: { timeout?: number } = {}) {
  const deadline = Date.now() + (options.timeout ?? 30_000);
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
