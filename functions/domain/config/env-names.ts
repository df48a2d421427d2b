/**
 * The names the CDK stack and the handlers share: the environment variables a function is given (the
 * stack writes them, the handlers read them) and the tables they name. Imported by `infra/` and by
 * `functions/`, with nothing else in it. The embedded runtime reads the same variables from the
 * synthesized template, so a wrong name in the app is wrong locally too.
 */

/** The tables of stille, by the key the stack and the repositories use for them. */
export const TABLE_KEYS = [
  'customers',
  'invoices',
  'tickets',
  'messages',
  'priceChanges',
  'surveys',
  'rejections',
  'suppressions',
  'seasonalProfiles',
  'controls',
  'campaigns',
] as const;

/** One of stille's tables. */
export type TableKey = (typeof TABLE_KEYS)[number];

/** The environment variable holding each table's name. */
export const TABLE_ENV: Readonly<Record<TableKey, string>> = {
  customers: 'CUSTOMERS_TABLE',
  invoices: 'INVOICES_TABLE',
  tickets: 'TICKETS_TABLE',
  messages: 'MESSAGES_TABLE',
  priceChanges: 'PRICE_CHANGES_TABLE',
  surveys: 'SURVEYS_TABLE',
  rejections: 'REJECTIONS_TABLE',
  suppressions: 'SUPPRESSIONS_TABLE',
  seasonalProfiles: 'SEASONAL_PROFILES_TABLE',
  controls: 'CONTROLS_TABLE',
  campaigns: 'CAMPAIGNS_TABLE',
};

/** The environment variables of the other resources a function may be given. */
export const SETTING_ENV = {
  /** The runs bucket (billing-run files, price-change recipient lists and tallies). */
  runsBucket: 'RUNS_BUCKET',
  /** The `stille` event bus. */
  eventBusName: 'EVENT_BUS_NAME',
  /** Secrets Manager secret (name or ARN) holding the key that signs unsubscribe and survey links. */
  linkSecretArn: 'LINK_SECRET_ARN',
  /** SES configuration set of every email (its event destination reports bounces and complaints). */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** End User Messaging SMS configuration set of every text message (delivery events, STOP). */
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  /** End User Messaging opt-out list the origination identities use (STOP replies are kept there too). */
  smsOptOutList: 'SMS_OPT_OUT_LIST',
  /** Base URL of the public link endpoints (`https://…`, no trailing slash needed). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** The per-market configuration as JSON (senders, quiet hours, caps, lead times). */
  marketsConfig: 'MARKETS_CONFIG',
  /** The EventBridge Scheduler schedule group of campaign schedules. */
  scheduleGroup: 'SCHEDULE_GROUP',
  /** The CampaignRun state machine: what a campaign's schedule starts. */
  campaignRunArn: 'CAMPAIGN_RUN_ARN',
  /** The role EventBridge Scheduler starts CampaignRun with. */
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
} as const;

/** A setting other than a table name. */
export type SettingKey = keyof typeof SETTING_ENV;

/** How a handler names a table: `customersTable`, `messagesTable`, … */
export type TableName = `${TableKey}Table`;

/**
 * Every environment variable a handler may read, by the name the handlers use for it:
 * `ENV.customersTable` is `CUSTOMERS_TABLE`, `ENV.eventBusName` is `EVENT_BUS_NAME`.
 */
export const ENV: Readonly<Record<TableName | SettingKey, string>> = {
  ...(Object.fromEntries(TABLE_KEYS.map((key) => [`${key}Table`, TABLE_ENV[key]])) as Record<
    TableName,
    string
  >),
  ...SETTING_ENV,
};

/** Every environment variable name the stack gives functions (besides Powertools and Node settings). */
export const ALL_RESOURCE_ENV: readonly string[] = Object.values(ENV);
