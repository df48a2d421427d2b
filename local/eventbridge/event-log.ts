import { ALERT_DETAIL_TYPE, isStilleSource } from '#domain/contracts/event-names.ts';
import type { Alert } from '#domain/contracts/index.ts';
import type { EventEnvelope } from './local-event-bus.ts';

/** An event the local bus routed, with the bus it was put on and the rules it matched. */
export interface SeenEvent {
  bus: string;
  event: EventEnvelope;
  matchedRules: string[];
}

export interface EventLogOptions {
  /** How many of the latest events are kept whole. Default 200. */
  recentLimit?: number;
  /** How many alerts are kept; later ones are only counted. Default 10,000. */
  alertLimit?: number;
  /** How many distinct (bus, detail-type) pairs are counted apart; the rest count as `(other)`. Default 1,000. */
  countKeysLimit?: number;
}

/**
 * What was put on the local buses, bounded whatever the run's size: a count per bus and detail-type,
 * the latest events, and every `Stille Alert` from stille's own source (up to a limit) for the report.
 */
export class EventLog {
  private readonly recentLimit: number;
  private readonly alertLimit: number;
  private readonly countKeysLimit: number;
  private readonly latest: SeenEvent[] = [];
  private next = 0;
  private readonly countsByKey = new Map<string, { bus: string; detailType: string; count: number }>();
  private readonly alertList: Alert[] = [];
  private readonly alertEventIds: string[] = [];
  /** Events seen in all. */
  total = 0;
  /** Alerts seen beyond `alertLimit`, counted but not kept. */
  droppedAlerts = 0;

  constructor(options: EventLogOptions = {}) {
    this.recentLimit = Math.max(0, options.recentLimit ?? 200);
    this.alertLimit = Math.max(0, options.alertLimit ?? 10_000);
    this.countKeysLimit = Math.max(1, options.countKeysLimit ?? 1_000);
  }

  /** Records one routed event. */
  record(seen: SeenEvent): void {
    this.total++;
    this.count(seen.bus, seen.event['detail-type']);
    if (this.recentLimit > 0) {
      // A ring buffer: the oldest entry is overwritten once the log is full.
      if (this.latest.length < this.recentLimit) this.latest.push(seen);
      else this.latest[this.next] = seen;
      this.next = (this.next + 1) % this.recentLimit;
    }
    // Only stille's own alerts: one put by another system under stille's detail-type is rejected, not
    // reported (the OutsideAlerts rule sends it to EventIngestion).
    if (seen.event['detail-type'] === ALERT_DETAIL_TYPE && isStilleSource(seen.event.source)) {
      if (this.alertList.length < this.alertLimit) {
        this.alertList.push(alertOf(seen.event));
        this.alertEventIds.push(seen.event.id);
      } else this.droppedAlerts++;
    }
  }

  /** The latest events, oldest first. */
  recent(): SeenEvent[] {
    if (this.latest.length < this.recentLimit) return [...this.latest];
    return [...this.latest.slice(this.next), ...this.latest.slice(0, this.next)];
  }

  /** How many events of each detail-type each bus got. */
  counts(): Array<{ bus: string; detailType: string; count: number }> {
    return [...this.countsByKey.values()].map((entry) => ({ ...entry }));
  }

  /** How many events of a detail-type (on any bus, or on `bus`) were seen. */
  countOf(detailType: string, bus?: string): number {
    let count = 0;
    for (const entry of this.countsByKey.values()) {
      if (entry.detailType === detailType && (bus === undefined || entry.bus === bus)) count += entry.count;
    }
    return count;
  }

  /** The `Stille Alert` events seen, as report alerts, in the order they were put. */
  alerts(): Alert[] {
    return this.alertList.map((alert) => ({ ...alert }));
  }

  /** The `Stille Alert`s seen, each with the id of its event, in the order they were put. */
  alertEvents(): Array<{ eventId: string; alert: Alert }> {
    return this.alertList.map((alert, i) => ({ eventId: this.alertEventIds[i] ?? '', alert: { ...alert } }));
  }

  private count(bus: string, detailType: string): void {
    let key = `${bus}\u0000${detailType}`;
    let entry = this.countsByKey.get(key);
    if (!entry && this.countsByKey.size >= this.countKeysLimit) {
      key = `${bus}\u0000(other)`;
      entry = this.countsByKey.get(key);
      detailType = '(other)';
    }
    if (entry) entry.count++;
    else this.countsByKey.set(key, { bus, detailType, count: 1 });
  }
}

/** An alert event's detail is the alert itself; its `kind` and `at` fall back to something readable. */
function alertOf(event: EventEnvelope): Alert {
  const { detail } = event;
  return {
    ...detail,
    kind: typeof detail.kind === 'string' && detail.kind !== '' ? detail.kind : 'stille-alert',
    at: typeof detail.at === 'string' ? detail.at : event.time,
  };
}
