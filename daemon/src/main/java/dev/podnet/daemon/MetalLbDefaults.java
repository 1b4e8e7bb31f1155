package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpAdvertisementSpec;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.BgpPeerSpec;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.L2Advertisement;
import dev.podnet.api.metallb.L2AdvertisementSpec;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a MetalLB install plus the quick-start manifests leave in a cluster: namespace
 * {@code metallb-system}, pool {@code default} (172.18.255.200-172.18.255.250, on the node LAN so
 * L2 announcement reaches the outside client) and L2Advertisement {@code default} for it; with the
 * lab's edge router, BGPPeer {@code edge} (AS 64512 to its 64500, a short hold time so a failed
 * node's paths go within seconds), pool {@code bgp} (10.250.0.0/24, off the LAN so only the
 * router's routes reach it; .0 and .255 skipped; not auto-assigned: a Service asks with {@code metallb.io/address-pool: bgp})
 * and BGPAdvertisement {@code bgp}. Created when missing and otherwise left alone, so users may
 * edit or replace them as with MetalLB.
 */
final class MetalLbDefaults {
  static final String NAMESPACE = "metallb-system";
  static final String POOL = "default";
  static final String RANGE = "172.18.255.200-172.18.255.250";
  static final String BGP_POOL = "bgp";
  static final String BGP_RANGE = "10.250.0.0/24";
  static final String EDGE_PEER = "edge";
  /** The nodes' AS towards the edge router: MetalLB's documented default for its side. */
  static final long NODES_ASN = 64512;
  private static final Logger log = LoggerFactory.getLogger(MetalLbDefaults.class);

  private MetalLbDefaults() {}

  static void ensure(Store store) {
    createIfMissing(store, new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().withNewSpec().withFinalizers("kubernetes")
        .endSpec().withNewStatus().withPhase("Active").endStatus().build());
    createIfMissing(store, pool());
    createIfMissing(store, advertisement());
  }

  static void ensureBgp(Store store, java.net.InetAddress edge) {
    createIfMissing(store, new IpAddressPool(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(BGP_POOL).build(),
        new IpAddressPoolSpec(List.of(BGP_RANGE), false, true, null)));
    createIfMissing(store, new BgpAdvertisement(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(BGP_POOL).build(),
        BgpAdvertisementSpec.ofPools(List.of(BGP_POOL))));
    createIfMissing(store, new BgpPeer(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(EDGE_PEER).build(),
        BgpPeerSpec.of(NODES_ASN, dev.podnet.lab.Edge.ASN, edge.getHostAddress()).withHoldTime("6s", "2s").withConnectTime("2s")));
  }

  static IpAddressPool pool() {
    return new IpAddressPool(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(POOL).build(),
        new IpAddressPoolSpec(List.of(RANGE), null, null, null));
  }

  static L2Advertisement advertisement() {
    return new L2Advertisement(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(POOL).build(),
        new L2AdvertisementSpec(List.of(POOL), List.of(), List.of(), List.of()));
  }

  private static void createIfMissing(Store store, HasMetadata object) {
    if (store.find(Resources.of(object), NAMESPACE.equals(object.getMetadata().getName()) ? "" : NAMESPACE, object.getMetadata().getName())
        .isPresent()) {
      return;
    }
    try {
      store.create(object);
      log.info("{}={}/{} created", object.getKind().toLowerCase(java.util.Locale.ROOT), NAMESPACE, object.getMetadata().getName());
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
    }
  }
}
