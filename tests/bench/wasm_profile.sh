#!/usr/bin/env bash
# Links the main module again with its function names (wasm/CMakeLists.txt's
# assent_wasm_profile: not built by .ci/build, never shipped; only the link
# runs, on the objects .ci/build left in build/wasm) and prints where its
# code bytes go (tests/bench/wasm_profile.cjs). Needs the WASM build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f build/wasm/CMakeCache.txt ]; then
  echo "  needs the WASM build (bash .ci/build)"
  exit 0
fi
# Debian's emscripten runs node tools that need Debian's node modules (TOOLCHAIN.md).
NODE_PATH=/usr/share/nodejs cmake --build build/wasm -j2 --target assent_wasm_profile >/dev/null
node tests/bench/wasm_profile.cjs "$@"
