package dev.podnet.daemon;

import dev.podnet.api.Resources;
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
 * L2 announcement reaches the outside client) and L2Advertisement {@code default} for it. Created
 * when missing and otherwise left alone, so users may edit or replace them as with MetalLB.
 */
final class MetalLbDefaults {
  static final String NAMESPACE = "metallb-system";
  static final String POOL = "default";
  static final String RANGE = "172.18.255.200-172.18.255.250";
  private static final Logger log = LoggerFactory.getLogger(MetalLbDefaults.class);

  private MetalLbDefaults() {}

  static void ensure(Store store) {
    createIfMissing(store, new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().withNewSpec().withFinalizers("kubernetes")
        .endSpec().withNewStatus().withPhase("Active").endStatus().build());
    createIfMissing(store, pool());
    createIfMissing(store, advertisement());
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
