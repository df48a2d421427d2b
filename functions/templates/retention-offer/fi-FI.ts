/** The retention offer in Finnish (fi-FI), addressed as "sinä". */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'sähkölaskuistasi',
  broadband: 'laajakaistalaskuistasi',
  mobile: 'matkapuhelinlaskuistasi',
  insurance: 'vakuutuslaskuistasi',
};

/** `tammikuu 2027` → `tammikuussa 2027` (every Finnish month name ends in -kuu). */
function inMonth(month: string): string {
  return month.replace(/^(\p{L}+kuu)\b/u, '$1ssa');
}

/** `maaliskuu 2019` → `maaliskuusta 2019`. */
function fromMonth(month: string): string {
  return month.replace(/^(\p{L}+kuu)\b/u, '$1sta');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const FI: OfferWords = {
  subject: (name, worth) => {
    if (name === undefined) return 'Sopiiko sopimuksesi sinulle yhä?';
    if (worth === null) return `Tarjous sinulle: ${name}`;
    return worth.per === 'year'
      ? `Tarjous sinulle: ${name} – noin ${worth.amount} vähemmän vuodessa`
      : `Tarjous sinulle: ${name} – ${worth.amount} vähennetään seuraavasta laskusta`;
  },
  reasons: {
    'price-increase': 'Hintasi nousi hiljattain.',
    'binding-ending': 'Sopimuksesi määräaika päättyy pian.',
    'high-invoice': 'Sait hiljattain tavallista suuremman laskun.',
    'support-delay': 'Jouduit hiljattain odottamaan vastaustamme luvattua kauemmin.',
    detractor: 'Kerroit meille hiljattain, ettet ole tyytyväinen meihin.',
    'long-tenure': 'Olet ollut asiakkaanamme pitkään, ja arvostamme sitä.',
  },
  signal: {
    bindingEnding: (date) => `Sopimuksesi määräaika päättyy ${date}.`,
    priceIncrease: ({ component, oldPrice, newPrice, date }) => {
      const price =
        component === undefined
          ? 'hintasi'
          : component === 'energy'
            ? 'kilowattitunnin hintasi'
            : 'kuukausihintasi';
      return date === null
        ? `${capitalised(price)} nousee: uusi hinta on ${newPrice} (aiemmin ${oldPrice}).`
        : `${date} alkaen ${price} on ${newPrice} (aiemmin ${oldPrice}).`;
    },
    annualCostIncrease: ({ before, after, date }) =>
      date === null
        ? `Maksat nyt noin ${after} vuodessa (aiemmin ${before}).`
        : `${date} alkaen maksat noin ${after} vuodessa (aiemmin ${before}).`,
    highInvoice: ({ month, amount, expected }) =>
      `${capitalised(inMonth(month))} saamasi lasku${amount === null ? '' : ` (${amount})`} oli tavallista suurempi${expected === null ? '' : `; tavallisesti se on noin ${expected}`}.`,
    supportDelay: (month) =>
      `${capitalised(inMonth(month))} jouduit odottamaan vastaustamme asiaasi luvattua kauemmin.`,
    detractor: (month) =>
      `${capitalised(inMonth(month))} kerroit meille, ettet ollut tyytyväinen meihin. Kiitos, että kerroit.`,
    tenureYears: (years) => `Olet ollut asiakkaanamme ${years}.`,
    tenureSince: (since) => `Olet ollut asiakkaanamme ${fromMonth(since)} lähtien.`,
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Meillä on sinulle tarjous: ${name}.`
      : p`${reasons} Siksi meillä on sinulle tarjous: ${name}.`,
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `kiinteän hinnan ${price} ${component === 'energy' ? 'kilowattitunnilta' : 'kuukaudessa'}${months === null ? ' ilman määräaikaa' : ` ${months.n} kuukauden ajaksi`}${current === null ? '' : ` (muuten hintasi on ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent}:n alennuksen ${kind === undefined ? 'laskuistasi' : KIND[kind]} ${months.n} kuukauden ajan`,
    bonus: (amount) => `${amount}:n kanta-asiakasbonuksen, joka vähennetään seuraavasta laskustasi`,
  },
  youGet: (benefit) => p`Saat ${benefit}.`,
  worth: {
    consumption: (consumption, value) =>
      p`Kun kulutuksesi on noin ${consumption} kWh vuodessa, maksat noin ${value} vähemmän vuodessa.`,
    invoiced: (invoiced, value) =>
      p`Viimeisten 12 kuukauden laskujesi (${invoiced}) perusteella maksat noin ${value} vähemmän vuoden aikana.`,
    plain: (value) => p`Maksat näin noin ${value} vähemmän vuodessa.`,
  },
  table: {
    caption: 'Tarjous',
    offer: 'Sopimus',
    price: 'Hinta',
    discount: 'Alennus',
    annualCost: 'Kustannus vuodessa',
    annualSaving: 'Säästät vuodessa',
    binding: 'Sopimuskausi',
    noBinding: 'Toistaiseksi voimassa',
  },
  per: { energy: 'kilowattitunnilta', subscription: 'kuukaudessa' },
  saving: (name, saving) => p`Sopimuksella ${name} säästät ${saving} vuodessa.`,
  validUntil: (date) => `Voit hyväksyä tarjouksen ${date} asti.`,
  howToAccept:
    'Jos haluat tarjouksen, paina alla olevaa painiketta. Vahvistat valintasi seuraavalla sivulla, eikä mikään muutu ennen sitä.',
  accept: 'Hyväksy tarjous',
  acceptByPhone: (phone, hours) => `Jos haluat tarjouksen, soita meille numeroon ${phone} (${hours}).`,
  noOffer: 'Haluamme, että sinulla on juuri sinulle sopivin sopimus.',
  contact: (phone, hours, web) =>
    `Jos haluat käydä sopimuksesi läpi kanssamme, soita meille numeroon ${phone} (${hours}) tai käy osoitteessa ${web}.`,
  noChange: 'Jos et halua tarjousta, sinun ei tarvitse tehdä mitään: sopimuksesi jatkuu ennallaan.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    offer: (name) => (name === null ? 'Meillä on sinulle tarjous.' : `Meillä on sinulle tarjous: ${name}.`),
    worth: (worth) =>
      worth.per === 'year'
        ? `Maksat noin ${worth.amount} vähemmän vuodessa.`
        : `${worth.amount} vähennetään seuraavasta laskustasi.`,
    saving: (amount) => `Säästät ${amount} vuodessa.`,
    validUntil: (date) => `Voimassa ${date} asti.`,
    accept: (url) => `Katso ja hyväksy: ${url}`,
    call: 'Soita meille, jos haluat sen.',
    noOffer: 'Haluamme, että sinulla on sinulle sopivin sopimus. Soita meille, niin käymme sen läpi yhdessä.',
    stop: 'Vastaa STOP, niin emme lähetä sinulle tarjouksia tekstiviestillä.',
    optOut: (url) => `Etkö halua tarjouksia tekstiviestillä? ${url}`,
  },
};
