import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7 } from '#domain/messaging/sms-segments.ts';

const EMOJI = '😀'; // outside the BMP: a surrogate pair, two UTF-16 code units

describe('countSegments', () => {
  it.each([
    { name: 'an empty text costs nothing', text: '', encoding: 'GSM-7', units: 0, segments: 0 },
    { name: '1 GSM character', text: 'a', encoding: 'GSM-7', units: 1, segments: 1 },
    {
      name: '160 GSM characters fit one segment',
      text: 'a'.repeat(160),
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
    },
    {
      name: '161 GSM characters need two',
      text: 'a'.repeat(161),
      encoding: 'GSM-7',
      units: 161,
      segments: 2,
    },
    { name: '306 GSM characters fit two', text: 'a'.repeat(306), encoding: 'GSM-7', units: 306, segments: 2 },
    {
      name: '307 GSM characters need three',
      text: 'a'.repeat(307),
      encoding: 'GSM-7',
      units: 307,
      segments: 3,
    },
    {
      name: '459 GSM characters fit three',
      text: 'a'.repeat(459),
      encoding: 'GSM-7',
      units: 459,
      segments: 3,
    },
    {
      name: '460 GSM characters need four',
      text: 'a'.repeat(460),
      encoding: 'GSM-7',
      units: 460,
      segments: 4,
    },
    {
      name: 'extension characters count as two septets',
      text: '^{}\\[~]|€',
      encoding: 'GSM-7',
      units: 18,
      segments: 1,
    },
    {
      name: '80 euro signs are 160 septets: one segment',
      text: '€'.repeat(80),
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
    },
    {
      name: '81 euro signs are 162 septets: two segments',
      text: '€'.repeat(81),
      encoding: 'GSM-7',
      units: 162,
      segments: 2,
    },
    {
      name: 'Norwegian and Swedish letters stay GSM-7',
      text: 'ÆØÅæøå ÄÖäö é Blåbærsyltetøy på smörgåsen',
      encoding: 'GSM-7',
      units: 41,
      segments: 1,
    },
    {
      name: '70 UCS-2 units fit one segment',
      text: `${EMOJI}${'a'.repeat(68)}`,
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    },
    {
      name: '71 UCS-2 units need two',
      text: `${EMOJI}${'a'.repeat(69)}`,
      encoding: 'UCS-2',
      units: 71,
      segments: 2,
    },
    {
      name: '134 UCS-2 units fit two',
      text: `${'š'.repeat(134)}`,
      encoding: 'UCS-2',
      units: 134,
      segments: 2,
    },
    {
      name: '135 UCS-2 units need three',
      text: `${'š'.repeat(135)}`,
      encoding: 'UCS-2',
      units: 135,
      segments: 3,
    },
    {
      name: 'a Sámi letter makes the text UCS-2',
      text: 'Hei Áile!',
      encoding: 'UCS-2',
      units: 9,
      segments: 1,
    },
    {
      name: 'the no-break space Intl writes is not GSM-7',
      text: '1\u00a0240,50 kr',
      encoding: 'UCS-2',
      units: 11,
      segments: 1,
    },
  ] as const)('$name', ({ text, encoding, units, segments }) => {
    expect(countSegments(text)).toEqual({ encoding, units, segments });
  });

  it('never splits an extension character across two segments', () => {
    // 152 plain septets, then '€' (ESC + septet) would straddle the 153-septet boundary: it moves on.
    const text = `${'a'.repeat(152)}€${'a'.repeat(7)}`;
    const count = countSegments(text);
    expect(count.units).toBe(161);
    expect(count.segments).toBe(2);
    const straddling = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    // 306 septets would fit two segments if the escape could be split; it cannot, so it needs three.
    expect(countSegments(straddling)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('never splits a surrogate pair across two segments', () => {
    const straddling = `${'a'.repeat(66)}${EMOJI}${'a'.repeat(66)}`;
    expect(countSegments(straddling)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  });
});

describe('isGsm7', () => {
  it.each(['Æ', 'Ø', 'Å', 'æ', 'ø', 'å', 'Ä', 'Ö', 'ä', 'ö', 'é', 'ü', 'ß', 'É', '€', '@'])(
    'accepts %s',
    (char) => {
      expect(isGsm7(char)).toBe(true);
    },
  );

  it.each(['á', 'č', 'đ', 'ŋ', 'š', 'ŧ', 'ž', 'ð', 'þ', 'õ', 'ç', '\u00a0', '\u2212', '–', '’', '…', EMOJI])(
    'rejects %s',
    (char) => {
      expect(isGsm7(char)).toBe(false);
    },
  );
});
