import type { IncomingMessage, ServerResponse } from 'node:http';
import { domainError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { FieldTerminals, FieldView } from './terminals';
import { enOf, zhOf } from '../../shared/labels/labels';
import { TEAM_STATUS_LABELS } from '../../shared/labels/teams';
import { bearerToken, pageHeaders, readJsonBody } from '../host/pageHttp';

/**
 * 外勤终端 page (issue 19; decision 0025): what a team leader's phone opens. /field/#t=TOKEN once (the
 * address shown when the phone was paired); the page keeps the token, receives its team's orders as
 * they are issued (a server-sent stream read with fetch, so the token rides in a header, not the URL),
 * and sends each tap (接令 出发 到场 处置中 返回) with the phone's position. Taps wait in the phone's own
 * storage while it is offline or the station cannot be reached, and go in order, each under the id it
 * was given when tapped, once it can. No framework: one HTML file and one script, nothing inline.
 */
export const FIELD_PATH = '/field/';

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
<title>外勤终端 · 值守台</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;padding:12px;background:#f3f5f8;color:#111}
header{display:flex;justify-content:space-between;align-items:center} h1{font-size:20px;margin:4px 0 8px}
.card{background:#fff;border-radius:8px;padding:12px;margin:0 0 12px;box-shadow:0 1px 3px #0002}
.card h2{font-size:18px;margin:0 0 4px} .steps{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:10px}
.steps button{font-size:20px;padding:14px 8px;border:0;border-radius:8px;background:#1f4e9c;color:#fff}
.steps button:disabled{background:#9aa7bb} #lang{font-size:14px;padding:6px 10px;border:1px solid #889;border-radius:6px;background:#fff}
[role=alert]{color:#b3261e;font-weight:600} .muted{color:#555} .offline{color:#8a5a00;font-weight:600}
</style></head>
<body><header><h1 id="title">外勤终端</h1><button id="lang" type="button">English</button></header>
<p id="who" class="muted">正在连接本站…</p><p id="link" role="status"></p><div id="notice" aria-live="polite"></div>
<main id="orders"></main>
<script src="/field/app.js"></script></body></html>`;

const SCRIPT = String.raw`(() => {
  const T = {
    zh: {
      title: '外勤终端', lang: 'English', connecting: '正在连接本站…', unpaired: '本终端未配对或已被撤销，请在值守台重新配对。',
      team: '{team} · 当前状态：{status}', online: '在线', offline: '离线', waiting: '待发送 {n} 条', noOrders: '暂无调度指令。',
      order: '指令：{state}', address: '地点：{address}', sent: '已发送：{step}', queued: '已记录，待联网发送：{step}',
      refused: '未被接受：{step}（{why}）', noFix: '（未取得位置）', revoked: '本终端已被撤销，请在值守台重新配对。',
      steps: { acknowledge: '接令', depart: '出发', arrive: '到场', working: '处置中', return: '返回' },
      orderStates: { issued: '待接令', acknowledged: '已接令', arrived: '已到场' },
      statuses: ${JSON.stringify(zhOf(TEAM_STATUS_LABELS))},
    },
    en: {
      title: 'Field terminal', lang: '中文', connecting: 'Connecting to the station…', unpaired: 'This terminal is not paired or was revoked; pair it again at the duty console.',
      team: '{team} · status: {status}', online: 'Online', offline: 'Offline', waiting: '{n} waiting to send', noOrders: 'No dispatch orders.',
      order: 'Order: {state}', address: 'Where: {address}', sent: 'Sent: {step}', queued: 'Recorded, will send when online: {step}',
      refused: 'Not accepted: {step} ({why})', noFix: '(no position)', revoked: 'This terminal was revoked; pair it again at the duty console.',
      steps: { acknowledge: 'Acknowledge', depart: 'Depart', arrive: 'On scene', working: 'Working', return: 'Return' },
      orderStates: { issued: 'awaiting acknowledgement', acknowledged: 'acknowledged', arrived: 'on scene' },
      statuses: ${JSON.stringify(enOf(TEAM_STATUS_LABELS))},
    },
  };
  const KEY = 'dutyroom.field', QUEUE = 'dutyroom.field.queue', VIEW = 'dutyroom.field.view', LANG = 'dutyroom.field.lang';
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('t');
  if (fromHash) {
    if (localStorage.getItem(KEY) !== fromHash) { localStorage.removeItem(VIEW); localStorage.removeItem(QUEUE); }
    localStorage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = localStorage.getItem(KEY) || '';
  let lang = localStorage.getItem(LANG) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
  const $ = (id) => document.getElementById(id);
  const t = (key, vars) => String(key.split('.').reduce((o, k) => o && o[k], T[lang]) || key).replace(/\{(\w+)\}/g, (_, k) => (vars && vars[k] !== undefined ? vars[k] : ''));
  const el = (tag, props, ...children) => { const e = Object.assign(document.createElement(tag), props || {}); e.append(...children); return e; };
  const load = (k, d) => { try { return JSON.parse(localStorage.getItem(k) || '') ?? d; } catch { return d; } };
  let view = load(VIEW, null);
  let queue = load(QUEUE, []);
  let revoked = false;
  let notice = null;
  const saveQueue = () => localStorage.setItem(QUEUE, JSON.stringify(queue));

  // ULIDs: 48-bit time and 80 random bits in Crockford base32, made when a tap is queued.
  const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const ulid = () => {
    let ms = Date.now(), time = '';
    for (let i = 0; i < 10; i++) { time = B32[ms % 32] + time; ms = Math.floor(ms / 32); }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    let rand = '';
    for (let i = 0; i < 16; i++) rand += B32[bytes[i] % 32];
    return time + rand;
  };

  function render() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title') + ' · 值守台';
    $('title').textContent = t('title');
    $('lang').textContent = t('lang');
    const who = $('who');
    if (revoked || !token) who.replaceChildren(el('span', { role: 'alert', textContent: t(token ? 'revoked' : 'unpaired') }));
    else if (view) who.textContent = t('team', { team: view.team.name + (view.team.leader ? '（' + view.team.leader + '）' : ''), status: t('statuses.' + view.team.status) });
    else who.textContent = t('connecting');
    const waiting = queue.filter((q) => q.kind === 'status').length;
    $('link').className = navigator.onLine ? '' : 'offline';
    $('link').textContent = (navigator.onLine ? t('online') : t('offline')) + (waiting ? ' · ' + t('waiting', { n: waiting }) : '');
    $('notice').replaceChildren(...(notice ? [el('p', notice.alert ? { role: 'alert', textContent: notice.text } : { textContent: notice.text })] : []));
    const orders = $('orders');
    orders.replaceChildren();
    if (!view) return;
    if (view.orders.length === 0) { orders.append(el('p', { className: 'muted', textContent: t('noOrders') })); return; }
    for (const o of view.orders) {
      const steps = el('div', { className: 'steps' });
      for (const step of ['acknowledge', 'depart', 'arrive', 'working', 'return']) {
        const b = el('button', { type: 'button', textContent: t('steps.' + step), disabled: revoked });
        b.addEventListener('click', () => tap(o, step));
        steps.append(b);
      }
      const card = el('section', { className: 'card' },
        el('h2', { textContent: o.incident.title }),
        el('p', { className: 'muted', textContent: t('address', { address: o.incident.address || '—' }) }),
        el('p', { textContent: t('order', { state: t('orderStates.' + o.status) }) }),
        steps);
      card.setAttribute('aria-label', o.incident.title);
      orders.append(card);
    }
  }
  const setView = (v) => { view = v; localStorage.setItem(VIEW, JSON.stringify(v)); render(); };

  // The phone's position: asked at each tap (a fix up to 30 s old will do), never blocking it for long.
  const fixNow = () => new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(undefined);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(fixOf(p)), () => resolve(undefined), { enableHighAccuracy: true, timeout: 5000, maximumAge: 30000 });
  });
  const fixOf = (p) => {
    const c = p.coords, f = { lat: c.latitude, lon: c.longitude, at: new Date(p.timestamp || Date.now()).toISOString() };
    // A browser gives null (not a number) for what it does not know: only finite numbers in range go.
    const num = (v, max) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
    if (num(c.accuracy, 100000)) f.accuracyM = c.accuracy;
    if (num(c.heading, 360)) f.headingDeg = c.heading;
    if (num(c.speed, 400 / 3.6)) f.speedKmh = c.speed * 3.6;
    return f;
  };

  async function tap(order, step) {
    const fix = await fixNow();
    const body = { id: ulid(), dispatchId: order.dispatchId, step };
    if (fix) { body.fix = fix; body.fixId = ulid(); }
    queue.push({ kind: 'status', body, label: t('steps.' + step) + ' · ' + order.incident.title });
    saveQueue();
    notice = { text: t('queued', { step: t('steps.' + step) }) + (fix ? '' : ' ' + t('noFix')) };
    render();
    flush();
  }

  const post = (path, body) => fetch('/field/api/' + path, {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  // Send what waits, oldest first, one at a time; a failure to reach the station stops and retries later.
  let flushing = false, retry = null;
  async function flush() {
    if (flushing || revoked || !token) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const item = queue[0];
        let reply, status;
        try {
          const r = await post(item.kind, item.body);
          status = r.status;
          reply = await r.json();
        } catch {
          clearTimeout(retry);
          retry = setTimeout(flush, 5000);
          return;
        }
        if (status === 401) { revoked = true; render(); return; }
        queue.shift();
        saveQueue();
        if (item.kind !== 'status') continue;
        if (reply.ok) { notice = { text: t('sent', { step: item.label }) }; if (reply.value.view) setView(reply.value.view); }
        else notice = { alert: true, text: t('refused', { step: item.label, why: reply.errors.map((e) => e.message[lang] || e.message.zh).join('；') }) };
        render();
      }
    } finally { flushing = false; render(); }
  }

  // Orders pushed by the station: a server-sent stream, read with fetch so the token stays in a header.
  async function listen() {
    if (!token || revoked) return;
    try {
      const r = await fetch('/field/api/stream', { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' });
      if (r.status === 401) { revoked = true; render(); return; }
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      flush();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = (frame.match(/^event: (.*)$/m) || [])[1] || 'message';
          const data = (frame.match(/^data: (.*)$/m) || [])[1];
          if (event === 'revoked') { revoked = true; render(); return; }
          if (data) setView(JSON.parse(data));
        }
      }
    } catch { /* offline or the station restarted: try again */ }
    setTimeout(listen, 3000);
  }

  // Between taps, the position goes on its own while an order is open: on a move of 50 m or every minute.
  let lastSent = null;
  const far = (a, b) => Math.hypot((a.lat - b.lat) * 111320, (a.lon - b.lon) * 111320 * Math.cos(a.lat * Math.PI / 180)) > 50;
  if (navigator.geolocation && token) navigator.geolocation.watchPosition((p) => {
    if (!view || view.orders.length === 0 || revoked) return;
    const fix = fixOf(p);
    if (lastSent && !far(fix, lastSent) && Date.parse(fix.at) - Date.parse(lastSent.at) < 60000) return;
    lastSent = fix;
    // One position waiting is enough: a newer one replaces it.
    queue = queue.filter((q) => q.kind !== 'position');
    queue.push({ kind: 'position', body: { id: ulid(), fix } });
    saveQueue();
    flush();
  }, () => {}, { enableHighAccuracy: true, maximumAge: 30000 });

  $('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem(LANG, lang); render(); });
  addEventListener('online', () => { render(); flush(); });
  addEventListener('offline', render);
  render();
  listen();
})();`;

const headers = (type: string) => pageHeaders(CSP, type);
const bearer = bearerToken;
const body = readJsonBody;

const statusOf = (r: Result<unknown>) =>
  r.ok ? 200 : r.errors.some((e) => e.code === 'NOT_AUTHENTICATED') ? 401 : r.errors.some((e) => e.code === 'INVALID_FIELD') ? 400 : 409;

/** The /field/ routes, and `close` to end open push streams when the host stops. */
export function fieldRoutes(fieldNow: () => FieldTerminals | undefined) {
  const streams = new Set<() => void>();
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const field = fieldNow();
    if (!field) return void res.writeHead(404).end();
    const path = new URL(req.url ?? '/', 'http://station').pathname.slice(FIELD_PATH.length);
    const json = (r: Result<unknown>) => {
      res.writeHead(statusOf(r), headers('application/json; charset=utf-8'));
      res.end(JSON.stringify(r));
    };
    if (req.method === 'GET' && path === '') return void res.writeHead(200, headers('text/html; charset=utf-8')).end(HTML);
    if (req.method === 'GET' && path === 'app.js')
      return void res.writeHead(200, headers('text/javascript; charset=utf-8')).end(SCRIPT);
    if (req.method === 'GET' && path === 'api/view') {
      json(field.view(bearer(req)));
      return;
    }
    if (req.method === 'GET' && path === 'api/stream') {
      const send = (view: FieldView | null) => {
        if (view) res.write(`data: ${JSON.stringify(view)}\n\n`);
        else {
          res.write('event: revoked\ndata: {}\n\n');
          res.end();
        }
      };
      // Headers go first, so the stream is open before the first view is written into it.
      const watched = field.watch(bearer(req), (view) => {
        if (!res.headersSent) res.writeHead(200, { ...headers('text/event-stream; charset=utf-8'), 'x-accel-buffering': 'no' });
        send(view);
        if (!view) end();
      });
      if (!watched.ok) {
        json(watched);
        return;
      }
      const stop = watched.value;
      const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
      const end = () => {
        clearInterval(ping);
        stop();
        streams.delete(close);
      };
      const close = () => {
        end();
        res.end();
      };
      streams.add(close);
      req.on('close', end);
      return;
    }
    if (req.method === 'POST' && (path === 'api/status' || path === 'api/position')) {
      let input: unknown;
      try {
        input = await body(req);
      } catch {
        json({ ok: false, errors: [domainError('INVALID_FIELD', 'body')] });
        return;
      }
      json(path === 'api/status' ? field.status(bearer(req), input) : field.position(bearer(req), input));
      return;
    }
    res.writeHead(404).end();
  }
  return {
    serve,
    close() {
      for (const close of [...streams]) close();
    },
  };
}
