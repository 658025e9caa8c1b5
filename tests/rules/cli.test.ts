import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run rules -- check FILE` and `npm run rules -- explain FILE --incident …`, run as a user would.
const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'dutyroom-rules-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rules(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Under a host zone far from China's, and without a site file of the machine running the tests.
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'America/New_York' };
    delete env.DUTYROOM_RULES;
    execFile(process.execPath, ['--import', 'tsx', join(root, 'station', 'rules', 'cli.ts'), ...args], { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run rules', () => {
  it('check passes the shipped profiles', async () => {
    const r = await rules('check', 'resources/rules/henan.json', 'resources/rules/tianjin.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ resources/rules/henan.json');
    expect(r.stdout).toContain('✓ resources/rules/tianjin.json');
  }, 30_000);

  it('check names each bad field, in Chinese and in English, and fails', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'Bad Id',
        name: '坏配置',
        categories: {
          accident: {
            levels: { II: { initialPhone: { minutes: 15 }, initalWritten: { minutes: 30, source: 'x' } } },
            subtypes: { fire: { supplementary: { windowDays: 7, dueMinutesAfterChange: 60, source: '条例第十三条' } } },
          },
        },
      }),
    );
    const r = await rules('check', file);
    expect(r.code).toBe(1);
    for (const line of [
      '- id',
      '配置标识：应以小写字母开头，只含小写字母、数字、_ 或 -',
      'id: expected a profile id of lower-case letters, digits, _ or -',
      '- categories.accident.levels.II.initialPhone.source',
      '事故灾难 › 重大(II) › 电话首报 › 依据：缺少此项',
      '- categories.accident.levels.II',
      '事故灾难 › 重大(II)：未知字段 initalWritten',
      'categories › accident › levels › II: unknown field initalWritten',
      '- categories.accident.subtypes.fire.supplementary.dayCounting',
      '事故灾难 › 火灾 › 补报（伤亡变化） › 天数计算方式：只能是 calendar、elapsed 之一',
    ]) {
      expect(r.stderr).toContain(line);
    }
  }, 30_000);

  it('check refuses a file that is not JSON, saying so', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "id": ');
    const r = await rules('check', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不是有效的 JSON 文件');
  }, 30_000);

  it('explain prints the ladder a sample incident gets, each rung with its rule and source', async () => {
    const r = await rules('explain', 'resources/rules/henan.json', '--incident', 'accident/road_traffic/II', '--at', '2026-11-25 10:00', '--days', '1');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const rung = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(r.stdout).toContain('henan，适用 applies to 41');
    expect(lines[rung('2026-11-25 10:15  电话首报')]).toContain('[initial.phone]');
    expect(lines[rung('2026-11-25 10:15  电话首报') + 1]).toContain('categories.accident.levels.II.initialPhone');
    expect(lines[rung('2026-11-25 10:15  电话首报') + 2]).toContain('河南省');
    expect(lines[rung('2026-11-25 10:35  书面首报')]).toContain('[initial.written]');
    expect(r.stdout).toContain('2026-11-25 17:00  续报 follow-up  [follow_up.daily.2026-11-25T17:00]');
    // The 7-day supplementary window of a road-traffic accident, to 24:00 China time of its last day.
    expect(r.stdout).toContain('至 2026-12-02 24:00');
    expect(r.stdout).toContain('categories.accident.subtypes.road_traffic.supplementary');
  }, 30_000);

  it('explain shows a direct report under Tianjin’s profile and refuses an unknown incident kind', async () => {
    const r = await rules('explain', 'resources/rules/tianjin.json', '--incident', 'natural_disaster/flood/II', '--at', '2026-11-25 23:50', '--days', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-11-26 00:20  上报/直报 relay  [direct.province]');
    expect(r.stdout).toContain('本站 station: 120101');
    const bad = await rules('explain', 'resources/rules/tianjin.json', '--incident', 'accident/flood/II');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--incident 应为 类别/细类/等级');
  }, 30_000);
});
