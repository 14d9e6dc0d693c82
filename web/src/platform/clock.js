// The time the core is told: wall-clock milliseconds since the epoch.
export function now() {
  return Date.now();
}
