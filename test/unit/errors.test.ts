import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import {
  AlibabaApiError,
  AuthError,
  ConfigError,
  ExitCode,
  LockedError,
  OdooFaultError,
  RecordError,
  RemoteUnavailableError,
  StateError,
  UsageError,
} from '../../src/errors.js';

describe('exit codes', () => {
  it.each([
    ['a usage error', new UsageError('bad flag'), ExitCode.Usage],
    ['a config error', new ConfigError(['odoo.url: required']), ExitCode.Usage],
    ['an unusable state file', new StateError('not a database'), ExitCode.Usage],
    ['an authentication problem', new AuthError('token expired'), ExitCode.AuthNeeded],
    ['bad Odoo credentials', new OdooFaultError('bad_credentials', 3, 'Access Denied'), ExitCode.AuthNeeded],
    ['another Odoo fault', new OdooFaultError('validation', 2, 'x'), ExitCode.Internal],
    ['an unreachable remote', new RemoteUnavailableError('odoo', 'ECONNREFUSED'), ExitCode.RemoteUnavailable],
    ['a failed record', new RecordError('offer:1', 'no subject'), ExitCode.RecordsFailed],
    ['a held lock', new LockedError('held'), ExitCode.Locked],
    ['a 1688 API error', new AlibabaApiError('gw.APIACLDecline', 'not granted'), ExitCode.Internal],
    ['an unknown error', new TypeError('x is undefined'), ExitCode.Internal],
    ['a thrown string', 'boom', ExitCode.Internal],
  ])('maps %s to its exit code', (_name, err, code) => {
    expect(exitCodeFor(err)).toBe(code);
  });

  it('tells the user to log in again on an authentication error', () => {
    expect(new AuthError('refresh token expired').hint).toContain('auth login');
  });
});
