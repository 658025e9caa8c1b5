import { useEffect, type ReactNode } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { SignInScreen } from './SignInScreen';
import { loadAuthStatus, lockedByIdle, touchSession } from './slice';

/** How often input at the console tells the station it is in use (its own idle lock counts from that). */
const TOUCH_EVERY_MS = 30_000;

/**
 * The console shows its board only to someone signed in (issue 17): otherwise the sign-in screen. Input
 * keeps the session alive; after the station's idle minutes without any, the console locks here (and the
 * station refuses its commands on its own clock too). The wall display passes through it open.
 */
export function SessionGate({ children, open = false }: { children: ReactNode; open?: boolean }) {
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.signin.session);
  const lockedLocally = useAppSelector((s) => s.signin.lockedLocally);
  const idleMinutes = useAppSelector((s) => s.signin.status?.idleLockMinutes ?? 0);
  const connected = useAppSelector((s) => s.station.connected);

  // On every (re)connection: take the tab's session back, or learn that someone must sign in.
  useEffect(() => {
    if (connected) void dispatch(loadAuthStatus());
  }, [connected, dispatch]);

  const active = session && !session.locked && !lockedLocally;
  useEffect(() => {
    if (!active || idleMinutes <= 0) return;
    let last = Date.now();
    let touched = 0;
    const onInput = () => {
      last = Date.now();
      if (last - touched > TOUCH_EVERY_MS) {
        touched = last;
        void dispatch(touchSession());
      }
    };
    const timer = setInterval(() => {
      if (Date.now() - last > idleMinutes * 60_000) dispatch(lockedByIdle());
    }, 5_000);
    window.addEventListener('keydown', onInput, true);
    window.addEventListener('pointerdown', onInput, true);
    return () => {
      clearInterval(timer);
      window.removeEventListener('keydown', onInput, true);
      window.removeEventListener('pointerdown', onInput, true);
    };
  }, [active, idleMinutes, dispatch]);

  // The wall display shows and never locks: the gate stands open for it (its socket can send no command).
  if (!active && !open) return <SignInScreen />;
  return <>{children}</>;
}
