import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv, loadGatewayConfig } from './config';

const fields = (r: ReturnType<typeof loadGatewayConfig> | undefined) =>
  r && !r.ok ? r.errors.map((e) => [e.code, e.field]) : [];

describe('gateway settings', () => {
  it('an https gateway with a token is accepted with default timeout and retries', () => {
    const r = loadGatewayConfig({ url: 'https://sms.example.gov.cn/v1/messages', token: 'abcdefgh12345678' });
    expect(r.ok && r.value).toMatchObject({ timeoutMs: 5000, retries: 3, backoffMs: 500 });
  });

  it('plain http is refused except to this machine, since the token travels in a header', () => {
    expect(
      fields(loadGatewayConfig({ url: 'http://sms.example.gov.cn/v1/messages', token: 'abcdefgh12345678' })),
    ).toEqual([['INVALID_FIELD', 'url']]);
    expect(
      loadGatewayConfig({ url: 'http://127.0.0.1:9000/v1/messages', token: 'abcdefgh12345678' }).ok,
    ).toBe(true);
  });

  it('a missing token or a bad timeout is refused field by field', () => {
    expect(fields(loadGatewayConfig({ url: 'https://sms.example.gov.cn', token: '', timeoutMs: 5 }))).toEqual(
      [
        ['INVALID_FIELD', 'token'],
        ['INVALID_FIELD', 'timeoutMs'],
      ],
    );
  });

  it('no gateway URL in the environment means no gateway, not an error', () => {
    expect(gatewayConfigFromEnv({})).toBeUndefined();
    expect(fields(gatewayConfigFromEnv({ DUTYROOM_NOTIFY_URL: 'https://sms.example.gov.cn' }))).toEqual([
      ['INVALID_FIELD', 'token'],
    ]);
  });
});
