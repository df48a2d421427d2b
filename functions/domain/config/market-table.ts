import type { Currency, Market } from '../contracts/common.ts';

/** What stille knows of each market it serves, besides what ops configure (functions/domain/config/markets.ts). */
export interface MarketFacts {
  /** The currency customers are invoiced in. */
  readonly currency: Currency;
  /** The market's clock, for a customer whose own time zone stille does not know. */
  readonly timeZone: string;
}

/** The markets, one row each: the one table of currencies and time zones. */
export const MARKET_TABLE: Readonly<Record<Market, MarketFacts>> = {
  NO: { currency: 'NOK', timeZone: 'Europe/Oslo' },
  SE: { currency: 'SEK', timeZone: 'Europe/Stockholm' },
  FI: { currency: 'EUR', timeZone: 'Europe/Helsinki' },
  DK: { currency: 'DKK', timeZone: 'Europe/Copenhagen' },
};

/** The market of a customer stille has no profile of, by an invoice's currency. */
export const MARKET_OF_CURRENCY: Readonly<Record<Currency, Market>> = Object.fromEntries(
  Object.entries(MARKET_TABLE).map(([market, facts]) => [facts.currency, market]),
) as Record<Currency, Market>;

/** The market's own clock: whose calendar counts when the customer's time zone is unknown. */
export function timeZoneOfMarket(market: Market): string {
  return MARKET_TABLE[market].timeZone;
}

/** The currency of a market. */
export function currencyOfMarket(market: Market): Currency {
  return MARKET_TABLE[market].currency;
}
