package dev.podnet.bgp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Route reflection (RFC 4456): the attributes a reflector adds, and the loop check they allow.
 * They travel as raw attributes; the cluster id is the reflector's router id unless configured
 * (redundant reflectors of one cluster share an id, as Calico's routeReflectorClusterID).
 */
final class Reflection {
  private Reflection() {}

  /** RFC 4456 8: a path that names this speaker as originator or this cluster in its list came round. */
  static boolean loops(PathAttributes a, Inet4Address self, Inet4Address cluster) {
    byte[] id = self.getAddress();
    for (RawAttribute r : a.other()) {
      if (r.type() == Attr.ORIGINATOR_ID && Arrays.equals(r.value(), id)) {
        return true;
      }
      if (r.type() == Attr.CLUSTER_LIST && contains(r.value(), cluster.getAddress())) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] list, byte[] id) {
    for (int i = 0; i + 4 <= list.length; i += 4) {
      if (Arrays.equals(list, i, i + 4, id, 0, 4)) {
        return true;
      }
    }
    return false;
  }

  /** The path as reflected: ORIGINATOR_ID set once (to the path's first iBGP speaker), this cluster prepended. */
  static PathAttributes reflect(PathAttributes a, PathSource source, Inet4Address cluster) {
    List<RawAttribute> out = new ArrayList<>();
    byte[] clusters = cluster.getAddress();
    boolean hasOriginator = false;
    for (RawAttribute r : a.other()) {
      if (r.type() == Attr.CLUSTER_LIST) {
        byte[] v = r.value();
        clusters = new byte[4 + v.length];
        System.arraycopy(cluster.getAddress(), 0, clusters, 0, 4);
        System.arraycopy(v, 0, clusters, 4, v.length);
      } else {
        hasOriginator |= r.type() == Attr.ORIGINATOR_ID;
        out.add(r);
      }
    }
    if (!hasOriginator) {
      out.add(new RawAttribute(Attr.OPTIONAL, Attr.ORIGINATOR_ID, source.routerId().getAddress()));
    }
    out.add(new RawAttribute(Attr.OPTIONAL, Attr.CLUSTER_LIST, clusters));
    return a.withOther(out);
  }

  /** RFC 4456 8: ORIGINATOR_ID and CLUSTER_LIST never leave the AS. */
  static PathAttributes strip(PathAttributes a) {
    return a.withOther(a.other().stream().filter(r -> r.type() != Attr.ORIGINATOR_ID && r.type() != Attr.CLUSTER_LIST).toList());
  }
}
