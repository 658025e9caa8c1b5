import { describe, expect, it } from 'vitest';
import { DraftReportRequest, ReportExportRequest, TimelinessRequest } from './schemas';

describe('report call schemas at the trust boundary', () => {
  it('refuse a statistics period that ends before it starts, naming the field', () => {
    const r = TimelinessRequest.safeParse({
      from: '2026-11-26T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['to']);
    expect(
      TimelinessRequest.safeParse({ from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z' })
        .success,
    ).toBe(true);
  });

  it('refuse an unknown report kind and a bad issue number', () => {
    expect(
      DraftReportRequest.safeParse({ incidentId: '01JD00000000000000000000AA', kind: 'weekly' }).success,
    ).toBe(false);
    expect(
      ReportExportRequest.safeParse({ reportId: '01JD00000000000000000000AA', meta: { issueNumber: 0 } })
        .success,
    ).toBe(false);
    expect(ReportExportRequest.parse({ reportId: '01JD00000000000000000000AA' }).meta).toEqual({});
  });
});
