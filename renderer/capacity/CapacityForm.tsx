/**
 * The Capacity panel's inputs: a fleet (users, follows, posts and reads per day), the Timeline's
 * mode and preset, the node size. Numbers accept 1e8 as well as 100000000; an empty optional
 * field means the planner's default (named in its placeholder).
 */
import { useState, type FormEvent } from 'react';
import type { CommandInput } from '../../engine/api.js';

export type PlanInput = CommandInput<'plan'>;

interface Field {
  key: 'users' | 'follows' | 'followsExponent' | 'postsPerDay' | 'readsPerDay' | 'pageSize' | 'maxLength' | 'days' | 'nodeMemoryGiB';
  label: string;
  title: string;
  placeholder?: string;
}

const FIELDS: Field[] = [
  { key: 'users', label: 'Users (DAU)', title: 'Daily active users' },
  { key: 'follows', label: 'Follows / user', title: 'Mean follows per user' },
  { key: 'followsExponent', label: 'Power law α', title: 'Exponent of followers per account, P(k) ~ k^-α (the generator\'s followerExponent)' },
  { key: 'postsPerDay', label: 'Posts / day', title: 'Posts per day, all users', placeholder: '5 per user' },
  { key: 'readsPerDay', label: 'Reads / day', title: 'Timeline reads per day, all users', placeholder: '60 per post' },
  { key: 'pageSize', label: 'Page size', title: 'Items per read' },
  { key: 'maxLength', label: 'Feed length', title: 'Entries kept per timeline by the trim', placeholder: 'preset' },
  { key: 'days', label: 'Days', title: 'Feeds hold what arrived over this many days (capped by the trim)' },
  { key: 'nodeMemoryGiB', label: 'Node GiB', title: 'Memory per Redis node', placeholder: 'this machine' },
];

type Texts = Record<Field['key'], string>;

const START: Texts = { users: '1e8', follows: '200', followsExponent: '2.2', postsPerDay: '5e9', readsPerDay: '', pageSize: '20', maxLength: '', days: '1', nodeMemoryGiB: '' };

export const START_INPUT: PlanInput = toInput(START, 'push', 'mastodon', ['timeline', 'graph']).input!;

function toInput(t: Texts, mode: 'push' | 'pull' | 'hybrid', preset: 'mastodon' | 'stream-framework' | 'bluesky-lossy', models: ('timeline' | 'graph')[]): { input: PlanInput | null; bad: string | null } {
  const num = (k: Field['key']): number | null | 'bad' => {
    const s = t[k].trim();
    if (s === '') return null;
    const n = Number(s);
    return Number.isFinite(n) && n > 0 ? n : 'bad';
  };
  const values: Partial<Record<Field['key'], number | null>> = {};
  for (const f of FIELDS) {
    const v = num(f.key);
    if (v === 'bad') return { input: null, bad: `${f.label}: "${t[f.key]}" is not a positive number` };
    values[f.key] = v;
  }
  if (models.length === 0) return { input: null, bad: 'Pick at least one model' };
  return {
    bad: null,
    input: {
      users: values.users ?? 1e6,
      follows: values.follows ?? 200,
      followsExponent: values.followsExponent ?? 2.2,
      postsPerDay: values.postsPerDay ?? null,
      readsPerDay: values.readsPerDay ?? null,
      pageSize: Math.round(values.pageSize ?? 20),
      maxLength: values.maxLength ? Math.round(values.maxLength) : null,
      days: values.days ?? 1,
      nodeMemoryBytes: values.nodeMemoryGiB ? values.nodeMemoryGiB * 2 ** 30 : null,
      mode,
      preset,
      models,
    },
  };
}

/** The form's id: its submit button sits in the panel's header (ProjectButton), always in view. */
export const CAPACITY_FORM_ID = 'capacity-form';

export function ProjectButton({ busy }: { busy: boolean }) {
  return (
    <button type="submit" form={CAPACITY_FORM_ID} disabled={busy}>
      {busy ? 'Projecting…' : 'Project'}
    </button>
  );
}

export function CapacityForm({ onPlan }: { onPlan(input: PlanInput): void }) {
  const [texts, setTexts] = useState<Texts>(START);
  const [mode, setMode] = useState<'push' | 'pull' | 'hybrid'>('push');
  const [preset, setPreset] = useState<'mastodon' | 'stream-framework' | 'bluesky-lossy'>('mastodon');
  const [models, setModels] = useState<('timeline' | 'graph')[]>(['timeline', 'graph']);
  const [bad, setBad] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = toInput(texts, mode, preset, models);
    setBad(r.bad);
    if (r.input) onPlan(r.input);
  };
  const toggle = (m: 'timeline' | 'graph'): void => setModels(models.includes(m) ? models.filter((x) => x !== m) : [...models, m]);
  return (
    <form id={CAPACITY_FORM_ID} className="capacity-form" onSubmit={submit} aria-label="Capacity planner inputs">
      {FIELDS.map((f) => (
        <label key={f.key} title={f.title}>
          <span>{f.label}</span>
          <input name={f.key} value={texts[f.key]} placeholder={f.placeholder} inputMode="decimal" onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })} />
        </label>
      ))}
      <label title="Timeline fan-out mode">
        <span>Mode</span>
        <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="push">push</option>
          <option value="hybrid">hybrid</option>
          <option value="pull">pull</option>
        </select>
      </label>
      <label title="Timeline preset (feed length, trim)">
        <span>Preset</span>
        <select name="preset" value={preset} onChange={(e) => setPreset(e.target.value as typeof preset)}>
          <option value="mastodon">mastodon</option>
          <option value="stream-framework">stream-framework</option>
          <option value="bluesky-lossy">bluesky-lossy</option>
        </select>
      </label>
      <fieldset>
        <legend>Models</legend>
        <label className="check"><input type="checkbox" checked={models.includes('timeline')} onChange={() => toggle('timeline')} /> Timeline</label>
        <label className="check"><input type="checkbox" checked={models.includes('graph')} onChange={() => toggle('graph')} /> Graph</label>
      </fieldset>
      {bad && <p className="capacity-bad" role="alert">{bad}</p>}
    </form>
  );
}
