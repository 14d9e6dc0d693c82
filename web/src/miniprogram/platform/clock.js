// The time the core is told: the same wall clock as the browser shell.
export { now } from '../../platform/clock.js';
