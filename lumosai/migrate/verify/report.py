"""The verify report as self-contained HTML (jinja2, autoescaped: app strings are untrusted)."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, select_autoescape

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>lumos-migrate verify: {{ r.source }}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} .ok{color:#176f2c} .bad{color:#b3261e}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4} pre{margin:0;white-space:pre-wrap;word-break:break-word;max-height:18em;overflow:auto}
.cat{font-weight:600;white-space:nowrap} details{margin:.3em 0 1em}
</style></head><body>
<h1>lumos-migrate verify</h1>
<p>Mastra app <code>{{ r.source }}</code> vs Lumos app <code>{{ r.output }}</code>;
scenarios: {{ r.scenario_source }}; {{ r.seconds }} s.</p>
{% if r.error %}<p class="bad">The tool could not run: <pre>{{ r.error }}</pre></p>{% endif %}
<p class="{{ 'ok' if r.equivalent else 'bad' }}"><strong>
{{ r.summary.equivalent }} of {{ r.summary.scenarios }} scenario(s) equivalent.</strong>
{% for cat, n in r.summary.differences.items() %} {{ cat }}: {{ n }};{% endfor %}</p>
<table><tr><th>scenario</th><th>kind</th><th>target</th><th>result</th><th>categories</th></tr>
{% for s in r.scenarios %}<tr><td><a href="#s{{ loop.index }}">{{ s.name }}</a></td><td>{{ s.kind }}</td>
<td>{{ s.target }}</td><td class="{{ 'ok' if s.equivalent else 'bad' }}">{{ 'equivalent' if s.equivalent else 'differs' }}</td>
<td>{{ s.categories|join(', ') }}</td></tr>{% endfor %}</table>
{% for s in r.scenarios %}
<h2 id="s{{ loop.index }}">{{ s.name }} <small class="{{ 'ok' if s.equivalent else 'bad' }}">{{ 'equivalent' if s.equivalent else 'differs' }}</small></h2>
{% if s.note %}<p>{{ s.note }}</p>{% endif %}
{% if s.differences %}<table><tr><th>category</th><th>where</th><th>Mastra</th><th>Lumos</th><th>why it matters</th></tr>
{% for d in s.differences %}<tr><td class="cat">{{ d.category }}</td><td>{{ d.where }}</td>
<td><pre>{{ d.mastra|pretty }}</pre></td><td><pre>{{ d.lumos|pretty }}</pre></td><td>{{ d.message }}</td></tr>{% endfor %}
</table>{% endif %}
<details><summary>What each side did</summary><table><tr><th>Mastra</th><th>Lumos</th></tr>
<tr><td><pre>{{ s.mastra|pretty }}</pre></td><td><pre>{{ s.lumos|pretty }}</pre></td></tr></table></details>
<details><summary>Model requests (normalised)</summary>
{% for label, reqs in s.requests.items() %}<h4>{{ label }} ({{ reqs|length }})</h4><pre>{{ reqs|pretty }}</pre>{% endfor %}
</details>
{% endfor %}
</body></html>
"""


def _pretty(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def render_html(data: dict[str, Any]) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["pretty"] = _pretty
    return env.from_string(TEMPLATE).render(r=data)
