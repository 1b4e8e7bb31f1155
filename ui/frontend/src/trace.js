// A trace's hops (the JSON contract of `podnet trace -o json`) placed on the map: each hop belongs
// to the element whose kernel it ran in. Hops in a node's namespace name the node; hops in a pod's
// or the outside client's namespace are found by address: a delivery by where it went, any other
// hop by where the packet came from. A DNAT hop also visits the Service its rule comment names.

export function path(trace, cy) {
  const steps = [];
  for (const hop of trace.hops) {
    for (const id of owners(hop, cy)) {
      if (steps.length === 0 || steps[steps.length - 1].id !== id) {
        steps.push({ id, hop });
      }
    }
  }
  return steps;
}

function owners(hop, cy) {
  const ids = [];
  const service = hop.kind === 'dnat' && hop.comment ? serviceOf(hop.comment) : null;
  if (service && cy.getElementById(service).nonempty()) {
    ids.push(service);
  }
  if (hop.node && cy.getElementById(`node/${hop.node}`).nonempty()) {
    ids.push(`node/${hop.node}`);
    return ids;
  }
  if (/outside/.test(hop.namespace || '') && cy.getElementById('outside').nonempty()) {
    ids.push('outside');
    return ids;
  }
  const address = hop.kind === 'deliver' ? hop.dstAfter || hop.dst : hop.src;
  const owner = byAddress(host(address), cy);
  if (owner) {
    ids.push(owner);
  }
  return ids;
}

function serviceOf(comment) {
  const m = /^([^/\s]+)\/([^:\s]+)/.exec(comment);
  return m ? `svc/${m[1]}/${m[2]}` : null;
}

function host(address) {
  if (!address) return '';
  const i = address.lastIndexOf(':');
  return i > 0 && address.indexOf(':') === i ? address.slice(0, i) : address;
}

function byAddress(ip, cy) {
  if (!ip) return null;
  const hit = cy.nodes().filter((n) => n.data('ip') === ip && n.data('kind') === 'pod');
  if (hit.nonempty()) return hit[0].id();
  const other = cy.nodes().filter((n) => n.data('ip') === ip);
  return other.nonempty() ? other[0].id() : null;
}
