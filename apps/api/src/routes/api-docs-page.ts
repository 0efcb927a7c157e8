/** A self-contained page (no CDN: Lore runs offline) that renders `/openapi.json` as a browsable reference. */
export const apiDocsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lore API reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
  header, main { max-width: 960px; margin: 0 auto; padding: 0 20px; }
  header { padding-top: 24px; }
  nav a { display: block; font-family: ui-monospace, monospace; font-size: 13px; color: #0b57d0; text-decoration: none; }
  details { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 8px 0; }
  summary { cursor: pointer; padding: 8px 12px; font-family: ui-monospace, monospace; }
  .method { display: inline-block; min-width: 64px; font-weight: 600; text-transform: uppercase; }
  .get { color: #1a7f37; } .post { color: #0b57d0; } .delete { color: #cf222e; } .put, .patch { color: #9a6700; }
  .body { padding: 0 12px 12px; }
  pre { background: #f3f3f3; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12px; }
  table { border-collapse: collapse; font-size: 13px; }
  td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
  input { width: 100%; padding: 6px; font-size: 14px; box-sizing: border-box; }
</style>
</head>
<body>
<header><h1 id="title">Lore API</h1><p id="description"></p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors are <code>{ "error": { "code", "message" } }</code>.</p>
<input id="filter" placeholder="Filter routes, e.g. search or /v1/keys" aria-label="Filter routes"></header>
<main id="routes"></main>
<script>
const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
};
const pretty = (value) => element('pre', {}, JSON.stringify(value, null, 2));
function resolve(spec, schema, depth = 0) {
  if (!schema || depth > 6) return schema;
  if (schema.$ref) return resolve(spec, spec.components.schemas[schema.$ref.split('/').pop()], depth + 1);
  if (Array.isArray(schema)) return schema.map((item) => resolve(spec, item, depth + 1));
  if (typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolve(spec, value, depth + 1)]));
}
function operation(spec, path, method, op) {
  const body = element('div', { class: 'body' });
  if (op.summary || op.description) body.append(element('p', {}, op.summary || op.description));
  if (op.parameters && op.parameters.length) {
    const rows = op.parameters.map((p) =>
      element('tr', {}, element('td', {}, p.name), element('td', {}, p.in), element('td', {}, p.required ? 'required' : ''),
        element('td', {}, (p.schema && (p.schema.type || '')) + (p.description ? ' — ' + p.description : ''))));
    body.append(element('h4', {}, 'Parameters'), element('table', {}, ...rows));
  }
  for (const [type, content] of Object.entries((op.requestBody && op.requestBody.content) || {})) {
    body.append(element('h4', {}, 'Request body (' + type + ')'), pretty(resolve(spec, content.schema)));
  }
  for (const [status, response] of Object.entries(op.responses || {})) {
    body.append(element('h4', {}, status + ' — ' + (response.description || '')));
    for (const [type, content] of Object.entries(response.content || {})) {
      body.append(element('div', {}, type), pretty(resolve(spec, content.schema)));
    }
  }
  const summary = element('summary', {}, element('span', { class: 'method ' + method }, method), ' ' + path);
  return element('details', { 'data-route': (method + ' ' + path).toLowerCase() }, summary, body);
}
fetch('/openapi.json').then((response) => response.json()).then((spec) => {
  document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
  document.getElementById('description').textContent = spec.info.description || '';
  const routes = document.getElementById('routes');
  for (const [path, item] of Object.entries(spec.paths).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, op] of Object.entries(item)) routes.append(operation(spec, path, method, op));
  }
  document.getElementById('filter').addEventListener('input', (event) => {
    const query = event.target.value.toLowerCase();
    for (const node of routes.children) node.hidden = !node.dataset.route.includes(query);
  });
}).catch((error) => {
  document.getElementById('routes').textContent = 'Could not load /openapi.json: ' + error;
});
</script>
</body>
</html>
`;
