// Types of Assent's public API: window.Assent (assent.js) and the default
// export of assent.mjs. Hand-written; tests/e2e/types.test.cjs compiles a
// usage file against them and checks that every member exists at run time.

/** What `Assent.ready` resolves with: it never rejects. */
export type AssentReadyState = { ok: true } | { ok: false; error: string };

/** How a decision was given. Kept equal to the wire's names by tests/schema/api-types.test.cjs. */
export type AssentMethod = 'accept_all' | 'reject_all' | 'custom' | 'withdraw' | 'api' | 'gpc' | 'platform';
/** Where a decision was given. Kept equal to the wire's names by tests/schema/api-types.test.cjs. */
export type AssentSurface = 'banner' | 'preferences' | 'permission_prompt' | 'api' | 'placeholder';
/** The prompts the core models. Kept equal to the wire's names by tests/schema/api-types.test.cjs. */
export type AssentPromptKind = 'banner' | 'preferences' | 'permission' | 'placeholder';

/** The newest consent record, as the core reports it. */
export interface AssentRecord {
  consentId: string;
  recordId: string;
  revision: number;
  createdMs: number;
  updatedMs: number;
  method: AssentMethod;
  surface: AssentSurface;
  language: string;
  textsHash: string;
  /** purpose id -> granted */
  purposes: Record<string, boolean>;
  /** capability -> granted */
  permissions: Record<string, boolean>;
  /** On a TCF site: the person's own vendor and special-feature choices. */
  tcf?: AssentTcfChoice;
}

/** GVL ids: vendors given consent, vendors whose legitimate interest was not objected to, special features opted in to. */
export interface AssentTcfChoice {
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  specialFeatureOptIns: number[];
  /** SHA-256 (hex) of the TC string made for this record, once the TCF module attested it. */
  tcStringHash?: string;
}

export interface AssentGrant {
  granted: boolean;
  /** ms since the epoch; 0: never lapses */
  expiresMs: number;
}

/** Everything recorded about this browser's consent id (C13). */
export interface AssentExport {
  siteId: string;
  consentId: string;
  records: Array<{
    consentId: string;
    recordId: string;
    revision: number;
    createdMs: number;
    updatedMs: number;
    method: AssentMethod;
    surface: AssentSurface;
    language: string;
    textsHash: string;
    purposes: Record<string, AssentGrant>;
    services: Record<string, boolean>;
    permissions: Record<string, AssentGrant>;
    tcf?: AssentTcfChoice;
  }>;
}

/** What Assent.exportMyData() resolves with. */
export interface AssentMyData {
  records: AssentExport | null;
  receipts: Array<AssentExport['records'][number] & {
    receivedMs: number;
    configRevision: number;
    consent: string;
    /** The words textsHash names (sha256(canonical) starts with it); null if the server never ran with them. */
    texts: { language: string; revision: number; firstKeptMs: number; canonical: string; words: Record<string, unknown> } | null;
    chain: { site: string; seq: number; contentHash: string; prevHash: string; linkHash: string };
  }>;
  events: Array<{ id: string; name: string; purpose: string; ts: number; page: string; props: Record<string, string>; receivedMs: number }>;
}

export type AssentTrackOutcome =
  | 'forwarded'
  | 'held'
  | 'refused'
  | 'unknown_event'
  | 'bad_props'
  | 'pending'
  | 'unavailable';

/** Flat event properties: strings, numbers and booleans only. */
export type AssentProps = Record<string, string | number | boolean>;

export type AssentCapability = 'geolocation' | 'notifications' | 'camera' | 'microphone';

/**
 * How a permission request ended. granted / denied: the browser's answer or
 * the person's refusal of the pre-prompt (recorded by the core); blocked: the
 * browser refuses already and the person was told how to change it;
 * dismissed: closed without a decision (nothing recorded); unavailable: this
 * browser cannot do it.
 */
export type AssentPermissionState = 'granted' | 'denied' | 'blocked' | 'dismissed' | 'unavailable';

export interface AssentPermissionValues {
  geolocation: GeolocationPosition;
  notifications: never;
  camera: MediaStream;
  microphone: MediaStream;
}

export interface AssentPermissionResult<C extends AssentCapability = AssentCapability> {
  capability: C;
  state: AssentPermissionState;
  /** What the browser API gave on a grant: a position or a media stream. */
  value?: AssentPermissionValues[C];
}

export interface AssentPermissionOptions {
  geolocation: PositionOptions;
  notifications: never;
  camera: MediaStreamConstraints;
  microphone: MediaStreamConstraints;
}

export interface AssentPromptEvent {
  kind: Exclude<AssentPromptKind, 'placeholder'>;
  language: string;
  /** for kind "permission" */
  capability?: string;
}

export interface AssentPermissionEvent {
  capability: string;
  state: 'granted' | 'denied';
  /** platform: the browser's answer; custom: the person declined the pre-prompt */
  method: 'platform' | 'custom';
}

export interface AssentEventMap {
  ready: AssentReadyState;
  /** null after an erasure */
  change: AssentRecord | null;
  prompt: AssentPromptEvent;
  permission: AssentPermissionEvent;
}

export interface AssentApi {
  readonly version: string;
  /** Always resolves, never rejects. */
  readonly ready: Promise<AssentReadyState>;
  /** The core's answer now; false before `ready` or when unavailable. */
  accepted(purpose: string): boolean;
  /** The current record, or null before any choice. */
  record(): AssentRecord | null;
  /** The core asks for a choice now (no record, a new revision, a new or lapsed purpose): the banner is up or on its way. False before `ready` or when unavailable. */
  needsPrompt(): boolean;
  /** Records accept all (surface "api"); rejects with the core's message if refused. */
  acceptAll(): Promise<AssentRecord>;
  /** Records reject all (surface "api"). */
  rejectAll(): Promise<AssentRecord>;
  /** A granular decision: `{ analytics: true, marketing: false }`. */
  set(choices: Record<string, boolean>): Promise<AssentRecord>;
  /** Withdraws one purpose, or everything (permissions too) without one. */
  withdraw(purpose?: string): Promise<AssentRecord>;
  /** Shows the first layer (banner). */
  show(): Promise<void>;
  /** Opens the preferences dialog. */
  showPreferences(): Promise<void>;
  /** The core's pre-prompt, then the browser's own request if the person agrees. */
  request<C extends AssentCapability>(capability: C, options?: AssentPermissionOptions[C]): Promise<AssentPermissionResult<C>>;
  /** Hands an event to the core; returns what it did with it. */
  track(name: string, props?: AssentProps): AssentTrackOutcome;
  /** Everything recorded about this consent id, or null before `ready`. */
  exportRecords(): AssentExport | null;
  /** Forgets every record and deletes the services' cookies and keys. */
  erase(): Promise<void>;
  /**
   * Everything kept about this consent id (C13): the device's records and
   * the collector's receipts (with their proof-chain links) and events. The
   * collector answers only this device (its secret, kept on the device) or
   * an operator. Rejects when no collector is configured, nothing is
   * recorded, or the collector refuses.
   */
  exportMyData(): Promise<AssentMyData>;
  /** The collector erases what it keeps, then the device forgets everything (C14). */
  eraseMyData(): Promise<{ erasedEvents: number; erasedReceipts: number }>;
  /** Returns an unsubscribe function. */
  on<K extends keyof AssentEventMap>(type: K, fn: (detail: AssentEventMap[K]) => void): () => void;
  off<K extends keyof AssentEventMap>(type: K, fn: (detail: AssentEventMap[K]) => void): void;
}

declare const Assent: AssentApi;
export default Assent;
export { Assent };

declare global {
  interface Window {
    /** Set by the script-tag build (assent.js). */
    Assent?: AssentApi;
    /** Google Consent Mode commands, pushed as gtag would. */
    dataLayer?: unknown[];
  }
}
