import { escapeHtml } from '../html';
import type { SpecialReportLayout } from './layout';

/**
 * The print view of a report: one self-contained HTML page in the 信息专报 layout (A4, 仿宋 body, red
 * masthead and rule). Every piece of report text is escaped: report content comes from users and from
 * other stations, and must never become markup in the page that shows it.
 */

export { escapeHtml };

const css = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "STFangsong", serif; font-size: 16pt; line-height: 1.75; color: #000; margin: 0; }
.masthead { color: #c00; text-align: center; font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", serif; font-size: 36pt; letter-spacing: 0.3em; margin: 0; }
.issue { text-align: center; margin: 0.5em 0 0; }
.unit-line { display: flex; justify-content: space-between; border-bottom: 2px solid #c00; padding-bottom: 0.3em; }
.date { text-align: right; margin: 0.3em 0 1em; }
h1 { text-align: center; font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", serif; font-size: 22pt; font-weight: normal; margin: 1em 0; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; margin: 0.5em 0 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; }
header p, .footer, .sign-off { text-indent: 0; }
.footer { margin-top: 2em; }
.draft { color: #c00; border: 2px solid #c00; text-align: center; margin-bottom: 1em; }
@media print { .draft { border-width: 1px; } }
`;

/** A whole HTML document for printing (window.print() in the renderer, or a print-to-PDF). */
export function printViewHtml(layout: SpecialReportLayout): string {
  const e = escapeHtml;
  const sections = layout.sections
    .map(
      (s) =>
        `<section><h2>${e(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(layout.title)}</title>
<style>${css}</style>
</head>
<body>
${layout.draft ? `<div class="draft">草稿\u3000未签发（第${layout.version}版）</div>` : ''}
<header>
<p class="masthead">${e(layout.masthead)}</p>
<p class="issue">${e(layout.issueLine)}</p>
<div class="unit-line"><span class="unit">${e(layout.unit)}</span><span class="signer">${e(layout.signerLine)}</span></div>
<p class="date">${e(layout.date)}</p>
</header>
<main>
<h1>${e(layout.title)}</h1>
${sections}
<p class="footer">${e(layout.footer)}</p>${layout.signOffLine ? `\n<p class="sign-off">${e(layout.signOffLine)}</p>` : ''}${layout.sentToLine ? `\n<p class="sign-off">${e(layout.sentToLine)}</p>` : ''}
</main>
</body>
</html>
`;
}
