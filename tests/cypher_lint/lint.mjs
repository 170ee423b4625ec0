// Lint Cypher statements offline with Neo4j's own Cypher front end.
//
// Why: the embedded store (ArcadeDB) accepts some Cypher that Neo4j 5 rejects
// (`exists(n.prop)`, APOC-free assumptions, ...); this checks every statement against
// the grammar and semantic analysis of Neo4j itself, without a database.
//
// Input (stdin, JSON), either a list of statements or an object with a graph schema:
//   [{"name": "write/merge_parties", "text": "..."}, ...]
//   {"graph": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//              "graphSchema": [{"from": "Party", "to": "Deal", "relType": "IN_DEAL"}]},
//    "queries": [{"name": ..., "text": ...}, ...]}
// Output (stdout, JSON): one entry per input, in input order:
//   [{"name": ..., "statements": 1, "diagnostics": [{"version": "CYPHER 5",
//     "severity": "error", "message": ..., "line": 3, "column": 7}]}]
// `statements` is how many `;`-separated statements Neo4j's lexer finds in the text.
// Every text is checked with Cypher 5 and with Cypher 25 as the default language, and
// the messages of both are reported (the same message twice only once). Functions and
// procedures are Neo4j's built-in ones: the package's mock schema minus `apoc.*` and
// `gds.*` (plugins neither store has), so calling them is an error. Parameters are not
// declared to the linter, so "Parameter $x is not defined." is dropped (the tests check
// parameters against each file's header instead). A `graph` adds warnings for labels,
// relationship types and properties it does not name.
//
// Usage: node lint.mjs < statements.json

import {
  allCypherVersions,
  isNotParamError,
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const PLUGIN_PREFIXES = ['apoc.', 'gds.'];
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** The registry without plugin entries (APOC, GDS): neither is on our stores. */
function withoutPlugins(scoped) {
  const out = {};
  for (const [version, registry] of Object.entries(scoped)) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(
        ([name]) => !PLUGIN_PREFIXES.some((p) => name.startsWith(p)),
      ),
    );
  }
  return out;
}

const FUNCTIONS = withoutPlugins(testData.mockSchema.functions);
const PROCEDURES = withoutPlugins(testData.mockSchema.procedures);

function lintOne(text, graph) {
  const out = [];
  const seen = new Set();
  for (const version of allCypherVersions) {
    const schema = {
      functions: FUNCTIONS,
      procedures: PROCEDURES,
      defaultLanguage: version,
      ...graph,
    };
    const { diagnostics } = lintCypherQuery(text, schema, {
      consoleCommandsEnabled: false,
    });
    for (const d of diagnostics.filter(isNotParamError)) {
      const entry = {
        version,
        severity: SEVERITY[d.severity] ?? String(d.severity),
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
      };
      const key = `${entry.severity}|${entry.message}|${entry.line}|${entry.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const input = JSON.parse(await readStdin());
const queries = Array.isArray(input) ? input : input.queries;
const graph = Array.isArray(input) ? {} : (input.graph ?? {});
const result = queries.map(({ name, text }) => ({
  name,
  statements: parseStatementsStrs(text).length,
  diagnostics: lintOne(text, graph),
}));
process.stdout.write(JSON.stringify(result, null, 1) + '\n');
