import { describe, expect, it } from 'vitest';
import { PolypayError } from '../../errors/polypay-error.js';
import { notFound } from '../../services/not-found.js';
import { toPingppError } from './errors.js';

describe('toPingppError', () => {
  it('writes Ping++’s shape with the catalog’s status and the thrower’s detail', () => {
    expect(toPingppError(notFound('charge', 'ch_x'))).toEqual({
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          message: 'No charge ch_x.',
          code: 'resource_not_found',
          param: 'id',
        },
      },
    });
  });

  it('in Chinese, gives the thrower’s Chinese detail after the catalog’s message', () => {
    const { body } = toPingppError(notFound('charge', 'ch_x'), 'zh');
    expect(body.error.message).toMatch(/（订单 ch_x 不存在）$/);
    expect(body.error.message).not.toMatch(/No charge/);
  });

  it('in Chinese, keeps an English detail that has no Chinese form', () => {
    const error = new PolypayError('invalid_params', { param: 'amount', message: 'amount is odd.' });
    expect(toPingppError(error, 'zh').body.error.message).toMatch(/（amount is odd\.）$/);
  });
});
