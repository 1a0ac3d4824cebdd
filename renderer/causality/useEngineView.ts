/**
 * One engine read for a panel that fetches for itself (the Causality and Migration tabs): read on
 * mount and whenever `key` changes, again when `tick` moves (frames while playing) but at most
 * once per `minIntervalMs`, one read in flight at a time; an answer for an older key is dropped.
 * Loading keeps the last view on screen; a failure replaces it with the engine's error.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../engine/api.js';
import { toApiError } from '../api/errors.js';

export interface EngineView<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  refresh(): void;
}

export function useEngineView<T>(read: (() => Promise<T>) | null, key: string, tick: unknown, minIntervalMs: number): EngineView<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const readRef = useRef(read);
  readRef.current = read;
  const keyRef = useRef(key);
  const inFlight = useRef(false);
  const last = useRef(0);

  const run = useCallback((force: boolean) => {
    const r = readRef.current;
    if (!r) return;
    const now = performance.now();
    if (!force && (inFlight.current || now - last.current < minIntervalMs)) return;
    inFlight.current = true;
    last.current = now;
    const k = keyRef.current;
    setLoading(true);
    r()
      .then((v) => {
        if (keyRef.current !== k) return;
        setData(v);
        setError(null);
      })
      .catch((err: unknown) => {
        if (keyRef.current !== k) return;
        setData(null);
        setError(toApiError(err));
      })
      .finally(() => {
        inFlight.current = false;
        setLoading(false);
      });
  }, [minIntervalMs]);

  const canRead = read !== null;
  useEffect(() => {
    keyRef.current = key;
    if (canRead) run(true);
  }, [key, run, canRead]);

  useEffect(() => {
    run(false);
  }, [tick, run]);

  return { data, error, loading, refresh: () => run(true) };
}
