// Generated from core/src/wire.cpp (assent::wire::namesModule); do not edit.
// tests/core/wire_test.cpp fails when this file and the wire differ;
// ASSENT_WRITE_WIRE_NAMES=1 on that test rewrites it.

// Every wire method, with the JSON a core that is not there answers.
export const DEAD_ANSWERS = Object.freeze({
  error: "{\"error\":\"core unavailable\",\"problems\":[]}",
  warnings: "[]",
  restore: "null",
  stored: "\"\"",
  storedCurrent: "\"\"",
  needsPrompt: "false",
  promptNeed: "null",
  promptModel: "null",
  choose: "{\"error\":\"core unavailable\",\"problems\":[]}",
  attestTcString: "{\"error\":\"core unavailable\",\"problems\":[]}",
  withdraw: "{\"error\":\"core unavailable\",\"problems\":[]}",
  setGpc: "null",
  answerPlaceholder: "{\"recorded\":false,\"method\":null,\"load\":\"none\"}",
  wantPermission: "{\"recorded\":false,\"method\":null,\"state\":\"unset\",\"next\":\"refused\"}",
  answerPermission: "{\"recorded\":false,\"method\":null,\"state\":\"unset\",\"next\":\"refused\"}",
  permissionStep: "\"refused\"",
  permissionState: "\"unset\"",
  accepted: "false",
  scriptPatterns: "[]",
  useScriptPatterns: "null",
  purposeOfScript: "null",
  record: "null",
  exportRecords: "null",
  erase: "{\"cookies\":[],\"storageKeys\":[]}",
  storageToClear: "{\"cookies\":[],\"storageKeys\":[]}",
  track: "\"unavailable\"",
  ingest: "{\"forwarded\":0,\"held\":0,\"refused\":0,\"dropped\":0,\"unknown\":[]}",
  setClient: "false",
  takeBatch: "null",
  settleBatch: "null",
  pending: "null",
  restorePending: "null",
  visitor: "null",
  restoreVisitor: "null",
  consentMode: "null",
  trackerSettings: "null",
  keyHash: "\"\"",
  held: "0",
  queued: "0",
});

// The methods that may answer an error: what stopped them (nothing was
// done then); from any other, an error answer means a call the wire
// could not read.
export const REFUSING = Object.freeze(["error", "restore", "choose", "attestTcString", "withdraw", "answerPlaceholder", "wantPermission", "answerPermission", "restorePending", "restoreVisitor"]);

export const TrackOutcome = Object.freeze({ Forwarded: "forwarded", Held: "held", Refused: "refused", UnknownEvent: "unknown_event", BadProps: "bad_props" });
export const PermissionStep = Object.freeze({ Use: "use", Platform: "platform", Ask: "ask", Settings: "settings", Refused: "refused", Later: "later", Retry: "retry", Unavailable: "unavailable" });
export const PermissionAsker = Object.freeze({ PrePrompt: "pre_prompt", Platform: "platform" });
export const PermissionAnswer = Object.freeze({ Granted: "granted", Denied: "denied", Dismissed: "dismissed", Failed: "failed", Unavailable: "unavailable" });
export const Decision = Object.freeze({ Unset: "unset", Granted: "granted", Denied: "denied" });
export const PlatformState = Object.freeze({ Unknown: "", Granted: "granted", Denied: "denied", Prompt: "prompt", Unavailable: "unavailable" });
export const PromptKind = Object.freeze({ Banner: "banner", Preferences: "preferences", Permission: "permission", Placeholder: "placeholder" });
export const PlaceholderAction = Object.freeze({ LoadOnce: "load_once", Allow: "allow" });
export const EmbedLoad = Object.freeze({ None: "none", Once: "once", Granted: "granted" });
export const DecisionMethods = Object.freeze(["accept_all", "reject_all", "custom", "withdraw", "api", "gpc", "platform"]);
export const Surfaces = Object.freeze(["banner", "preferences", "permission_prompt", "api", "placeholder"]);
