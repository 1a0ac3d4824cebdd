/**
 * The commands of the Causality and Migration panels (engine/commands.ts): the lab's diagram
 * window and cones, its ShiViz log, the migration's view. Reads only.
 */
import type { CommandArgs } from '../api.js';
import { FeedscopeError } from '../errors.js';
import type { MigrationRun } from '../migration/MigrationRun.js';
import type { MigrationView } from '../migration/types.js';
import type { CausalityLab } from './CausalityLab.js';
import type { CausalEvent, CausalityView, CorrectnessFrame } from './types.js';

export interface CorrectnessSource {
  loaded(): boolean;
  causality(): CausalityLab | null;
  migration(): MigrationRun | null;
}

export class CorrectnessViews {
  constructor(private readonly src: CorrectnessSource) {}

  getCausality(args: CommandArgs<'getCausality'>): CausalityView {
    return this.lab().view({ toMs: args.toMs, spanMs: args.spanMs, limit: args.limit, cone: args.cone });
  }

  /** The recorded events as a ShiViz log, for a download. */
  exportShiviz(): { filename: string; mime: string; text: string } {
    return { filename: 'feedscope-causality.shiviz.log', mime: 'text/plain', text: this.lab().shiviz() };
  }

  /** Every recorded event with the node names (the CLI's causality.events.json). */
  allEvents(): { hosts: string[]; events: CausalEvent[] } {
    const lab = this.lab();
    return { hosts: lab.view({ limit: 1 }).nodes, events: [...lab.recorded] };
  }

  /** The frame's figures (Frame.correctness); null when the scenario has neither lab. */
  frame(): CorrectnessFrame | null {
    const lab = this.src.causality();
    const m = this.src.migration();
    if (!lab && !m) return null;
    return { causality: lab ? lab.frameFigures() : null, migration: m ? m.frameFigures() : null };
  }

  getMigration(): MigrationView {
    this.requireLoaded();
    const m = this.src.migration();
    if (!m) throw new FeedscopeError('NO_MIGRATION', 'This scenario has no "migration" section: load "Gray migration: Timeline to Graph" (sample-graphs/migration.json) or add one.');
    return m.view();
  }

  private lab(): CausalityLab {
    this.requireLoaded();
    const lab = this.src.causality();
    if (!lab) throw new FeedscopeError('NO_CAUSALITY', 'This scenario has no "causality" section: load "Causal cones across replicas" (sample-graphs/causality.json) or add "causality": {} beside its "clocks".');
    return lab;
  }

  private requireLoaded(): void {
    if (!this.src.loaded()) throw new FeedscopeError('NO_SCENARIO', 'No scenario is loaded: pick one from the scenario list (or load a file) first.');
  }
}
