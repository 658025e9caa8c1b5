import type { ReactNode } from 'react';
import { IncidentList } from '../incidents/IncidentList';
import { MapSlot } from './MapSlot';
import { ReportClocks } from '../reports/ReportClocks';
import { OnDutyPane } from '../header/OnDutyPane';
import { TeamsPane } from '../resources/TeamsPane';
import { WarningsPane } from '../warnings/WarningsPane';
import { DutyLog } from '../dutylog/DutyLog';
import { LedgerPane } from '../ledger/LedgerPane';
import { RosterPane } from '../roster/RosterPane';
import { HeadquartersPane } from '../headquarters/HeadquartersPane';
import { DrillsPane } from '../drills/DrillsPane';
import { AnnualDrillPlan } from '../drills/AnnualDrillPlan';
import type { PaneId } from './slice';

/** Each pane of the board, by id. The wall display renders the same panes in large type. */
export const paneContent: Record<PaneId, (wall: boolean) => ReactNode> = {
  incidents: (wall) => <IncidentList large={wall} />,
  // The window's one map, lent to whichever board is on screen (Views).
  map: (wall) => <MapSlot wall={wall} />,
  clocks: () => <ReportClocks />,
  onDuty: () => <OnDutyPane />,
  teams: () => <TeamsPane />,
  warnings: () => <WarningsPane />,
  dutyLog: () => <DutyLog />,
  ledger: () => <LedgerPane />,
  roster: () => <RosterPane />,
  headquarters: () => <HeadquartersPane />,
  drills: () => <DrillsPane />,
  annualDrillPlan: () => <AnnualDrillPlan />,
};
