import type { AsyncThunkAction } from '@reduxjs/toolkit';
import type { StationThunk } from '../../app/commands';

export type Lang = 'zh' | 'en';

/** Dispatch a roster thunk: its value, or undefined after its refusal is shown in the pane. */
export type Run = <Returned, Arg>(
  action: AsyncThunkAction<Returned, Arg, StationThunk>,
) => Promise<Returned | undefined>;
