import { describe, expect, it } from 'vitest';
import { ledgerCleared, ledgerProgressReceived, ledgerRefused, ledgerSlice, ledgerStarted, ledgerStatusLoaded } from './slice';

const reduce = ledgerSlice.reducer;

describe('the window keeps only its own ledger import', () => {
  it('follows the progress of the job it started and ignores another window’s job', () => {
    let s = reduce(undefined, ledgerStarted({ uploadId: 'up-mine000001', fileName: 'risk-points.csv', fileBytes: 4000 }));
    expect(s.progress).toMatchObject({ state: 'uploading', done: 0, total: 4000 });
    s = reduce(s, ledgerProgressReceived({ uploadId: 'up-other00001', state: 'checking', phase: 'read', done: 500, total: 9000 }));
    expect(s.progress).toMatchObject({ state: 'uploading' });
    s = reduce(s, ledgerProgressReceived({ uploadId: 'up-mine000001', state: 'checking', phase: 'validate', done: 10, total: 20 }));
    expect(s.progress).toMatchObject({ state: 'checking', phase: 'validate', done: 10 });
  });

  it('takes the report and then the result from the station, and a refusal with its reason', () => {
    let s = reduce(undefined, ledgerStarted({ uploadId: 'up-mine000001', fileName: 'x.csv', fileBytes: 10 }));
    const report = {
      importId: 'imp-1',
      kind: 'risk_point' as const,
      fileName: 'x.csv',
      rowsRead: 2,
      validCount: 1,
      updateCount: 0,
      invalidCount: 1,
      invalidRows: [3],
      findingsTotal: 1,
      findings: [{ row: 3, column: '纬度', problem: 'COORDINATES_SWAPPED' as const, message: { zh: '经度与纬度可能填反了', en: 'swapped' } }],
      columns: [],
      preview: [{ row: 2, id: 'risk-1', name: '滑坡点', updatesExisting: false }],
    };
    s = reduce(s, ledgerStatusLoaded({ uploadId: 'up-mine000001', job: { progress: { uploadId: 'up-mine000001', state: 'ready', done: 2 }, report } }));
    expect(s.report?.findings[0]).toMatchObject({ row: 3, column: '纬度' });
    s = reduce(s, ledgerRefused({ uploadId: 'up-mine000001', errors: [{ code: 'LEDGER_SKIPPED_ROWS_UNCONFIRMED', message: { zh: '有问题的行不会导入', en: 'confirm' } }] }));
    expect(s.errors?.[0]?.code).toBe('LEDGER_SKIPPED_ROWS_UNCONFIRMED');
    expect(s.report).not.toBeNull();
    s = reduce(s, ledgerCleared());
    expect(s.uploadId).toBeNull();
  });
});
