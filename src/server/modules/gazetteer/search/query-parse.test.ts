import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import { getDefaultFolder } from './fold.ts';
import { normalizeQuery, parseQuery } from './query-parse.ts';

const term = (text: string) => ({ kind: 'term', text });

describe('query language', () => {
  it('reads AND, OR, NOT, -, phrases, grouping and NEAR', () => {
    expect(parseQuery('吉林 長白山')).toEqual({ kind: 'and', children: [term('吉林'), term('長白山')] });
    expect(parseQuery('吉林 AND 長白山')).toEqual({ kind: 'and', children: [term('吉林'), term('長白山')] });
    expect(parseQuery('吉林 OR 奉天')).toEqual({ kind: 'or', children: [term('吉林'), term('奉天')] });
    expect(parseQuery('吉林 -寧古塔')).toEqual({
      kind: 'and',
      children: [term('吉林'), { kind: 'not', child: term('寧古塔') }],
    });
    expect(parseQuery('吉林 NOT 寧古塔')).toEqual(parseQuery('吉林 -寧古塔'));
    expect(parseQuery('"長白 OR 山"')).toEqual(term('長白 OR 山'));
    expect(parseQuery('(吉林 OR 奉天) 山')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [term('吉林'), term('奉天')] }, term('山')],
    });
    expect(parseQuery('長白山 NEAR/5 寧古塔')).toEqual({
      kind: 'near',
      left: term('長白山'),
      right: term('寧古塔'),
      distance: 5,
    });
    expect(parseQuery('長白山 NEAR 寧古塔')).toMatchObject({ kind: 'near', distance: 10 });
    expect(parseQuery('吉林-長白')).toEqual(term('吉林-長白'));
  });

  it('rejects malformed queries with a Chinese explanation', () => {
    for (const bad of [
      '',
      '   ',
      '"吉林',
      '(吉林',
      '吉林)',
      '吉林 OR',
      'NOT',
      '吉林 NEAR',
      'NEAR 吉林',
      '(a OR b) NEAR c',
    ]) {
      expect(() => parseQuery(bad), bad).toThrow(AppError);
    }
    expect(() => parseQuery('"吉林')).toThrow(/引号/);
    // NEAR/ with something other than a number is the operator mistyped, not text; quoted, it is text.
    for (const bad of ['長白山 NEAR/abc 寧古塔', '長白山 NEAR/ 寧古塔', '長白山 NEAR/-3 寧古塔', 'NEAR/十'])
      expect(() => parseQuery(bad), bad).toThrow(/NEAR\/ 后应为相距的字数/);
    expect(parseQuery('"NEAR/abc"')).toEqual(term('NEAR/abc'));
  });

  it('normalises terms like the text: layout removed, folded on request', () => {
    expect(normalizeQuery(parseQuery('"縣 志"'), getDefaultFolder())).toEqual(
      term(getDefaultFolder().foldText('縣志')),
    );
    expect(normalizeQuery(parseQuery('"縣 志"'), null)).toEqual(term('縣志'));
  });

  it('refuses queries without a positive term', () => {
    expect(() => normalizeQuery(parseQuery('-吉林'), null)).toThrow(/至少/);
    expect(() => normalizeQuery(parseQuery('吉林 OR -奉天'), null)).toThrow(/至少/);
    expect(() => normalizeQuery(parseQuery('""'), null)).toThrow(/空的引号/);
  });
});
