/**
 * The contact policy: consent by purpose, opt-outs, suppression, channel choice, frequency caps and SMS
 * quiet hours. Pure functions; time is an argument. See docs/contact-policy.md.
 */
export { capFor, capReached, sendsInWindow } from './caps.ts';
export {
  addressOn,
  assessChannels,
  type ChannelAssessment,
  channelsByPreference,
  currentOptOuts,
  isSuppressedAddress,
  OPT_OUT_PURPOSE_OF,
  type OpenChannel,
  type OptOutPurpose,
  openChannels,
  optOutClosing,
  suppressionKeyOf,
} from './channels.ts';
export { decideContact, type PolicyInput } from './decide.ts';
export {
  isQuietMinute,
  isWithinQuietHours,
  minuteOfDay,
  quietHoursEnd,
  quietHoursLengthMinutes,
} from './quiet-hours.ts';
export {
  type LocalDateTime,
  type LocalTimeParts,
  localTimeParts,
  nextOffsetChange,
  utcOffsetMs,
  zonedTimeToUtc,
} from './zoned-time.ts';
