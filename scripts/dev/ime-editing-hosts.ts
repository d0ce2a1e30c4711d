// What an IME composition step costs Chromium by the size of the editable element, with no editor at all:
// ~20,000 characters of Chinese in 120 paragraphs with 1,000 inline spans, as one contenteditable element, as
// 12 separately editable elements of 10 paragraphs, each paragraph editable on its own, as one paragraph of 400
// characters, without the spans, and in a <textarea>.
// Pinyin is composed letter by letter mid-text (Input.imeSetComposition) and committed (Input.insertText); the
// renderer's main-thread CPU per step (CDP ThreadTime) is printed for each, twice, interleaved.
//
// usage: npx tsx scripts/dev/ime-editing-hosts.ts
import type { Page } from 'playwright-core';

import { launchChromium } from '../../tests/e2e/web-mode-process';

const HAN = '人民日报北京新闻经济社会中国记者政府发展改革工作会议主席国家企业建设市场';

function paragraph(chars: number): string {
  let html = '';
  for (let i = 0; i < chars; i++) {
    const c = HAN[(i * 7) % HAN.length]!;
    html += i % 20 === 5 ? `<span class="entity">${c}</span>` : c;
  }
  return html;
}

/** The same characters as paragraph(), without the spans: the textarea's text, a paragraph per line. */
function plain(chars: number): string {
  let text = '';
  for (let i = 0; i < chars; i++) text += HAN[(i * 7) % HAN.length]!;
  return text;
}

const STYLE =
  '<style>p{content-visibility:auto;contain-intrinsic-size:auto 3.6em}' +
  "#ed,textarea{width:46em;font:16px/1.85 'Noto Sans CJK SC',sans-serif}textarea{height:860px}</style>";

const paragraphs = (n: number): string => Array.from({ length: n }, () => `<p>${paragraph(166)}</p>`).join('');

const LAYOUTS: Record<string, string> = {
  'one editable element, 20k chars': `<div id="ed" contenteditable="true">${paragraphs(120)}</div>`,
  '12 editable elements of ~1.7k chars': `<div id="ed">${Array.from(
    { length: 12 },
    () => `<div contenteditable="true">${paragraphs(10)}</div>`,
  ).join('')}</div>`,
  'each paragraph its own editable element': `<div id="ed">${Array.from(
    { length: 120 },
    () => `<p contenteditable="true">${paragraph(166)}</p>`,
  ).join('')}</div>`,
  'one editable element, 400 chars': `<div id="ed" contenteditable="true"><p>${paragraph(400)}</p></div>`,
  'one editable element, 20k chars, no spans': `<div id="ed" contenteditable="true">${Array.from(
    { length: 120 },
    () => `<p>${plain(166)}</p>`,
  ).join('')}</div>`,
  'textarea, 20k chars': '<textarea></textarea>',
};

/** Puts the caret mid-text (the middle paragraph, or the textarea's middle) and focuses it. */
const PLACE_CARET = `(() => {
  const area = document.querySelector('textarea');
  if (area) {
    area.value = ${JSON.stringify(Array.from({ length: 120 }, () => plain(166)).join('\n'))};
    area.focus();
    area.setSelectionRange(10_000, 10_000);
    return;
  }
  const all = document.querySelectorAll('p');
  const p = all[Math.floor(all.length / 2)];
  p.closest('[contenteditable]').focus();
  const range = document.createRange();
  range.setStart(p.firstChild, 2);
  range.collapse(true);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
})()`;

const AFTER_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))';

async function cpuPerStep(page: Page, html: string): Promise<number> {
  await page.setContent(STYLE + html);
  await page.evaluate(PLACE_CARET);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadMs = async (): Promise<number> => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
  };
  const before = await threadMs();
  let steps = 0;
  for (let word = 0; word < 20; word++) {
    const pinyin = 'renmin';
    for (let i = 1; i <= pinyin.length; i++, steps++) {
      await cdp.send('Input.imeSetComposition', { text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i });
      await page.evaluate(AFTER_FRAME);
      await page.waitForTimeout(30);
    }
    await cdp.send('Input.insertText', { text: '人民' });
    await page.evaluate(AFTER_FRAME);
    await page.waitForTimeout(30);
    steps++;
  }
  const cpu = ((await threadMs()) - before) / steps;
  await cdp.detach();
  return cpu;
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    for (let round = 1; round <= 2; round++)
      for (const [name, html] of Object.entries(LAYOUTS))
        console.log(`round ${round}  ${name.padEnd(42)} ${(await cpuPerStep(page, html)).toFixed(2)} ms CPU per step`);
  } finally {
    await browser.close();
  }
}

void main();
