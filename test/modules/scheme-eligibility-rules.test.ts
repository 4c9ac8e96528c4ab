import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DECLARATIONS } from '../../src/modules/registry/index.js';
import { ageOn, evaluateEligibility, type EligibilityProfile } from '../../src/modules/schemes/eligibility/evaluate.js';
import { parseEligibilityRule, type EligibilityRule } from '../../src/modules/schemes/eligibility/rule.js';

const reference = JSON.parse(readFileSync(new URL('../../reference/scheme-rules.json', import.meta.url), 'utf8')) as {
  rules: Record<string, unknown>;
};
const ruleOf = (code: string): EligibilityRule => {
  const parsed = parseEligibilityRule(reference.rules[code]);
  assert.ok('rule' in parsed, JSON.stringify(parsed));
  return parsed.rule;
};
const TODAY = '2026-12-06';
const owner: EligibilityProfile = {
  state: 'Bihar',
  landHoldingHa: 1.2,
  landOwnership: 'owner',
  socialCategory: null,
  gender: null,
  dateOfBirth: null,
  declarations: {},
  fieldAreaHa: null,
  crops: null,
};

describe('scheme eligibility rules', () => {
  it('every catalogue rule parses, and every criterion has English and Hindi text', () => {
    for (const code of Object.keys(reference.rules)) {
      for (const criterion of ruleOf(code).criteria) assert.match(criterion.textHi, /[\u0900-\u097F]/, `${code}.${criterion.criterion}`);
    }
  });

  it('the newest migration holding catalogue rules has them as the file has them (the script output, unchanged)', () => {
    const dir = new URL('../../migrations/', import.meta.url);
    const migration = readdirSync(dir)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort()
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .filter((text) => text.includes('UPDATE schemes SET eligibility'))
      .at(-1)!;
    const sql = execFileSync(process.execPath, ['scripts/scheme-rules-sql.mjs'], { encoding: 'utf8' });
    assert.ok(migration.includes(sql), 'reference/scheme-rules.json changed: put the script output in a new migration');
  });

  it('PM-KISAN: a 1.2 ha owner with no declarations is eligible; undeclared exclusions count as not excluded', () => {
    const result = evaluateEligibility(ruleOf('pm-kisan'), owner, TODAY);
    assert.equal(result.eligible, true);
    assert.deepEqual(result.missing, []);
    assert.ok(result.reasons.every((reason) => reason.met === true));
    assert.ok(result.reasons.find((r) => r.criterion === 'not_income_tax_payer')!.text.includes('self-declared'));
  });

  const exclusions = {
    incomeTaxPayer: 'not_income_tax_payer',
    governmentEmployee: 'not_government_employee',
    pensionAbove10k: 'no_pension_above_10k',
    constitutionalPost: 'no_constitutional_post',
    practisingProfessional: 'not_practising_professional',
    institutionalLandholder: 'not_institutional_landholder',
  } as const;
  for (const [declaration, criterion] of Object.entries(exclusions)) {
    it(`PM-KISAN: a ${declaration} declaration excludes, with that reason alone`, () => {
      const result = evaluateEligibility(ruleOf('pm-kisan'), { ...owner, declarations: { [declaration]: true } }, TODAY);
      assert.equal(result.eligible, false);
      assert.deepEqual(
        result.reasons.filter((reason) => reason.met === false).map((reason) => reason.criterion),
        [criterion],
      );
    });
  }

  it('PM-KISAN: a declaration of false is met as well', () => {
    const declarations = Object.fromEntries(DECLARATIONS.map((name) => [name, false]));
    assert.equal(evaluateEligibility(ruleOf('pm-kisan'), { ...owner, declarations }, TODAY).eligible, true);
  });

  it('PM-KISAN: a tenant or sharecropper is not eligible; unknown ownership is null with missing landOwnership', () => {
    for (const landOwnership of ['tenant', 'sharecropper', 'none']) {
      const result = evaluateEligibility(ruleOf('pm-kisan'), { ...owner, landOwnership }, TODAY);
      assert.equal(result.eligible, false, landOwnership);
      assert.equal(result.reasons.find((r) => r.criterion === 'landholder')!.met, false);
    }
    const unknown = evaluateEligibility(ruleOf('pm-kisan'), { ...owner, landOwnership: null }, TODAY);
    assert.equal(unknown.eligible, null);
    assert.deepEqual(unknown.missing, ['landOwnership']);
  });

  it('PM-KMY: missing date of birth gives null with missing ["dateOfBirth"]; 18-40 and up to 2 ha is eligible', () => {
    const unknown = evaluateEligibility(ruleOf('pm-kmy'), owner, TODAY);
    assert.equal(unknown.eligible, null);
    assert.deepEqual(unknown.missing, ['dateOfBirth']);
    assert.equal(unknown.reasons.find((r) => r.criterion === 'entry_age_18_40')!.met, null);

    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), { ...owner, dateOfBirth: '1990-05-01' }, TODAY).eligible, true);
    // 40 until the day before the 41st birthday; 18 from the 18th birthday.
    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), { ...owner, dateOfBirth: '1985-12-07' }, TODAY).eligible, true);
    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), { ...owner, dateOfBirth: '1985-12-06' }, TODAY).eligible, false);
    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), { ...owner, dateOfBirth: '2008-12-06' }, TODAY).eligible, true);
    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), { ...owner, dateOfBirth: '2008-12-07' }, TODAY).eligible, false);
  });

  it('PM-KMY: over 2 ha, or covered by NPS/ESIC/EPFO, is not eligible; an unknown holding is null', () => {
    const young = { ...owner, dateOfBirth: '1995-01-01' };
    const large = evaluateEligibility(ruleOf('pm-kmy'), { ...young, landHoldingHa: 2.5 }, TODAY);
    assert.equal(large.eligible, false);
    assert.equal(large.reasons.find((r) => r.criterion === 'small_or_marginal')!.met, false);
    const covered = evaluateEligibility(ruleOf('pm-kmy'), { ...young, declarations: { epfoNpsEsic: true } }, TODAY);
    assert.deepEqual(
      covered.reasons.filter((r) => r.met === false).map((r) => r.criterion),
      ['no_statutory_social_security'],
    );
    const holding = evaluateEligibility(ruleOf('pm-kmy'), { ...young, landHoldingHa: null }, TODAY);
    assert.equal(holding.eligible, null);
    assert.deepEqual(holding.missing, ['landHoldingHa']);
  });

  it('PM-KMY: a pension of ₹10,000 a month or more does not exclude, since its guidelines exclude no pensioners; it still excludes from PM-KISAN', () => {
    const pensioner = { ...owner, dateOfBirth: '1995-01-01', declarations: { pensionAbove10k: true } };
    assert.equal(evaluateEligibility(ruleOf('pm-kmy'), pensioner, TODAY).eligible, true);
    assert.equal(evaluateEligibility(ruleOf('pm-kisan'), pensioner, TODAY).eligible, false);
  });

  it('a criterion that fails wins over one that cannot be told', () => {
    const result = evaluateEligibility(ruleOf('pm-kmy'), { ...owner, landHoldingHa: 3 }, TODAY);
    assert.equal(result.eligible, false);
    assert.deepEqual(result.missing, ['dateOfBirth']);
  });

  it("a rule on the farmer's fields and crops: the fields' area and the crops sown, null when none are recorded", () => {
    const rule: EligibilityRule = {
      version: 1,
      criteria: [
        {
          criterion: 'grows_pulses',
          field: 'crops',
          op: 'includesAny',
          value: ['tur_arhar', 'gram'],
          whenMissing: 'unknown',
          text: 'Grows pulses',
          textHi: 'दलहन उगाता है',
        },
        {
          criterion: 'farms_1ha',
          field: 'fieldAreaHa',
          op: 'between',
          min: 1,
          whenMissing: 'unknown',
          text: 'Farms 1 ha or more',
          textHi: '1 हेक्टेयर या अधिक',
        },
      ],
    };
    assert.ok('rule' in parseEligibilityRule(rule));
    const none = evaluateEligibility(rule, owner, TODAY);
    assert.equal(none.eligible, null);
    assert.deepEqual(none.missing, ['cropCycles', 'fields']);
    assert.equal(evaluateEligibility(rule, { ...owner, crops: ['gram', 'wheat'], fieldAreaHa: 1.5 }, TODAY).eligible, true);
    assert.equal(evaluateEligibility(rule, { ...owner, crops: ['wheat'], fieldAreaHa: 1.5 }, TODAY).eligible, false);
    assert.equal(evaluateEligibility(rule, { ...owner, crops: ['gram'], fieldAreaHa: 0.5 }, TODAY).eligible, false);
    const misused = parseEligibilityRule({ version: 1, criteria: [{ ...rule.criteria[0], field: 'gender' }] });
    assert.ok('problems' in misused && misused.problems[0]!.message.includes('includesAny'));
  });

  it('ageOn counts whole years', () => {
    assert.equal(ageOn('2000-02-29', '2026-02-28'), 25);
    assert.equal(ageOn('2000-02-29', '2026-03-01'), 26);
  });

  it('parseEligibilityRule refuses a bad rule with where and why', () => {
    const problems = (input: unknown) => {
      const parsed = parseEligibilityRule(input);
      assert.ok('problems' in parsed);
      return parsed.problems;
    };
    const criterion = { criterion: 'a', field: 'ageYears', op: 'between', min: 18, whenMissing: 'unknown', text: 'x', textHi: 'य' };
    assert.ok(problems({ version: 1, criteria: [] }).length > 0);
    assert.ok(problems({ version: 1, criteria: [{ ...criterion, field: 'salary' }] }).length > 0);
    assert.ok(problems({ version: 1, criteria: [{ ...criterion, whenMissing: 'guess' }] }).length > 0);
    assert.deepEqual(problems({ version: 1, criteria: [criterion, criterion] }), [
      { path: '/criteria/1/criterion', message: 'is used twice' },
    ]);
    assert.equal(problems({ version: 1, criteria: [{ ...criterion, field: 'gender' }] })[0]!.message, 'between compares a number');
    assert.equal(problems({ version: 1, criteria: [{ ...criterion, min: undefined }] })[0]!.message, 'between needs min or max');
    assert.ok('rule' in parseEligibilityRule({ version: 1, criteria: [criterion] }));
  });
});
