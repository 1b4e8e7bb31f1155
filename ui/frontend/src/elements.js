// The map's elements from one topology snapshot (the JSON of `podnet get topology -o json`), placed
// by a fixed layout: Services on top, nodes in a row with their pods inside, the node LAN below
// with the outside client on it. A fixed layout keeps every object where it was when a watch
// adds one more, so the map does not jump under the reader's eyes.

const POD_W = 150, POD_H = 56, PODS_PER_ROW = 3, NODE_GAP = 80, SVC_W = 190, CHAR_W = 6.4;

export function elements(topology) {
  const out = [];
  let x = 0;
  const nodeX = new Map();
  for (const node of topology.nodes) {
    const pods = topology.pods.filter((p) => p.node === node.name);
    const cols = Math.max(1, Math.min(PODS_PER_ROW, pods.length));
    const colW = Math.max(POD_W, ...pods.map((p) => labelWidth(`${p.namespace}/${p.name}`) + 24));
    out.push({ data: { id: `node/${node.name}`, kind: 'node', ip: node.internalIP, label: nodeLabel(node), ready: node.ready } });
    pods.forEach((p, i) => out.push({
      data: { id: `pod/${p.namespace}/${p.name}`, parent: `node/${node.name}`, kind: 'pod', ip: p.ip,
        label: `${p.namespace}/${p.name}\n${p.ip || 'no IP yet'}`, ready: p.ready },
      position: { x: x + (i % cols) * colW, y: 320 + Math.floor(i / cols) * POD_H },
    }));
    if (pods.length === 0) {
      out[out.length - 1].position = { x, y: 320 };
    }
    nodeX.set(node.name, x + ((cols - 1) * colW) / 2);
    x += cols * colW + NODE_GAP;
  }
  const width = Math.max(x - NODE_GAP, SVC_W);
  out.push({ data: { id: 'lan', kind: 'lan', label: 'node LAN' }, position: { x: width / 2 - POD_W / 2, y: 620 } });
  for (const node of topology.nodes) {
    out.push({ data: { id: `wire/${node.name}`, source: `node/${node.name}`, target: 'lan', kind: 'wire', label: node.internalIP || '' } });
  }
  if (topology.outside) {
    out.push({ data: { id: 'outside', kind: 'outside', ip: topology.outside.address, label: `outside\n${topology.outside.address || ''}` },
      position: { x: -POD_W * 1.5, y: 620 } });
    out.push({ data: { id: 'wire/outside', source: 'outside', target: 'lan', kind: 'wire', label: '' } });
  }
  servicesRow(topology, width, nodeX, out);
  return out;
}

function servicesRow(topology, width, nodeX, out) {
  const count = topology.services.length;
  const step = count > 1 ? Math.max(SVC_W + 20, width / (count - 1)) : 0;
  topology.services.forEach((s, i) => {
    const id = `svc/${s.namespace}/${s.name}`;
    const x = count > 1 ? i * step - POD_W / 2 : width / 2 - POD_W / 2;
    out.push({ data: { id, kind: 'svc', ip: s.clusterIP, label: serviceLabel(s) }, position: { x, y: 80 + (i % 2) * 70 } });
    for (const e of s.endpoints) {
      if (e.pod) {
        out.push({ data: { id: `ep/${s.namespace}/${s.name}/${e.ip}`, source: id, target: `pod/${e.pod}`, kind: 'endpoint',
          ready: e.ready, label: '' } });
      }
    }
    s.loadBalancerIPs.forEach((ip, j) => {
      const lb = `lb/${ip}`;
      out.push({ data: { id: lb, kind: 'lb', ip, label: `LB ${ip}` }, position: { x: x + j * 120, y: -60 } });
      out.push({ data: { id: `lbsvc/${ip}`, source: lb, target: id, kind: 'lbsvc', label: '' } });
      if (s.announcer && nodeX.has(s.announcer)) {
        out.push({ data: { id: `announce/${ip}`, source: lb, target: `node/${s.announcer}`, kind: 'announce', label: 'ARP' } });
      }
    });
  });
}

// The width cytoscape will give a label in the map's 11 px font: pods are placed a label apart, never on top of each other.
function labelWidth(text) {
  return text.length * CHAR_W;
}

function nodeLabel(n) {
  return `${n.name}  ${n.internalIP || ''}  pods ${n.podCIDR || '-'}${n.ready ? '' : '  NotReady'}`;
}

function serviceLabel(s) {
  const ports = s.ports.map((p) => `${p.port}/${p.protocol}${p.nodePort ? ':' + p.nodePort : ''}`).join(' ');
  return `svc ${s.namespace}/${s.name}\n${s.type} ${s.clusterIP || ''}\n${ports}`;
}
