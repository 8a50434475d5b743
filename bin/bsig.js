#!/usr/bin/env node
"use strict";
// The `bsig` command line. The library is compiled to dist/ by `npm run build`.
require("../dist/cli/main").main();
