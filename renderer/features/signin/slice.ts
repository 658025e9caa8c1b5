import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AuthStatus, PhoneTerminal, SessionInfo } from '../../../shared/auth/schemas';
import type { RecordedDelegation } from '../../../shared/auth/delegation';
import type { CredentialListing } from '../../../shared/auth/credentials';
import type { DomainError } from '../../../shared/errors';
import type { StationThunk } from '../../app/commands';

/**
 * Who is signed in at this console (issue 17). The station holds the session; the window keeps its
 * resume token for the tab (session storage) so a reconnect takes the same session back.
 */
export const RESUME_KEY = 'dutyroom.session';

export interface SigninState {
  status: AuthStatus | null;
  session: SessionInfo | null;
  /** Locked here by idle time before the station was asked (it locks too, on its own clock). */
  lockedLocally: boolean;
}

const initialState: SigninState = { status: null, session: null, lockedLocally: false };

const storage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
};

export const loadAuthStatus = createAsyncThunk<AuthStatus, undefined, StationThunk>(
  'signin/status',
  async (_, { extra, rejectWithValue }) => {
    const token = storage()?.getItem(RESUME_KEY);
    if (token) {
      const resumed = await extra.client.resumeSession({ token });
      // Forget the token only when the station says the session is gone, not when it cannot be reached.
      if (!resumed.ok && resumed.errors.some((e) => e.code === 'STATION_UNREACHABLE' || e.code === 'INVALID_REPLY'))
        return rejectWithValue(resumed.errors);
      if (!resumed.ok) storage()?.removeItem(RESUME_KEY);
    }
    const r = await extra.client.authStatus({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

export const signIn = createAsyncThunk<SessionInfo, { personId: string; secret: string }, StationThunk>(
  'signin/signIn',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.signIn(input);
    if (!r.ok) return rejectWithValue(r.errors);
    storage()?.setItem(RESUME_KEY, r.value.resumeToken);
    return r.value.session;
  },
);

export const setUpAdministrator = createAsyncThunk<
  SessionInfo,
  { name: string; secret: string; dutyRole: 'leader' | 'officer' },
  StationThunk
>('signin/setUp', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.setUpAdministrator(input);
  if (!r.ok) return rejectWithValue(r.errors);
  storage()?.setItem(RESUME_KEY, r.value.resumeToken);
  return r.value.session;
});

export const signOut = createAsyncThunk<boolean, undefined, StationThunk>('signin/signOut', async (_, { extra }) => {
  storage()?.removeItem(RESUME_KEY);
  return (await extra.client.signOut({})).ok;
});

/** Input at the console: the station's idle lock counts from the last one. */
export const touchSession = createAsyncThunk<boolean, undefined, StationThunk>('signin/touch', async (_, { extra }) => {
  return (await extra.client.touchSession({})).ok;
});

/** 签发 with the leader's own PIN now. */
export const approveWithPin = createAsyncThunk<
  boolean,
  { reportId: string; secret: string },
  StationThunk
>('signin/approve', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.approveReport(input);
  return r.ok ? true : rejectWithValue(r.errors);
});

export const recordPhoneApproval = createAsyncThunk<
  boolean,
  { reportId: string; leaderId: string; calledBack: string },
  StationThunk
>('signin/phoneApproval', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.recordPhoneApproval({ ...input, confirmedOnCallBack: true });
  return r.ok ? true : rejectWithValue(r.errors);
});

/** 手机审批: pair a phone for the person signed in here; the link (with its token) is shown once. */
export const pairPhone = createAsyncThunk<
  { terminalId: string; path: string },
  { personId: string; label: string },
  StationThunk
>('signin/pairPhone', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.pairPhone(input);
  return r.ok ? { terminalId: r.value.terminalId, path: r.value.path } : rejectWithValue(r.errors);
});

export const phoneTerminals = createAsyncThunk<PhoneTerminal[], undefined, StationThunk>(
  'signin/phoneTerminals',
  async (_, { extra, rejectWithValue }) => {
    const r = await extra.client.phoneTerminals({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

export const revokePhone = createAsyncThunk<boolean, { terminalId: string }, StationThunk>(
  'signin/revokePhone',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.revokePhone(input);
    return r.ok ? true : rejectWithValue(r.errors);
  },
);

/**
 * 交接班签字 with the signer's own PIN (issue 17). When the incoming signer signs, the station passes this
 * console's session to them: the tab keeps their resume token, and the header names them.
 */
export const signHandoverWithPin = createAsyncThunk<
  SessionInfo | null,
  { rosterId: string; handoverId: string; side: 'outgoing' | 'incoming'; personId: string; secret: string },
  StationThunk
>('signin/signHandover', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.signHandover(input);
  if (!r.ok) return rejectWithValue(r.errors);
  if (!r.value.session) return null;
  storage()?.setItem(RESUME_KEY, r.value.session.resumeToken);
  return r.value.session.session;
});

/** 授权签发: the delegations on record, and recording or revoking one (the station checks who may). */
export const delegations = createAsyncThunk<RecordedDelegation[], undefined, StationThunk>(
  'signin/delegations',
  async (_, { extra, rejectWithValue }) => {
    const r = await extra.client.delegations({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

export const recordDelegation = createAsyncThunk<
  boolean,
  { personId: string; from: string; until: string; reason: string },
  StationThunk
>('signin/recordDelegation', async (input, { extra, rejectWithValue }) => {
  const r = await extra.client.recordDelegation(input);
  return r.ok ? true : rejectWithValue(r.errors);
});

export const revokeDelegation = createAsyncThunk<boolean, { delegationId: string; reason: string }, StationThunk>(
  'signin/revokeDelegation',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.revokeDelegation(input);
    return r.ok ? true : rejectWithValue(r.errors);
  },
);

/** 人员口令: the directory with who has a PIN (administrators only; the station checks). */
export const credentials = createAsyncThunk<CredentialListing[], undefined, StationThunk>(
  'signin/credentials',
  async (_, { extra, rejectWithValue }) => {
    const r = await extra.client.credentials({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

/** 设置口令 / 重置口令 for a person: how many of their sessions the station ended. */
export const setCredential = createAsyncThunk<number, { personId: string; secret: string }, StationThunk>(
  'signin/setCredential',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.setCredential(input);
    return r.ok ? r.value.sessionsEnded : rejectWithValue(r.errors);
  },
);

/** 停用登录 for a person (someone who left): their sessions end. */
export const revokeCredential = createAsyncThunk<number, { personId: string; reason: string }, StationThunk>(
  'signin/revokeCredential',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.revokeCredential(input);
    return r.ok ? r.value.sessionsEnded : rejectWithValue(r.errors);
  },
);

export const signinSlice = createSlice({
  name: 'signin',
  initialState,
  reducers: {
    lockedByIdle(state) {
      if (state.session) state.lockedLocally = true;
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(loadAuthStatus.fulfilled, (state, { payload }) => {
        state.status = payload;
        state.session = payload.session;
        state.lockedLocally = false;
      })
      .addCase(signIn.fulfilled, (state, { payload }) => {
        state.session = payload;
        state.lockedLocally = false;
      })
      .addCase(setUpAdministrator.fulfilled, (state, { payload }) => {
        state.session = payload;
        state.lockedLocally = false;
        if (state.status) state.status.firstRun = false;
      })
      .addCase(signHandoverWithPin.fulfilled, (state, { payload }) => {
        if (!payload) return;
        state.session = payload;
        state.lockedLocally = false;
      })
      .addCase(signOut.pending, (state) => {
        state.session = null;
        state.lockedLocally = false;
      }),
});

export const { lockedByIdle } = signinSlice.actions;
export type SigninErrors = DomainError[];
export type { PayloadAction };
