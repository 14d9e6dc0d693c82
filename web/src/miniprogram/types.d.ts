// Shapes the mini-program shell relies on: the module's Core (wasm/core.js),
// the wire's answers (core/src/wire.cpp) as web/src/shell/core-guard.js
// parses them, and the module's factory (wasm/runtime.js) it is bundled with
// (build-miniprogram.mjs resolves 'assent-core-glue' to build/wasm/wasm/assent_core.js).

declare namespace AssentCore {
  /** The module's Core (wasm/core.js): one entry point, the wire. */
  interface Bound {
    call(method: string, argsJson: string): string;
    ingest(packed: string, now: number): Tally;
    takeBatch(now: number): Batch | null;
    delete(): void;
  }

  /** A call the wire refused, or a decision the core could not make. */
  interface WireError {
    error: string;
    problems: { path: string; reason: string }[];
  }

  interface Erasure {
    cookies: string[];
    storageKeys: string[];
  }

  interface Batch {
    id: string;
    body: string;
  }

  interface Tally {
    forwarded: number;
    held: number;
    refused: number;
    dropped: number;
    unknown: string[];
  }

  /** The record the wire's "record" answers: the public API's own type. */
  type ConsentRecord = import('../../types/assent').AssentRecord;

  interface TrackerSettings {
    collectorUrl: string;
    flushIntervalMs: number;
    batchMaxEvents: number;
  }

  type Outcome = 'forwarded' | 'held' | 'refused' | 'unknown_event' | 'bad_props';
  type Step = 'use' | 'platform' | 'ask' | 'settings' | 'refused' | 'later' | 'retry' | 'unavailable';
  type PlatformState = '' | 'granted' | 'denied' | 'prompt' | 'unavailable';
  type Decision = 'unset' | 'granted' | 'denied';

  /** wantPermission / answerPermission: what the core recorded, and what comes next. */
  interface PermissionOutcome {
    recorded: boolean;
    method: 'platform' | 'custom' | null;
    state: Decision;
    next: Step;
  }

  /** promptNeed(): why the banner is (or is not) shown. */
  interface PromptNeed {
    needed: boolean;
    noRecord: boolean;
    newRevision: boolean;
    newPurposes: string[];
    expired: string[];
  }

  /** answerPlaceholder(): what was recorded, and how the embed loads. */
  interface PlaceholderOutcome {
    recorded: boolean;
    method: 'api' | null;
    load: 'none' | 'once' | 'granted';
  }

  /**
   * The core as a shell calls it: plain values in, parsed answers out. Times
   * are ms. After a core fault, pending/visitor and the restores answer null:
   * nothing is known, so nothing stored may be changed.
   */
  interface Core {
    error(): WireError | null;
    warnings(): string[];
    restore(stored: string, now: number): WireError | null;
    stored(): string;
    storedCurrent(): string;
    needsPrompt(now: number): boolean;
    promptNeed(now: number): PromptNeed | null;
    /** subject: a permission's capability, a placeholder's purpose ('' otherwise). */
    promptModel(kind: PromptModel['kind'], languages: string[], now: number, subject: string): PromptModel | null;
    choose(
      action: string,
      choices: Record<string, boolean> | null,
      surface: string,
      language: string,
      now: number,
    ): WireError | null;
    /** On a TCF site (browsers only): the TC string made for the newest record, kept in it as its hash. */
    attestTcString(tcString: string): WireError | null;
    withdraw(purpose: string, surface: string, now: number): WireError | null;
    setGpc(on: boolean, now: number): null;
    wantPermission(capability: string, platformState: PlatformState, language: string, now: number): PermissionOutcome | WireError;
    answerPermission(
      capability: string,
      asker: 'pre_prompt' | 'platform',
      answer: 'granted' | 'denied' | 'dismissed' | 'failed' | 'unavailable',
      platformState: PlatformState,
      language: string,
      now: number,
    ): PermissionOutcome | WireError;
    answerPlaceholder(
      purpose: string,
      action: 'load_once' | 'allow',
      language: string,
      now: number,
    ): PlaceholderOutcome | WireError;
    permissionStep(capability: string, platformState: PlatformState, now: number): Step;
    permissionState(capability: string, now: number): Decision;
    accepted(purpose: string, now: number): boolean;
    /** services[].scripts patterns in matching order, for the shell to make absolute (the browser's script hold). */
    scriptPatterns(): string[];
    /** scriptPatterns made absolute, in the same order, a trailing * kept; '' for one that could not be resolved (it matches nothing). */
    useScriptPatterns(absolute: string[]): null;
    /** services[].scripts: the purpose a script's absolute URL is for, '' for none, null from a dead core or before useScriptPatterns (the browser's script hold). */
    purposeOfScript(url: string): string | null;
    record(): ConsentRecord | null;
    exportRecords(): object | null;
    erase(now: number): Erasure;
    storageToClear(now: number): Erasure;
    track(name: string, propsJson: string, page: string, now: number): Outcome | 'unavailable';
    ingest(packed: string, now: number): Tally;
    setClient(userAgent: string, webdriver: boolean): boolean;
    takeBatch(now: number): Batch | null;
    settleBatch(batchId: string, delivered: boolean): null;
    pending(): string | null;
    restorePending(text: string, now: number): WireError | null;
    visitor(now: number): string | null;
    restoreVisitor(text: string, now: number): WireError | null;
    consentMode(now: number, asDefault: boolean): Record<string, string | number> | null;
    trackerSettings(): TrackerSettings | null;
    /** The SHA-256 hex of the device's secret ('' for ''). */
    keyHash(secret: string): string;
    held(): number;
    queued(): number;
  }

  interface Module {
    Core: new (configJson: string, seed: string) => Bound;
  }

  interface GlueOptions {
    instantiateWasm(
      imports: WXWebAssembly.Imports,
      done: (instance: WXWebAssembly.Instance, module?: WXWebAssembly.Module) => void,
    ): {};
    onAbort?(what: unknown): void;
    /** Where the platform has no TextEncoder and TextDecoder (utf8.js). */
    utf8?: { encodeInto(text: string, bytes: Uint8Array): { written: number }; decode(bytes: Uint8Array): string };
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

  /** promptModel(): banner | preferences | permission | placeholder (see core/include/assent/prompt.hpp). */
  interface PromptModel {
    kind: 'banner' | 'preferences' | 'permission' | 'placeholder';
    language: string;
    title: string;
    body: string;
    links: { label: string; url: string }[];
    /** every kind but permission, whose buttons are per view (views). */
    buttons?: Button[];
    toggles?: Toggle[];
    /** banner: where it sits (box, bar-bottom, bar-top, corner-left, corner-right). */
    layout?: string;
    /** preferences: where the floating settings button sits (bottom-right, bottom-left, top-right, top-left) or off. */
    launcher?: string;
    /** every kind: the config's colour scheme (auto, light, dark). */
    theme?: string;
    /** preferences: the accessible name of its close (×) button. */
    close?: string;
    /** preferences, only with a collector: the visitor's own-data controls, with only the words texts.<lang>.myData gives (the browser's prompt chunk has the defaults for the rest; the mini-program's component draws no such controls). */
    myData?: {
      download: string;
      erase: string;
      confirm: string;
      confirmYes: string;
      cancel: string;
      downloaded: string;
      erased: string;
      failed: string;
    };
    capability?: string;
    purpose?: string;
    state?: string;
    /** permission: the note and buttons of each view a shell shows (ask, settings, blocked, failed; see core/include/assent/prompt.hpp). */
    views?: Record<string, { note: string; buttons: Button[] }>;
  }
}

declare module 'assent-core-glue' {
  const factory: (options: AssentCore.GlueOptions) => Promise<AssentCore.Module>;
  export default factory;
}
