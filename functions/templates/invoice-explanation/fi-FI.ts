/**
 * The invoice explanation in Finnish (fi-FI): plain customer-service Finnish, addressed as "sinä".
 * Amounts and dates stand where Finnish needs no case ending for them (`Laskusi on 1 240,50 €`,
 * `ennen 20. tammikuuta 2027`), so Intl's forms read as written Finnish.
 */
import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'Saat laskusi tällä hetkellä paperilaskuna. eFakturana se tulee suoraan verkkopankkiisi, ja AvtaleGirolla se maksetaan automaattisesti eräpäivänä. Molemmat voit ottaa käyttöön verkkopankissasi.',
  SE: 'Saat laskusi tällä hetkellä paperilaskuna. Kun otat käyttöön e-fakturan, lasku tulee suoraan verkkopankkiisi, autogirolla se maksetaan automaattisesti eräpäivänä, ja voit maksaa myös Swishillä.',
  FI: 'Saat laskusi tällä hetkellä paperilaskuna. E-laskuna se tulee suoraan verkkopankkiisi, ja voit halutessasi asettaa sen maksettavaksi automaattisesti eräpäivänä, kuten ennen suoramaksussa. E-laskun tilaat helposti verkkopankistasi. Voit maksaa laskun myös MobilePaylla.',
  DK: 'Saat laskusi tällä hetkellä paperilaskuna. Betalingsservicen kautta se maksetaan automaattisesti eräpäivänä, ja voit saada sen myös sähköisesti e-Boksiin ja maksaa sen MobilePaylla.',
};

/** `kWh` → `kilowattitunnilta`; another unit in the ablative of its abbreviation (`GB:lta`). */
function perUnit(unitName: string): string {
  return unitName === 'kWh' ? 'kilowattitunnilta' : `${unitName}:lta`;
}

/** `joulukuu 2026` (Intl's month and year) → `joulukuussa 2026`: every Finnish month name ends in -kuu. */
function inMonth(monthAndYear: string): string {
  return monthAndYear.replace(/kuu(?=\s|$)/u, 'kuussa');
}

export const FI: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Laskusi (${amount}) koskee jaksoa, joka on jo laskutettu`
      : direction === 'higher'
        ? `Laskusi on ${amount} eli tavallista suurempi – kerromme miksi`
        : direction === 'lower'
          ? `Laskusi on ${amount} eli tavallista pienempi – kerromme miksi`
          : `Näin laskusi muodostuu (${amount})`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Laskusi ${invoiceId} on ${amount}, eli suunnilleen yhtä suuri kuin yleensä (${expected}). Tässä näet, mistä se muodostuu.`
      : p`Laskusi ${invoiceId} on ${amount}. Se on ${difference} ${direction === 'higher' ? 'enemmän' : 'vähemmän'} kuin tavallinen laskusi, joka on noin ${expected}. Kerromme tässä, mistä ero johtuu, jotta tiedät, mistä maksat.`,
  quote: (text) => `”${text}”`,
  summary: {
    caption: 'Laskusi lukuina',
    invoice: 'Lasku',
    period: 'Laskutusjakso',
    amount: 'Summa',
    usual: 'Tavallinen laskusi',
    difference: 'Ero',
    dueDate: 'Eräpäivä',
  },
  breakdown: {
    caption: 'Mistä ero muodostuu',
    total: 'Yhteensä',
    labels: { consumption: 'Kulutus', price: 'Hinta', fees: 'Maksut' },
  },
  usually: (now, usual) => `${now}, yleensä ${usual}`,
  per: perUnit,
  duplicate: (amount, invoices, count, phone) =>
    p`${b('Älä maksa samaa jaksoa kahteen kertaan.')} Tämän laskun jakso on jo kokonaan tai osittain laskutettu${invoices === undefined ? '' : count === 1 ? ` laskulla ${invoices}` : ` laskuilla ${invoices}`}.${amount === undefined ? '' : ` Päällekkäinen osuus on ${amount}.`} Olemme ilmoittaneet asiasta laskutukseemme. Soita meille numeroon ${phone} ennen kuin maksat, niin varmistamme, että maksat vain kerran.`,
  duplicateIntro: (invoiceId, amount) => p`Tämän laskun (${invoiceId}) summa on ${amount}.`,
  original: (invoiceId, amount, direction, difference, expected) =>
    direction === 'same'
      ? p`Jakson ensimmäinen lasku, ${invoiceId}, on ${amount}, eli suunnilleen yhtä suuri kuin yleensä (${expected}).`
      : p`Jakson ensimmäinen lasku, ${invoiceId}, on ${amount}. Se on ${difference} ${direction === 'higher' ? 'enemmän' : 'vähemmän'} kuin tavallinen laskusi, joka on noin ${expected}.`,
  seasonalProfile: (likeYou) =>
    para(
      likeYou
        ? 'Meillä ei ole vielä viime vuoden vastaavan ajan laskuja, joihin voisimme verrata. Siksi ”tavallinen laskusi” on arvio: kulutuksesi tähän mennessä, korjattuna vuodenajan mukaan samalla tavalla kuin kulutus vaihtelee kaltaisillasi asiakkailla, eli muilla saman tuotteen asiakkaillamme.'
        : 'Meillä ei ole vielä viime vuoden vastaavan ajan laskuja, joihin voisimme verrata. Siksi ”tavallinen laskusi” on arvio: kulutuksesi tähän mennessä vuodenajan mukaan korjattuna.',
    ),
  priceRise: (unitPrice, usualPrice, announced) =>
    announced !== undefined
      ? p`Kuten kerroimme sinulle ${announced.noticeDate}, hinta muuttui ${announced.effectiveDate} alkaen.${unitPrice === undefined || usualPrice === undefined ? '' : ` Nyt maksat ${unitPrice}, kun tähän aikaan vuodesta maksat yleensä ${usualPrice}.`}`
      : unitPrice === undefined || usualPrice === undefined
        ? para('Hinta on korkeampi kuin tähän aikaan vuodesta yleensä.')
        : p`Hinta on korkeampi kuin tähän aikaan vuodesta yleensä: tällä kertaa ${b(unitPrice)}, tavallisesti ${usualPrice}.`,
  lastingChange: (sinceMonth) =>
    p`Kulutuksesi muuttui ${inMonth(sinceMonth)}, ja kerroimme siitä silloin. Koska kulutus on pysynyt uudella tasolla, pidämme sitä nyt tavallisena kulutuksenasi.`,
  estimated: (amount, dueDate) =>
    p`Tämän laskun kulutus on arvioitu, koska meillä ei ollut mittarilukemaa koko jaksolta.${amount === undefined ? '' : ` Arvion osuus laskusta on ${amount}.`} ${b('Lue mittarisi ja lähetä lukema meille')}${dueDate === undefined ? '' : ` ennen ${dueDate}`}, niin korjaamme laskun todellisen kulutuksesi mukaiseksi.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Laskulla on uusia rivejä: ${names}${amount === undefined ? '' : ` (yhteensä ${amount})`}. Niitä ei ole ollut laskuillasi aiemmin. Uusi rivi voi johtua sopimuksesi muutoksesta, tilaamastasi palvelusta tai uusista maksuista. Jos et tunnista jotakin niistä, ota yhteyttä, niin selvitämme asian.`
      : p`Laskulla on uusi rivi${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Sitä ei ole ollut laskuillasi aiemmin. Uusi rivi voi johtua sopimuksesi muutoksesta, tilaamastasi palvelusta tai uudesta maksusta. Jos et tunnista sitä, ota yhteyttä, niin selvitämme asian.`,
  spread: (dueDate) =>
    p`Jos summa tuntuu suurelta maksaa kerralla, voit maksaa sen myös erissä. Ota yhteyttä ${dueDate === undefined ? 'ennen eräpäivää' : `ennen ${dueDate}`}, niin sovimme maksusuunnitelman.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Jos tämä näyttää oikealta, sinun ei tarvitse tehdä mitään. ' : '';
    return dueDate === undefined
      ? p`${fine}Jos sinulla on kysyttävää, ota rohkeasti yhteyttä.`
      : p`${fine}Laskun eräpäivä on ${b(dueDate)}. Jos sinulla on kysyttävää, ota rohkeasti yhteyttä.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Laskusi on ${amount}, suunnilleen sama kuin yleensä.`
        : `Laskusi on ${amount}, ${difference} ${direction === 'higher' ? 'enemmän' : 'vähemmän'} kuin yleensä.`,
    duplicate: (amount, invoices) =>
      `Älä maksa samaa jaksoa kahdesti: ${amount === undefined ? 'tämä lasku koskee' : `${amount} tästä laskusta koskee`} jaksoa, joka on jo laskutettu${invoices === undefined ? '' : ` (${invoices})`}. Olemme ilmoittaneet asiasta laskutukseen. Ota yhteyttä ennen kuin maksat.`,
    duplicateAmount: (amount) => `Laskun summa on ${amount}.`,
    mainCause: (label, amount) => `Suurin syy: ${label} (${amount}).`,
    priceAnnounced: (noticeDate) => `Hinnanmuutoksesta kerroimme ${noticeDate}.`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'suurempi kulutus' : 'pienempi kulutus';
      if (code === 'price') return more ? 'korkeampi hinta' : 'alempi hinta';
      return more ? 'suuremmat maksut' : 'pienemmät maksut';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Uusia rivejä' : 'Uusi rivi'} laskulla${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Kulutus on arvioitu: lähetä meille mittarilukema, niin korjaamme laskun.',
    spread: (dueDate) =>
      `Haluatko maksaa erissä? Ota yhteyttä ${dueDate === undefined ? 'ennen eräpäivää' : `ennen ${dueDate}`}.`,
    due: (date) => `Eräpäivä ${date}.`,
    questions: 'Kysyttävää? Ota yhteyttä.',
  },
};
