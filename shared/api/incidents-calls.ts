import { z } from 'zod';
import { Ulid } from '../ids';
import { Incident } from '../domain/incident';
import { Obligation } from '../rules/obligation';
import { query } from './call';

/**
 * 突发事件: one incident as now projected (null when this station holds none by that id), and the report
 * obligations the deadline engine derived for it (首报/续报/终报 due, met or missed). The incidents a window
 * lists arrive with the snapshot and the `changes` push (contract.ts).
 */
export const incidentsCalls = {
  incident: query(z.object({ id: Ulid }), Incident.nullable()),
  obligationsOf: query(z.object({ incidentId: Ulid }), z.array(Obligation)),
} as const;
