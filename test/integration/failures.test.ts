import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlibabaApiError, OdooFaultError, RecordError, RemoteUnavailableError } from '../../src/errors.js';
import { silentLogger } from '../../src/log/logger.js';
import { Store } from '../../src/state/store.js';
import { classifyFailure, fileFailure } from '../../src/sync/failures.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('aos-failures-');
let n = 0;
const store = (): Store => new Store(path.join(dir, `f${(n += 1)}.sqlite`));

describe('classifyFailure', () => {
  it('stops the run when a remote is unavailable', () => {
    expect(classifyFailure(new RemoteUnavailableError('odoo', 'ECONNREFUSED'))).toMatchObject({ abortRun: true });
  });

  it('stops the run on an access-rights fault, which every record would hit', () => {
    expect(classifyFailure(new OdooFaultError('access', 4, 'not allowed'))).toMatchObject({ abortRun: true });
  });

  it('treats a validation fault as a permanent failure of the record', () => {
    expect(classifyFailure(new OdooFaultError('validation', 2, 'bad'))).toMatchObject({ abortRun: false, permanent: true });
  });

  it('retries a retryable 1688 error later and keeps the platform code', () => {
    expect(classifyFailure(new AlibabaApiError('ISPInvokeTimeout', 'timeout', { retryable: true }))).toMatchObject({
      permanent: false,
      failure: { code: 'ISPInvokeTimeout' },
    });
  });
});

describe('fileFailure', () => {
  it('dead-letters a permanent failure at once with its context and hint', () => {
    const s = store();
    const err = new RecordError('offer:1', 'offer has no subject', { hint: 'fix the offer on 1688' });
    expect(fileFailure(s, silentLogger(), { kind: 'offer', key: '1', payload: { offerId: '1' }, error: err, context: { api: 'productInfo' } })).toBe('dead');
    expect(s.deadLetters.list()[0]).toMatchObject({
      kind: 'offer',
      key: '1',
      errorMessage: 'offer has no subject',
      errorContext: { hint: 'fix the offer on 1688', api: 'productInfo' },
    });
    s.close();
  });

  it('queues a transient failure for a later run, then dead-letters it after the last attempt', () => {
    const s = store();
    const err = new RecordError('po:9', 'supplier busy', { permanent: false });
    const outcomes = Array.from({ length: 5 }, () => fileFailure(s, silentLogger(), { kind: 'po', key: '9', payload: { poId: 9 }, error: err }));
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'dead']);
    expect(s.deadLetters.list()[0]?.attempts).toBe(5);
    expect(s.jobs.byKey('po', '9')).toBeUndefined();
    s.close();
  });

  it('rethrows a failure that must stop the run and files nothing', () => {
    const s = store();
    const err = new RemoteUnavailableError('1688', 'gateway down');
    expect(() => fileFailure(s, silentLogger(), { kind: 'offer', key: '2', payload: null, error: err })).toThrow(err);
    expect(s.jobs.depth()).toEqual({});
    s.close();
  });
});
