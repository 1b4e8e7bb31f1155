package dev.podnet.daemon.api;

/** The ports Services may open on every node (kube-apiserver's --service-node-port-range), inclusive. */
record NodePortRange(int min, int max) {
  static final NodePortRange DEFAULT = new NodePortRange(30000, 32767);

  boolean contains(int port) {
    return port >= min && port <= max;
  }

  int size() {
    return max - min + 1;
  }

  @Override
  public String toString() {
    return min + "-" + max;
  }
}
