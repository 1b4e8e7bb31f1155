// A trace's hops (the JSON contract of `podnet trace -o json`) placed on the map: each hop belongs
// to the element whose kernel it ran in. A pod's namespace is named after it (…-NS.NAME, as the lab
// names sandboxes), the outside client's after "outside"; any other hop with a node ran in that
// node's namespace. A hop that says neither is placed by address: a delivery by where it went, any
// other hop by where the packet came from. A DNAT hop also visits the Service its comment names.

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
  const pod = podOf(hop.namespace || '', cy);
  if (pod) {
    ids.push(pod);
    return ids;
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

function podOf(namespace, cy) {
  const hit = cy.nodes('[kind = "pod"]').filter((n) => namespace.endsWith(`-${n.id().slice(4).replace('/', '.')}`));
  return hit.nonempty() ? hit[0].id() : null;
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
