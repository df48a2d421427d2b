import type { Alert } from '#domain/contracts/index.ts';

/** One place an alert went (the runtime's `routedTo`). */
interface Route {
  team?: unknown;
  topic?: unknown;
  subscribers?: unknown;
}

/**
 * Where an alert went, in words: `billing (Alerts/BillingTopic, 2 subscribers)`, `nowhere: no rule
 * took it`; undefined for an alert the runtime raised itself (a failed execution), which no rule routes.
 */
export function routeText(alert: Alert): string | undefined {
  const routes = alert.routedTo;
  if (!Array.isArray(routes)) return undefined;
  if (routes.length === 0) return 'nowhere: no rule took it';
  return (routes as Route[])
    .map((route) => {
      const subscribers = Array.isArray(route.subscribers) ? route.subscribers.length : 0;
      const who = `${subscribers} subscriber${subscribers === 1 ? '' : 's'}`;
      return `${String(route.team ?? 'a topic')} (${String(route.topic ?? '?')}, ${who})`;
    })
    .join(', ');
}
