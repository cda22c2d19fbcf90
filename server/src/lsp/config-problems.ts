// Configuration problems as diagnostics on the files they are in (the
// `.codingnotes.json`, a pack), for every configuration an open note uses;
// published only when they change, and cleared when they are gone.

import type { Diagnostic } from 'vscode-languageserver/node';
import type { Workspace } from '../node/workspace';
import { problemDiagnostics } from './workspaces';

export class ConfigProblemPublisher {
  /** What was published, per file URI (its diagnostics as JSON). */
  private readonly published = new Map<string, string>();
  private readonly cache = new WeakMap<Workspace, Map<string, Diagnostic[]>>();

  constructor(
    private readonly configPaths: () => Iterable<string | null>,
    private readonly workspaceOf: (configPath: string) => Workspace | undefined,
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => void,
  ) {}

  publish(): void {
    const wanted = new Map<string, Diagnostic[]>();
    for (const configPath of this.configPaths()) {
      const workspace = configPath ? this.workspaceOf(configPath) : undefined;
      if (!workspace) continue;
      let problems = this.cache.get(workspace);
      if (!problems) this.cache.set(workspace, (problems = problemDiagnostics(workspace)));
      for (const [uri, list] of problems) wanted.set(uri, [...(wanted.get(uri) ?? []), ...list]);
    }
    for (const uri of this.published.keys()) if (!wanted.has(uri)) wanted.set(uri, []);
    for (const [uri, diagnostics] of wanted) {
      const key = JSON.stringify(diagnostics);
      if ((this.published.get(uri) ?? '[]') === key) continue;
      if (diagnostics.length) this.published.set(uri, key);
      else this.published.delete(uri);
      this.send(uri, diagnostics);
    }
  }
}
