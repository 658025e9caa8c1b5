import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PhoneApprovals } from './phone';
import { zhOf } from '../../shared/labels/labels';
import { REPORT_KIND_LABELS } from '../../shared/labels/reports';
import { bearerToken, pageHeaders, readJsonBody } from '../host/pageHttp';

/**
 * 手机审批 page (issue 17): a small page the station host serves to a leader's paired phone. The phone
 * opens /phone/#t=TOKEN once (the token shown when the phone was paired); the page keeps the token on
 * the phone, lists the reports awaiting signature and signs one with the leader's PIN. No framework:
 * one HTML file and one script, same origin, nothing inline (the CSP forbids it).
 */
export const PHONE_PATH = '/phone/';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>手机审批 · 值守台</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;padding:12px;background:#f3f5f8;color:#111}
h1{font-size:20px;margin:4px 0 12px} .card{background:#fff;border-radius:8px;padding:12px;margin:0 0 12px;box-shadow:0 1px 3px #0002}
label{display:block;margin:8px 0 4px} input{font-size:18px;padding:8px;width:100%;box-sizing:border-box}
button{font-size:18px;padding:10px 16px;margin-top:8px;border:0;border-radius:6px;background:#b3261e;color:#fff;width:100%}
[role=alert]{color:#b3261e;font-weight:600} .muted{color:#555}
</style></head>
<body><h1>手机审批</h1><p id="who" class="muted">正在连接本站…</p>
<div id="status" role="status"></div><main id="list"></main>
<script src="/phone/app.js"></script></body></html>`;

const SCRIPT = String.raw`(() => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('t');
  if (fromHash) { localStorage.setItem('dutyroom.phone', fromHash); history.replaceState(null, '', location.pathname); }
  const token = fromHash || localStorage.getItem('dutyroom.phone') || '';
  const who = document.getElementById('who');
  const list = document.getElementById('list');
  const status = document.getElementById('status');
  const kinds = ${JSON.stringify({ ...zhOf(REPORT_KIND_LABELS), written_initial: '书面首报' })};
  const ask = (path, body) => fetch('/phone/api/' + path, {
    method: body ? 'POST' : 'GET',
    headers: Object.assign({ authorization: 'Bearer ' + token }, body ? { 'content-type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  }).then((r) => r.json());
  const el = (tag, props, ...children) => { const e = Object.assign(document.createElement(tag), props || {}); e.append(...children); return e; };
  async function load() {
    const reply = await ask('pending');
    list.replaceChildren();
    if (!reply.ok) { who.textContent = '本手机未配对或已被撤销，请在值守台重新配对。'; return; }
    const v = reply.value;
    who.textContent = v.person.name + (v.canSign ? '（可签发）' : '（当前不是带班领导，不能签发）');
    if (v.reports.length === 0) { list.append(el('p', { className: 'muted', textContent: '没有待签发的报告。' })); return; }
    for (const r of v.reports) {
      const pin = el('input', { type: 'password', inputMode: 'numeric', autocomplete: 'off', id: 'pin-' + r.reportId });
      const title = r.incidentTitle + ' · ' + (kinds[r.kind] || r.kind) + (r.sequence ? r.sequence : '');
      const button = el('button', { type: 'button', textContent: '签发' });
      button.setAttribute('aria-label', '签发 ' + title);
      const card = el('section', { className: 'card' },
        el('h2', { textContent: title }),
        el('p', { textContent: r.summary }),
        el('label', { htmlFor: pin.id, textContent: '本人口令' }), pin, button);
      card.setAttribute('aria-label', title);
      button.addEventListener('click', async () => {
        button.disabled = true;
        const done = await ask('approve', { reportId: r.reportId, secret: pin.value });
        button.disabled = false;
        if (done.ok) { status.textContent = '已签发：' + title; await load(); }
        else { status.replaceChildren(el('p', { role: 'alert', textContent: done.errors.map((e) => e.message.zh).join('；') })); }
      });
      list.append(card);
    }
  }
  load().catch(() => { who.textContent = '无法连接本站。'; });
})();`;

const headers = (type: string) => pageHeaders(CSP, type);
const bearer = bearerToken;
const body = readJsonBody;

export async function servePhone(phone: PhoneApprovals, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://station').pathname.slice(PHONE_PATH.length);
  const json = (status: number, value: unknown) => {
    res.writeHead(status, headers('application/json; charset=utf-8'));
    res.end(JSON.stringify(value));
  };
  if (req.method === 'GET' && path === '') return void res.writeHead(200, headers('text/html; charset=utf-8')).end(HTML);
  if (req.method === 'GET' && path === 'app.js')
    return void res.writeHead(200, headers('text/javascript; charset=utf-8')).end(SCRIPT);
  if (req.method === 'GET' && path === 'api/pending') {
    const r = phone.pending(bearer(req));
    json(r.ok ? 200 : 401, r);
    return;
  }
  if (req.method === 'POST' && path === 'api/approve') {
    let input: { reportId?: unknown; secret?: unknown };
    try {
      input = (await body(req)) as typeof input;
    } catch {
      json(400, { ok: false, errors: [{ code: 'INVALID_FIELD', message: { zh: '请求无效', en: 'Bad request' } }] });
      return;
    }
    const r = await phone.approve(bearer(req), { reportId: input?.reportId, secret: input?.secret }, `phone:${req.socket.remoteAddress ?? ''}`);
    json(r.ok ? 200 : 400, r.ok ? { ok: true, value: { approved: true } } : r);
    return;
  }
  res.writeHead(404).end();
}
