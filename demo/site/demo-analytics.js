// A stand-in for a third-party analytics script. The page marks it
// <script type="text/plain" data-assent-purpose="analytics">, so it only runs
// once the person granted analytics.
(function () {
  'use strict';
  window.demoAnalyticsRuns = (window.demoAnalyticsRuns || 0) + 1;
  var state = document.getElementById('analytics-state');
  if (state) state.textContent = 'running (started after your consent)';
})();
