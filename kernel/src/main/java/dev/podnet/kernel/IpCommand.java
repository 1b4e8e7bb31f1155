package dev.podnet.kernel;

/**
 * One typed iproute2 request. A batch of them is applied with one {@code ip -batch} (and one
 * {@code bridge -batch} for FDB entries) per namespace. Deletes treat "not there" as success.
 */
public sealed interface IpCommand {

  enum Tool { IP, BRIDGE }

  /** The line given to {@code ip -batch} / {@code bridge -batch}. */
  String line();

  default Tool tool() {
    return Tool.IP;
  }

  /** True for deletes: absent counts as success. */
  default boolean absentOk() {
    return false;
  }

  /** Human form for errors: {@code add route 10.244.2.0/24 via ...}. */
  default String describe() {
    return line();
  }

  static boolean isAbsentError(String stderr) {
    String s = stderr.toLowerCase(java.util.Locale.ROOT);
    return s.contains("cannot find device") || s.contains("no such process") || s.contains("no such file or directory")
        || s.contains("cannot assign requested address") || s.contains("does not exist") || s.contains("no such device");
  }

  record LinkAdd(LinkSpec spec) implements IpCommand {
    @Override
    public String line() {
      return "link add " + spec.spec();
    }

    @Override
    public String describe() {
      return "add link " + spec.spec();
    }
  }

  record LinkDelete(String name) implements IpCommand {
    @Override
    public String line() {
      return "link del dev " + name;
    }

    @Override
    public boolean absentOk() {
      return true;
    }
  }

  /** Brings a link up. */
  record LinkUp(String name) implements IpCommand {
    @Override
    public String line() {
      return "link set dev " + name + " up";
    }
  }

  record LinkMaster(String name, String master) implements IpCommand {
    @Override
    public String line() {
      return "link set dev " + name + " master " + master;
    }
  }

  /** Sets a link's MAC: lets a writer know the address without reading it back. */
  record LinkAddress(String name, MacAddress mac) implements IpCommand {
    @Override
    public String line() {
      return "link set dev " + name + " address " + mac;
    }
  }

  record LinkMtu(String name, int mtu) implements IpCommand {
    @Override
    public String line() {
      return "link set dev " + name + " mtu " + mtu;
    }
  }

  /** Hairpin on a bridge port: a pod may reach itself through a Service VIP. */
  record BridgePortHairpin(String name, boolean on) implements IpCommand {
    @Override
    public String line() {
      return "link set dev " + name + " type bridge_slave hairpin " + (on ? "on" : "off");
    }
  }

  record AddressReplace(String dev, Cidr address) implements IpCommand {
    @Override
    public String line() {
      return "addr replace " + address + " dev " + dev;
    }
  }

  record AddressDelete(String dev, Cidr address) implements IpCommand {
    @Override
    public String line() {
      return "addr del " + address + " dev " + dev;
    }

    @Override
    public boolean absentOk() {
      return true;
    }
  }

  record RouteReplace(Route route) implements IpCommand {
    @Override
    public String line() {
      return "route replace " + route.spec();
    }

    @Override
    public String describe() {
      return "add route " + route.spec();
    }
  }

  record RouteDelete(Route route) implements IpCommand {
    @Override
    public String line() {
      return "route del " + (route.isDefault() ? "default" : route.dst().toString()) + " dev " + route.dev()
          + " proto " + Route.protocolName(route.protocol());
    }

    @Override
    public boolean absentOk() {
      return true;
    }
  }

  record NeighborReplace(Neighbor neighbor) implements IpCommand {
    @Override
    public String line() {
      return "neigh replace " + neighbor.spec();
    }
  }

  record NeighborDelete(Neighbor neighbor) implements IpCommand {
    @Override
    public String line() {
      return "neigh del " + neighbor.address().getHostAddress() + " dev " + neighbor.dev();
    }

    @Override
    public boolean absentOk() {
      return true;
    }
  }

  record FdbReplace(FdbEntry entry) implements IpCommand {
    @Override
    public String line() {
      return "fdb replace " + entry.spec();
    }

    @Override
    public Tool tool() {
      return Tool.BRIDGE;
    }
  }

  record FdbDelete(FdbEntry entry) implements IpCommand {
    @Override
    public String line() {
      return "fdb del " + entry.mac() + " dev " + entry.dev() + " dst " + entry.dst().getHostAddress() + " self";
    }

    @Override
    public Tool tool() {
      return Tool.BRIDGE;
    }

    @Override
    public boolean absentOk() {
      return true;
    }
  }
}
