import { alarmStateOf, decideAlarm, type AlarmCommand } from '../../shared/alarms/decide';
import { decideDisplay, type DisplayCommand } from '../../shared/display/wall';
import { payloadText, stationFeature } from '../store/feature';

/**
 * 告警 and 大屏: alarms on record (raised, acknowledged: read from their streams, no projection table)
 * and the wall display's settings. Nothing to query beyond the log.
 */
export const alarmsFeature = stationFeature({
  name: 'alarms',
  decide: {
    alarm(cmd, load, ctx) {
      const alarmId = payloadText(cmd, 'alarmId');
      return decideAlarm(cmd as AlarmCommand, alarmId ? alarmStateOf(load.events(`alarm:${alarmId}`)) : undefined, ctx);
    },
    display: (cmd, _load, ctx) => decideDisplay(cmd as DisplayCommand, ctx),
  },
});
