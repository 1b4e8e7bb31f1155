import cytoscape from 'cytoscape';
import { elements } from './elements.js';
import { path } from './trace.js';
import { style } from './style.js';
import './page.css';

// The live map: the server pushes the whole topology on every change (Server-Sent Events), the map
// keeps each element in place and adds or removes only what changed. Two clicks run a trace.

const cy = cytoscape({ container: document.getElementById('map'), style, layout: { name: 'preset' },
  wheelSensitivity: 0.3, autoungrabify: true, boxSelectionEnabled: false });
const status = document.getElementById('status');
let picked = [];
let steps = [];
let fitted = false;

function show(topology) {
  document.getElementById('cluster').textContent = topology.cluster;
  const wanted = elements(topology);
  const ids = new Set(wanted.map((e) => e.data.id));
  let added = false;
  cy.batch(() => {
    cy.elements().filter((e) => !ids.has(e.id()) && !e.hasClass('hop')).remove();
    for (const e of wanted) {
      const have = cy.getElementById(e.data.id);
      if (have.empty()) {
        cy.add(e);
        added = true;
      } else {
        have.data(e.data);
        if (e.position && !have.isParent()) have.position(e.position);
      }
    }
  });
  // A new object may land outside the view: show the whole map again (the reader's zoom is kept otherwise).
  if (!fitted || added) {
    cy.fit(undefined, 30);
    fitted = true;
  }
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('topology', (m) => {
    status.textContent = 'live';
    status.className = 'status live';
    show(JSON.parse(m.data));
  });
  events.onerror = () => {
    status.textContent = 'reconnecting…';
    status.className = 'status';
  };
}

cy.on('tap', 'node[kind = "pod"], node[kind = "node"], node[kind = "svc"], node[kind = "lb"], node[kind = "outside"]', (evt) => {
  evt.stopPropagation();
  picked.push(evt.target.id());
  evt.target.addClass('picked');
  if (picked.length === 2) {
    const [from, to] = picked;
    picked = [];
    trace(from, to);
  }
});

async function trace(from, to) {
  clearTrace();
  document.getElementById('trace').hidden = false;
  cy.resize(); // the hop table took part of the page: the map's canvas follows
  cy.fit(undefined, 30);
  document.getElementById('trace-title').textContent = `${from} → ${to}`;
  document.getElementById('trace-verdict').textContent = 'tracing…';
  const response = await fetch(`/api/trace?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { method: 'POST' });
  const body = await response.json();
  if (!response.ok) {
    document.getElementById('trace-verdict').textContent = `trace failed: ${body.error}`;
    return body;
  }
  draw(body);
  return body;
}

function clearTrace() {
  cy.remove('.hop');
  cy.elements().removeClass('picked onpath');
  steps = [];
  document.getElementById('hops').replaceChildren();
}

// One step every 400 ms: the packet's path grows on the map as the reader follows the table.
function draw(result) {
  document.getElementById('trace-verdict').textContent = `${result.verdict}: ${result.reason}`;
  document.getElementById('trace-verdict').className = `verdict ${result.verdict}`;
  result.hops.forEach((h) => document.getElementById('hops').append(row(h)));
  steps = path(result, cy);
  steps.forEach((s, i) => setTimeout(() => {
    cy.getElementById(s.id).addClass('onpath');
    if (i > 0) {
      cy.add({ group: 'edges', classes: `hop ${s.hop.direction}`,
        data: { id: `hop/${i}`, source: steps[i - 1].id, target: s.id, label: String(s.hop.n), kind: 'hop' } });
    }
  }, i * 400));
}

function row(h) {
  const tr = document.createElement('tr');
  const nat = (h.srcAfter || h.dstAfter) ? ` → ${h.srcAfter || h.src} > ${h.dstAfter || h.dst}` : '';
  [h.n, `${h.node || ''} ${h.namespace}`, h.kind, h.device, h.decision + (h.comment ? ` (${h.comment})` : ''), `${h.src} > ${h.dst}${nat}`]
    .forEach((v) => {
      const td = document.createElement('td');
      td.textContent = v ?? '';
      tr.append(td);
    });
  tr.className = h.direction;
  return tr;
}

// For the browser test (and the curious, from the console): what the map shows right now.
window.podnetMap = {
  ids: (kind) => cy.nodes(kind ? `[kind = "${kind}"]` : undefined).map((n) => n.id()),
  trace,
  click: (id) => { cy.getElementById(id).emit('tap'); },
  parentOf: (id) => cy.getElementById(id).parent().id(),
  drawn: () => cy.edges('.hop').map((e) => `${e.source().id()}>${e.target().id()}`),
  onPath: () => steps.map((s) => s.id),
};

connect();
