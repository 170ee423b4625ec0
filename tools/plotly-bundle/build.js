/* Build app/assets/vendor/plotly/plotly-dealnet.min.js: plotly.js's core (scatter included)
 * and the trace types in traces.json, nothing else. See README.md for why and when. */
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const traces = JSON.parse(fs.readFileSync(path.join(__dirname, 'traces.json'), 'utf8'));
const version = require('plotly.js/package.json').version;
const entry = [
    "'use strict';",
    "var Plotly = require('plotly.js/lib/core');",
    'Plotly.register([' + traces.map((name) => `require('plotly.js/lib/${name}')`).join(', ') + ']);',
    'module.exports = Plotly;',
].join('\n');
const out = path.join(__dirname, '..', '..', 'app', 'assets', 'vendor', 'plotly', 'plotly-dealnet.min.js');

esbuild
    .build({
        stdin: {contents: entry, resolveDir: __dirname, sourcefile: 'plotly-dealnet.js'},
        outfile: out,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        target: 'es2016',
        legalComments: 'eof',
        banner: {js: `/*! plotly.js ${version} (MIT, Plotly Technologies Inc.), partial bundle for dealnet: core + ${traces.join(', ')} */`},
        // as plotly.js's own esbuild-config.js
        alias: {stream: 'stream-browserify'},
        // only the map traces (choroplethmap, scattermap...) use maplibre; its style sheet is
        // required in the core nonetheless: keep it out (no map trace is registered)
        loader: {'.css': 'empty'},
        define: {global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false'},
    })
    .then(() => console.log(`wrote ${out} (plotly.js ${version}: core + ${traces.join(', ')})`))
    .catch((error) => {
        console.error(error);
        process.exit(1);
    });
