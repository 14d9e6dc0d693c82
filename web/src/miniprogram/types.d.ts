// Shapes the mini-program shell relies on: the Embind Core (wasm/bindings.cpp)
// and the Emscripten glue it is bundled with (build-miniprogram.mjs resolves
// 'assent-core-glue' to build/wasm/wasm/assent_core.js).

declare namespace AssentCore {
  /** The bound C++ class; every answer about consent comes from here. Times are ms. */
  interface Bound {
    error(): string;
    warnings(): string;
    restore(stored: string, now: number): string;
    stored(): string;
    storedCurrent(): string;
    needsPrompt(now: number): boolean;
    promptModel(kind: string, languages: string, now: number, capability: string): string;
    choose(action: string, choices: string, surface: string, language: string, now: number): string;
    withdraw(purpose: string, surface: string, now: number): string;
    decidePermission(capability: string, result: string, method: string, language: string, now: number): string;
    permissionStep(capability: string, platformState: string, now: number): string;
    permissionState(capability: string, now: number): string;
    accepted(purpose: string, now: number): boolean;
    recordJson(): string;
    exportRecords(): string;
    erase(nowMs: number): string;
    storageToClear(now: number): string;
    track(name: string, props: string, page: string, now: number): number;
    takeBatch(now: number): string;
    settleBatch(batchId: string, delivered: boolean): void;
    pending(): string;
    restorePending(text: string, now: number): string;
    visitor(now: number): string;
    restoreVisitor(text: string, now: number): string;
    trackerSettings(): string;
    held(): number;
    queued(): number;
    delete(): void;
  }

  /**
   * The methods a shell calls (Bound without its lifetime management). After a
   * core fault, pending/visitor and the restores answer null: nothing is known,
   * so nothing stored may be changed.
   */
  type Core = Omit<Bound, 'delete' | 'error' | 'warnings' | 'pending' | 'visitor' | 'restorePending' | 'restoreVisitor'> & {
    pending(): string | null;
    restorePending(text: string, now: number): string | null;
    visitor(now: number): string | null;
    restoreVisitor(text: string, now: number): string | null;
  };

  interface Module {
    Core: new (configJson: string, seed: string) => Bound;
  }

  interface GlueOptions {
    instantiateWasm(
      imports: WXWebAssembly.Imports,
      done: (instance: WXWebAssembly.Instance, module?: WXWebAssembly.Module) => void,
    ): {};
    locateFile?(path: string, prefix: string): string;
    print?(text: string): void;
    printErr?(text: string): void;
    onAbort?(what: unknown): void;
  }

  /** A button of the core's prompt model. */
  interface Button {
    action: string;
    label: string;
    level: string;
  }

  interface Toggle {
    purpose: string;
    label: string;
    description: string;
    checked: boolean;
    locked: boolean;
    sensitive: boolean;
  }

  /** promptModel(): banner | preferences | permission (see core/include/assent/prompt.hpp). */
  interface PromptModel {
    kind: 'banner' | 'preferences' | 'permission';
    language: string;
    title: string;
    body: string;
    links: { label: string; url: string }[];
    buttons: Button[];
    toggles?: Toggle[];
    capability?: string;
    purpose?: string;
    state?: string;
    next?: string;
    blocked?: string;
  }
}

declare module 'assent-core-glue' {
  const factory: (options: AssentCore.GlueOptions) => Promise<AssentCore.Module>;
  export default factory;
}
